"""Print the forecast's calibration table (docs/INSIGHTS.md) as markdown.

    .venv/bin/python bench/calibration.py
    .venv/bin/python bench/calibration.py --users 100000 --seed 7

Simulates users whose true yes rates come from the forecast's uniform prior,
each with a history of 0..30 decided asks drawn from that rate, and reports,
for K more yeses and each confidence, the share of users who reached K yeses
within the forecast number of asks. The simulation is the one
tests/insights/test_calibration.py checks, with the same defaults.
"""

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.insights.test_calibration import (  # noqa: E402
    HISTORY,
    SEED,
    USERS,
    markdown_table,
    simulate,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--history", type=int, default=HISTORY, help="most past decided asks")
    args = parser.parse_args()
    started = time.perf_counter()
    cells = simulate(args.users, args.seed, args.history)
    seconds = time.perf_counter() - started
    print(f"Seed {args.seed}, {args.users:,} users, histories of 0..{args.history} decided asks.\n")
    print(markdown_table(cells, args.users))
    print(f"\n({seconds:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
