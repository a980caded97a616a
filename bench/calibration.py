"""Print the forecast's calibration tables (docs/INSIGHTS.md) as markdown.

    .venv/bin/python bench/calibration.py
    .venv/bin/python bench/calibration.py --users 100000 --seed 7

Simulates users whose true yes rates come from the forecast's uniform prior and
reports, for K more yeses and each confidence, the share of users who reached K
yeses within the forecast number of asks. Two populations: first users with no
history, forecast from the prior (the calibration check), then users with a
history of 0..30 decided asks drawn from their rate, forecast from it. The
simulations are the ones tests/insights/test_calibration.py checks, with the
same defaults.
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
    parser.add_argument(
        "--history", type=int, default=HISTORY, help="most past decided asks, second table"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    prior = simulate(args.users, args.seed, 0)
    history = simulate(args.users, args.seed, args.history)
    seconds = time.perf_counter() - started
    print(f"Seed {args.seed}, {args.users:,} users.\n")
    print("No history: rates drawn from the prior, forecast from the prior.\n")
    print(markdown_table(prior, args.users))
    print(f"\nHistories of 0..{args.history} decided asks, forecast from the history.\n")
    print(markdown_table(history, args.users))
    print(f"\n({seconds:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
