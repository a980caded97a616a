"""Time importing 50,000 asks from a CSV and exporting them, against baselines in the same run.

    .venv/bin/python bench/import_export.py                      # SQLite, temp dir
    .venv/bin/python bench/import_export.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/import_export.py --rows 10000 --runs 5 --profile

Seeds a throwaway database: a SQLite file in a temp dir by default, or, with
--database-url, a PostgreSQL database of its own (nomentum_bench_import on that
server, created here and dropped at the end; the URL's own database is only
used to connect, and never one named test). The file is a writer's submission
log of --rows rows (default 50,000, the import's limit): Excel-style dates,
outcome words, three genres and a note with a comma in every row, 3.7 MB,
the same bytes every run. Each figure is the median and the fastest of
--runs runs (default 3), each import into a fresh account:
- parse(), the dry run (every row validated, nothing written), the import,
  and importing the same file again (every row a duplicate, nothing written);
- export_csv() and export_json() of the imported asks;
- POST /api/v1/import and GET /api/v1/export?format=csv through
  django.test.Client (a bearer token): the upload, the response, streaming;
- baselines on this machine and connection: Python's csv module reading the
  file, Ask.objects.bulk_create() of the same asks built in memory (what the
  import's writing cannot beat), reading the rows with values_list() and
  writing them with csv.writer (what the export cannot beat), and SELECT 1.
"""

import argparse
import csv
import io
import statistics
import time
from collections.abc import Callable

from benchkit import clean_up, start

BENCH_DATABASE = "nomentum_bench_import"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each")
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in a temp dir)")
    parser.add_argument("--profile", action="store_true", help="cProfile one import")
    return parser.parse_args()


# The database -----------------------------------------------------------------


# Timing ---------------------------------------------------------------------------


def timed(runs: int, call: Callable[[], object], before: Callable[[], object] | None = None):
    """Return the sorted seconds of `runs` calls, each after its untimed `before`."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return sorted(samples)


def line(label: str, samples: list[float], rows: int) -> str:
    median = statistics.median(samples)
    return (
        f"{label:<34} median {median:7.2f} s   min {samples[0]:7.2f} s"
        f"   {rows / median:>9,.0f} rows/s"
    )


def main() -> None:
    args = parse_args()
    url = start(args.database_url, BENCH_DATABASE)
    try:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from django.test import Client

        from nomentum.accounts.models import ApiToken, User
        from nomentum.asks import exporting, importing
        from nomentum.asks.exporting import COLUMNS
        from nomentum.asks.models import Ask
        from tests.imports.files import submission_log

        data = submission_log(args.rows)
        serial = iter(range(1_000_000))
        state: dict[str, User] = {}

        def fresh_user() -> None:
            n = next(serial)
            state["user"] = User.objects.create_user(f"bench{n}", f"bench{n}@example.com")

        def import_file() -> None:
            report = importing.import_asks(state["user"], data)
            assert report.created == args.rows, report.errors[:3]

        results: list[tuple[str, list[float]]] = []
        results.append(("parse()", timed(args.runs, lambda: importing.parse(data))))
        results.append(
            (
                "import_asks(dry_run=True)",
                timed(
                    args.runs,
                    lambda: importing.import_asks(state["user"], data, dry_run=True),
                    fresh_user,
                ),
            )
        )
        results.append(("import_asks()", timed(args.runs, import_file, fresh_user)))
        imported = state["user"]

        def import_again() -> None:
            report = importing.import_asks(imported, data)
            assert (report.created, report.skipped) == (0, args.rows)

        results.append(("import_asks() again: duplicates", timed(args.runs, import_again)))

        def export_csv() -> None:
            text = exporting.export_csv(imported)
            assert text.count("\r\n") == args.rows + 1

        results.append(("export_csv()", timed(args.runs, export_csv)))
        results.append(("export_json()", timed(args.runs, lambda: exporting.export_json(imported))))

        def api_import() -> None:
            client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(state['user'])[1]}"})
            response = client.post("/api/v1/import", {"file": SimpleUploadedFile("asks.csv", data)})
            assert response.status_code == 200, response.content[:300]

        results.append(("POST /api/v1/import", timed(args.runs, api_import, fresh_user)))
        api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(imported)[1]}"})

        def api_export() -> None:
            response = api.get("/api/v1/export?format=csv")
            assert response.status_code == 200
            assert sum(len(chunk) for chunk in response.streaming_content) > len(data) / 2

        results.append(("GET /api/v1/export?format=csv", timed(args.runs, api_export)))

        # Baselines -----------------------------------------------------------------
        def read_csv() -> None:
            rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
            assert len(rows) == args.rows + 1

        results.append(("baseline: csv.reader", timed(args.runs, read_csv)))
        template = list(Ask.objects.filter(user=imported).order_by("id"))

        def bulk_create() -> None:
            copies = []
            for ask in template:
                ask.pk = None
                ask.user = state["user"]
                copies.append(ask)
            Ask.objects.bulk_create(copies, batch_size=importing.BATCH_SIZE)

        results.append(("baseline: bulk_create()", timed(args.runs, bulk_create, fresh_user)))

        def values_and_writer() -> None:
            # The export's query and csv.writer, without formatting or neutralising a cell.
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            rows = Ask.objects.filter(user=imported).order_by("asked_on", "id")
            columns = [name if name != "category" else "category__name" for name in COLUMNS]
            for values in rows.values_list(*columns).iterator(chunk_size=2000):
                writer.writerow(values)

        results.append(("baseline: values_list + csv.writer", timed(args.runs, values_and_writer)))

        def select_one() -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()

        one = timed(args.runs, select_one)

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()"
                if connection.vendor == "sqlite"
                else "SHOW server_version"
            )
            version = cursor.fetchone()[0]
        print(f"database     {connection.vendor} {version}")
        print(f"file         {args.rows:,} rows, {len(data) / 1e6:.1f} MB; {args.runs} runs each")
        for label, samples in results:
            print(line(label, samples, args.rows))
        print(f"{'baseline: SELECT 1':<34} median {statistics.median(one) * 1000:7.3f} ms")
        if args.profile:
            import cProfile
            import pstats

            fresh_user()
            profiler = cProfile.Profile()
            profiler.runcall(import_file)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    finally:
        clean_up(url, BENCH_DATABASE)


if __name__ == "__main__":
    main()
