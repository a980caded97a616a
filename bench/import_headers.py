"""Time reading an import file's header: the widest one read, and the wide ones refused.

    .venv/bin/python bench/import_headers.py
    .venv/bin/python bench/import_headers.py --runs 50

In-process, no database: parse() of a file with one ask under headers of
- 200 columns, the most the import reads: every name repeated ("Notes" 198
  times, each given a number of its own) and every name distinct; then the
  same table's guess_mapping() and check_mapping(), which look every column up;
- more than 200 columns, refused: 10,000 equal names, 100,000 distinct names,
  and a header line of commas filling the 5 MB a file may have.
Each figure is the median and the fastest of --runs runs (default 20) after
one untimed run. The header's cost must grow with its length, never with the
square or cube of it: a refused header costs no more than reading its first
line.
The first row is the floor on this machine now: decoding the same 200-column
file and splitting it at commas, with no CSV rules, names or checks.
"""

import argparse
import os
import statistics
import sys
from functools import partial
from pathlib import Path

from benchkit import clean_up, prepare_environment, timed

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.imports.files import wide_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nomentum.settings")
    prepare_environment(None, "")
    try:
        import django

        django.setup()
        from nomentum.asks import importing

        def refused(data: bytes) -> None:
            try:
                importing.parse(data)
            except importing.ImportRefused:
                return
            raise AssertionError("a header of more than MAX_COLUMNS columns was read")

        equal = wide_file(importing.MAX_COLUMNS, "Notes")
        distinct = wide_file(importing.MAX_COLUMNS)
        widest = importing.parse(equal).headers
        mapping = importing.guess_mapping(widest)
        calls = {
            # The floor, in the same run: decoding the file and splitting its lines, no more.
            "baseline: decode and split, 200 columns": partial(
                lambda data: [line.split(",") for line in data.decode().splitlines()], equal
            ),
            "parse(), 200 equal names": partial(importing.parse, equal),
            "parse(), 200 distinct names": partial(importing.parse, distinct),
            "guess_mapping() of 200 columns": partial(importing.guess_mapping, widest),
            "check_mapping() of 200 columns": partial(importing.check_mapping, mapping, widest),
            "refused: 10,000 equal names": partial(refused, wide_file(10_000, "Notes")),
            "refused: 100,000 distinct names": partial(refused, wide_file(100_000)),
            "refused: 5 MB of commas": partial(refused, b"," * importing.MAX_BYTES),
        }
        print(f"Header handling, {args.runs} runs each (milliseconds)\n")
        print(f"{'':<42} {'median':>9} {'fastest':>9}")
        for label, call in calls.items():
            samples = timed(call, warmup=1, runs=args.runs)
            print(f"{label:<42} {statistics.median(samples):9.3f} {samples[0]:9.3f}")
    finally:
        clean_up("", "")


if __name__ == "__main__":
    main()
