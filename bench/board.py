"""Time the board of a big group challenge and count its queries.

    .venv/bin/python bench/board.py                                  # SQLite, temp dir
    .venv/bin/python bench/board.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/board.py --members 300 --asks 30000 --runs 50 --profile

Seeds a throwaway database: a SQLite file in a temp dir by default, or, with
--database-url, a PostgreSQL database of its own (nomentum_bench on that
server, created here and dropped at the end; the URL's own database is only
used to connect). Into it: one group of --members members (default 1,000)
in "November of NO" (2026-11-01..30, today 2026-11-25), their goals, and
--asks asks (default 100,000) spread over the challenge month and the twelve
months before, busier people and recent months weighing more. Then it times
board() server-side (median and p95 of --runs runs after a warm-up), counts
its queries, and times a trivial query (SELECT 1 through Django's cursor) the
same way as a baseline for this machine and connection. Figures print as
plain text; the seed is fixed, so runs compare.
"""

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nomentum.accounts.models import User
    from nomentum.challenges.models import Challenge

from benchkit import analyze, clean_up, p95, start, timed

BENCH_DATABASE = "nomentum_bench"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--asks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs after the warm-up")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in a temp dir)")
    parser.add_argument(
        "--sort", default="rejections", choices=["rejections", "points", "progress"]
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one board() call")
    parser.add_argument("--explain", action="store_true", help="print the counting query's plan")
    return parser.parse_args()


# The database -----------------------------------------------------------------


# Seeding ------------------------------------------------------------------------


def seed(members: int, asks: int, rng: random.Random) -> tuple["Challenge", "User", dt.date]:
    """Return the challenge, its organizer and the day to count on."""
    from django.contrib.auth.hashers import make_password

    from nomentum.accounts.models import User
    from nomentum.asks.models import Ask, Outcome
    from nomentum.challenges.models import Challenge, Goal, GoalChange, Group, Membership, Role

    batch = 5000
    start, end, today = dt.date(2026, 11, 1), dt.date(2026, 11, 30), dt.date(2026, 11, 25)
    # Most keep the default silence rule; some shorten it, a few never count silence.
    silences = [30] * 16 + [7, 14, 60, 0]
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"member{index:04d}",
                email=f"member{index:04d}@example.com",
                password=unusable,  # nobody logs in; hashing 1,000 would take minutes
                silence_days=rng.choice(silences),
            )
            for index in range(members)
        ],
        batch_size=batch,
    )
    group = Group.objects.create(name="November of NO")
    Membership.objects.bulk_create(
        [
            Membership(
                group=group,
                user=user,
                role=Role.ORGANIZER if index == 0 else Role.MEMBER,
                sharing="details" if rng.random() < 0.3 else "counts",
                hidden_from_ranking=rng.random() < 0.05,
            )
            for index, user in enumerate(users)
        ],
        batch_size=batch,
    )
    challenge = Challenge.objects.create(
        group=group, name="November of NO", starts_on=start, ends_on=end
    )
    goals = []
    for user in users:
        kind = rng.random()
        if kind < 0.1:
            continue  # no goal set
        per_week = rng.randint(1, 5) if kind < 0.7 else None
        total = rng.choice([10, 12, 20, 25, 40]) if kind >= 0.5 else None
        goals.append(
            Goal(
                challenge=challenge, user=user, rejections_per_week=per_week, rejections_total=total
            )
        )
    goals = Goal.objects.bulk_create(goals, batch_size=batch)
    GoalChange.objects.bulk_create(
        [GoalChange(goal=goal, rejections_per_week=2) for goal in goals if rng.random() < 0.1],
        batch_size=batch,
    )

    # Busy people ask far more than most: a fundraiser logs hundreds, most a few dozen.
    weights = [rng.paretovariate(1.5) for _ in users]
    first_day = start - dt.timedelta(days=365)
    history_days = (start - first_day).days
    month_days = (today - start).days + 1

    def asked_on() -> dt.date:
        if rng.random() < 0.35:  # the challenge month makes people ask more
            return start + dt.timedelta(days=rng.randrange(month_days))
        # The months before, recent ones weighing more.
        return first_day + dt.timedelta(days=int(history_days * rng.random() ** 0.5))

    def one_ask(user: User) -> Ask:
        asked = asked_on()
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
            title="Pitch",
            recipient="Editor",
            asked_on=asked,
            outcome=outcome,
            decided_on=decided,
            feedback="form" if outcome == Outcome.NO and roll < 0.2 else "",
            private=rng.random() < 0.1,
        )

    def generate() -> Iterator[list[Ask]]:
        made = 0
        while made < asks:
            size = min(batch, asks - made)
            owners = rng.choices(users, weights=weights, k=size)
            yield [one_ask(user) for user in owners]
            made += size

    for chunk in generate():
        Ask.objects.bulk_create(chunk, batch_size=batch)
    return challenge, users[0], today


