"""Time one person's stats and forecast at 10,000 asks, server-side and through the views.

    .venv/bin/python bench/stats.py                                  # SQLite, temp dir
    .venv/bin/python bench/stats.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/stats.py --asks 50000 --runs 50 --profile

Seeds a throwaway database: a SQLite file in a temp dir by default, or, with
--database-url, a PostgreSQL database of its own (nomentum_bench_stats on that
server, created here and dropped at the end; the URL's own database is only
used to connect). Into it: one user with the default categories and --asks
asks (default 10,000) over the two years up to today, recent months weighing
more, every outcome, a tenth without a category. Then it times, as median and
p95 of --runs runs after a warm-up:
- stats() over all of history and over the last 30 days, and forecast(),
  called directly (server time without HTTP);
- GET /insights/ (logged in), /api/v1/stats and /api/v1/forecast (a bearer
  token) through django.test.Client: middleware, session, auth, rendering;
- SELECT 1 through Django's cursor, the same way, as a baseline for this
  machine and connection;
and counts each one's queries. Figures print as plain text; the seed is
fixed, so runs compare (dates move with today, the shape of the data does not).
"""

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nomentum.accounts.models import User

from benchkit import analyze, clean_up, p95, start, timed

BENCH_DATABASE = "nomentum_bench_stats"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--asks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs after the warm-up")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in a temp dir)")
    parser.add_argument("--profile", action="store_true", help="cProfile one /insights/ request")
    parser.add_argument("--explain", action="store_true", help="print the stats queries' plans")
    return parser.parse_args()


# The database -----------------------------------------------------------------


# Seeding ------------------------------------------------------------------------


def seed(asks: int, rng: random.Random) -> "User":
    """Return the one user, with `asks` asks over the two years up to their today."""
    from nomentum.accounts.models import User
    from nomentum.asks.models import Ask, Category, Outcome
    from nomentum.asks.services import create_default_categories

    user = User.objects.create_user(username="asker", email="asker@example.com")
    create_default_categories(user)
    categories: list[Category | None] = [*Category.objects.filter(user=user), None]
    # The person pitches most, applies for jobs and grants often, the rest now and then.
    weights = [1, 1, 2, 3, 4, 1, 8, 2][: len(categories)]
    today = user.today()
    history_days = 730

    def one_ask(n: int) -> Ask:
        asked = today - dt.timedelta(days=int(history_days * (1 - rng.random() ** 0.5)))
        roll = rng.random()
        outcome = (
            Outcome.NO
            if roll < 0.5
            else Outcome.NO_RESPONSE
            if roll < 0.58
            else Outcome.YES
            if roll < 0.68
            else Outcome.WITHDRAWN
            if roll < 0.73
            else Outcome.PENDING
        )
        decided = None
        if outcome != Outcome.PENDING:
            decided = min(asked + dt.timedelta(days=int(rng.expovariate(1 / 9))), today)
        return Ask(
            user=user,
            title=f"Pitch {n}",
            recipient=f"Editor {rng.randrange(200)}",
            category=rng.choices(categories, weights=weights)[0],
            asked_on=asked,
            outcome=outcome,
            decided_on=decided,
            feedback="form" if outcome == Outcome.NO and roll < 0.2 else "",
        )

    Ask.objects.bulk_create([one_ask(n) for n in range(asks)], batch_size=5000)
    return user


# Timing ---------------------------------------------------------------------------


def line(label: str, samples: list[float], queries: int | None = None) -> str:
    counted = f"   {queries} quer{'y' if queries == 1 else 'ies'}" if queries is not None else ""
    return (
        f"{label:<22} median {statistics.median(samples):8.2f} ms   p95 {p95(samples):8.2f} ms"
        f"   min {samples[0]:8.2f} ms{counted}"
    )


def main() -> None:
    args = parse_args()
    url = start(args.database_url, BENCH_DATABASE)
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from nomentum.accounts.models import ApiToken
        from nomentum.asks import counting
        from nomentum.asks.models import Ask

        began = time.perf_counter()
        user = seed(args.asks, random.Random(2026))  # noqa: S311 (fixed seed: repeatable data)
        analyze()
        seeded = time.perf_counter() - began
        today = user.today()
        last_30_days = counting.Window(today - dt.timedelta(days=29), today)

        page = Client()
        page.force_login(user)
        api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'bench')[1]}"})

        def get(client: Client, path: str) -> Callable[[], object]:
            def call() -> object:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                return response

            return call

        def select_one() -> object:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return cursor.fetchone()

        own = Ask.objects.filter(user=user)
        calls: dict[str, Callable[[], object]] = {
            "stats() all history": lambda: counting.stats(own, counting.ALL_OF_HISTORY, today),
            "stats() last 30 days": lambda: counting.stats(own, last_30_days, today),
            "forecast()": lambda: counting.forecast(own, today, 1, 0.8).asks_needed,
            "forecast() k=5, 0.95": lambda: counting.forecast(own, today, 5, 0.95).asks_needed,
            "GET /insights/": get(page, "/insights/"),
            "GET /insights/?filters": get(
                page, f"/insights/?date_from={last_30_days.start}&category=pitch&forecast-yeses=3"
            ),
            "GET /api/v1/stats": get(api, "/api/v1/stats"),
            "GET /api/v1/forecast": get(api, "/api/v1/forecast?yeses=3&confidence=0.9"),
            "SELECT 1": select_one,
        }
        results = []
        for label, call in calls.items():
            samples = timed(call, args.warmup, args.runs)
            with CaptureQueriesContext(connection) as captured:
                call()
            results.append((label, samples, len(captured.captured_queries)))

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()"
                if connection.vendor == "sqlite"
                else "SHOW server_version"
            )
            version = cursor.fetchone()[0]
        result = counting.stats(own, counting.ALL_OF_HISTORY, today)
        print(f"database     {connection.vendor} {version}")
        print(
            f"seeded       1 user, {own.count():,} asks in {seeded:.1f} s, today {today}: "
            f"{result.rejections:,} rejections, {result.yeses:,} yeses, "
            f"{result.pending:,} pending, {len(result.by_category)} categories"
        )
        print(f"runs         {args.runs} after {args.warmup} to warm up")
        for label, samples, count in results:
            print(line(label, samples, count))
        if args.explain:
            with CaptureQueriesContext(connection) as captured:
                counting.stats(own, counting.ALL_OF_HISTORY, today)
            with connection.cursor() as cursor:
                prefix = (
                    "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
                )
                for query in captured.captured_queries:
                    print(query["sql"][:200], "...")
                    cursor.execute(prefix + query["sql"])
                    for row in cursor.fetchall():
                        print("  ", " ".join(str(part) for part in row))
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(calls["GET /insights/"])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    finally:
        clean_up(url, BENCH_DATABASE)


if __name__ == "__main__":
    main()