# Timing ---------------------------------------------------------------------------


def line(label: str, samples: list[float]) -> str:
    return (
        f"{label:<12} median {statistics.median(samples):8.2f} ms   p95 {p95(samples):8.2f} ms"
        f"   min {samples[0]:8.2f} ms   ({len(samples)} runs)"
    )


def main() -> None:
    args = parse_args()
    url = start(args.database_url, BENCH_DATABASE)
    try:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from nomentum.asks.models import Ask
        from nomentum.challenges.board import Board, _counts, _goals, _participants
        from nomentum.numbers import board

        began = time.perf_counter()
        challenge, viewer, today = seed(args.members, args.asks, random.Random(2026))  # noqa: S311 (fixed seed: repeatable data)
        analyze()
        seeded = time.perf_counter() - began

        from django.core.cache import cache

        def run_board() -> Board:
            # Computed, not read back: board() caches its counts until the data changes.
            cache.clear()
            return board(challenge, today, viewer, sort=args.sort)

        def select_one() -> object:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return cursor.fetchone()

        from django.test import Client

        client = Client()
        client.force_login(viewer)
        client.get("/asks/new")  # a CSRF cookie, as a browser has: its pages are then cached
        page_url = f"/challenges/{challenge.pk}/"
        assert client.get(page_url).status_code == 200

        board_ms = timed(run_board, args.warmup, args.runs)
        baseline_ms = timed(select_one, args.warmup, args.runs)
        # The whole page (charts and template included) against a trivial view,
        # both through Django's full request handling in this process.
        page_ms = timed(lambda: client.get(page_url), args.warmup, args.runs)
        floor_ms = timed(lambda: client.get("/healthz"), args.warmup, args.runs)
        # The board's three queries on their own, fetching included (SQLite runs
        # most of a query while rows are fetched, which the captured time leaves out).
        weeks = challenge.weeks()
        parts = {
            "counts": timed(lambda: _counts(challenge, weeks, today), 1, args.runs),
            "goals": timed(lambda: _goals(challenge), 1, args.runs),
            "members": timed(lambda: _participants(challenge), 1, args.runs),
        }
        with CaptureQueriesContext(connection) as captured:
            result = run_board()

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()"
                if connection.vendor == "sqlite"
                else "SHOW server_version"
            )
            version = cursor.fetchone()[0]
        print(f"database     {connection.vendor} {version}")
        print(
            f"seeded       {args.members:,} members, {Ask.objects.count():,} asks "
            f"in {seeded:.1f} s; board of {challenge.starts_on}..{challenge.ends_on} "
            f"on {today}, sorted by {args.sort}"
        )
        print(
            f"board rows   {len(result.members):,} shown, {result.totals.members:,} counted, "
            f"{result.totals.rejections:,} rejections"
        )
        print(line("board(), computed", board_ms))
        print(line("SELECT 1", baseline_ms))
        print(line("board page, cached", page_ms))
        print(line("/healthz", floor_ms))
        print(f"queries      {len(captured.captured_queries)} per board")
        for name, samples in parts.items():
            print(line(f"  {name}", samples))
        if args.explain:
            counting = max(captured.captured_queries, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                prefix = (
                    "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
                )
                cursor.execute(prefix + counting["sql"])
                for row in cursor.fetchall():
                    print("  ", " ".join(str(part) for part in row))
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(run_board)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    finally:
        clean_up(url, BENCH_DATABASE)


if __name__ == "__main__":
    main()
