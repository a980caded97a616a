"""Seed a fresh database at one of the benchmark's scales, then count each target's queries.

    .venv/bin/python bench/seed.py --scale S --fixture /tmp/x/fixture.json

The database is whatever the environment names (bench/run.py sets NOMENTUM_DATA_DIR
to a temp dir for SQLite, or DATABASE_URL to a fresh PostgreSQL database). This
migrates it, creates the cache table and collects static files as `make run` does,
seeds it, and writes a fixture file for the load run: the bench user's session
cookie and API token, the group challenge, pending asks to answer, the import
users' tokens and the CSV to import, and the queries each target makes.

Scales (the seed is fixed, so runs compare; dates move with today):
- S: one 15-member group in a month-long challenge, about 600 asks over the last
  month; the bench user has 40 of them.
- M: one 1,000-member group, 100,000 asks over the last two years; the bench user,
  a heavy asker, has 10,000 of them.
- L: 10,000 users (the same 1,000-member group, the others in groups of 15),
  1,000,000 asks; the bench user again has 10,000.

Asks are written with executemany (SQLite) or COPY (PostgreSQL), which seeds L in
about a minute; everything else goes through bulk_create.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMPORT_ROWS = 10_000
IMPORT_RUNS = 3  # timed imports, each into an account of its own
ANSWER_IDS = 2000  # pending asks the answer target cycles through, at most


@dataclass(frozen=True)
class Scale:
    users: int
    group_members: int
    asks: int
    bench_asks: int
    history_days: int  # how far back the asks go


SCALES = {
    "S": Scale(users=15, group_members=15, asks=600, bench_asks=40, history_days=30),
    "M": Scale(users=1000, group_members=1000, asks=100_000, bench_asks=10_000, history_days=730),
    "L": Scale(
        users=10_000, group_members=1000, asks=1_000_000, bench_asks=10_000, history_days=730
    ),
}

# Outcome shares for a decided ask: mostly no's, some yeses, a few withdrawn.
DECIDED_SHARES = [("no", 0.62), ("no_response", 0.12), ("yes", 0.18), ("withdrawn", 0.08)]
RECENT_DAYS = 45  # asks younger than this are often still pending
PITCH_WORDS = ["Essay", "Story", "Grant", "Role", "Intro", "Talk", "Coffee", "Loan", "Review"]


def setup_django() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nomentum.settings")
    import django

    django.setup()


def prepare() -> None:
    """What `make run` does before it starts the server."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


# Seeding ------------------------------------------------------------------------


def seed(scale: Scale, rng: random.Random) -> dict:
    """Write the scale's data; return what the load run needs to know about it."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from nomentum.accounts.models import User
    from nomentum.asks.models import DEFAULT_CATEGORIES, Category, category_slug
    from nomentum.challenges.models import Challenge, Goal, Group, Membership, Role

    today = timezone.localdate()
    unusable = make_password(None)  # nobody logs in with a password; hashing would take minutes
    silences = [30] * 16 + [7, 14, 60, 0]
    users = User.objects.bulk_create(
        [
            User(
                username="bench" if index == 0 else f"user{index:05d}",
                email=f"user{index:05d}@example.com",
                password=unusable,
                silence_days=30 if index == 0 else rng.choice(silences),
            )
            for index in range(scale.users)
        ],
        batch_size=2000,
    )
    bench = users[0]
    # bulk_create sends no post_save: give everyone the default categories here.
    Category.objects.bulk_create(
        [
            Category(user=user, name=name, slug=category_slug(name))
            for user in users
            for name in DEFAULT_CATEGORIES
        ],
        batch_size=5000,
    )
    categories: dict[int, list[int]] = {}
    for user_id, category_id in Category.objects.order_by("id").values_list("user_id", "id"):
        categories.setdefault(user_id, []).append(category_id)

    starts_on = today - dt.timedelta(days=25)
    ends_on = starts_on + dt.timedelta(days=29)
    # The bench group: the bench user and the first members; then groups of 15 for the rest.
    groups = [users[: scale.group_members]] + [
        users[start : start + 15] for start in range(scale.group_members, scale.users, 15)
    ]
    challenge_ids = []
    for number, members in enumerate(groups):
        group = Group.objects.create(name="November of NO" if number == 0 else f"Circle {number}")
        Membership.objects.bulk_create(
            [
                Membership(
                    group=group,
                    user=user,
                    role=Role.ORGANIZER if index == 1 else Role.MEMBER,
                    sharing="details" if rng.random() < 0.3 else "counts",
                    hidden_from_ranking=rng.random() < 0.05,
                )
                for index, user in enumerate(members)
            ],
            batch_size=2000,
        )
        challenge = Challenge.objects.create(
            group=group, name=group.name, starts_on=starts_on, ends_on=ends_on
        )
        challenge_ids.append(challenge.pk)
        goals = []
        for user in members:
            kind = rng.random()
            if kind < 0.1 and user is not bench:
                continue  # no goal set
            per_week = rng.randint(1, 5) if kind < 0.7 else None
            total = rng.choice([10, 12, 20, 25, 40]) if kind >= 0.5 else None
            goals.append(
                Goal(
                    challenge=challenge,
                    user=user,
                    rejections_per_week=per_week,
                    rejections_total=total,
                )
            )
        Goal.objects.bulk_create(goals, batch_size=2000)

    write_asks(scale, users, categories, today, rng)
    analyze()
    return {"today": today.isoformat(), "bench_user_id": bench.pk, "challenge_id": challenge_ids[0]}


def owners(scale: Scale, user_ids: list[int], rng: random.Random) -> Iterator[int]:
    """Yield the owner of each ask: the bench user's share first, then busy people more often."""
    yield from [user_ids[0]] * scale.bench_asks
    others = user_ids[1:]
    weights = [rng.paretovariate(1.5) for _ in others]
    remaining = scale.asks - scale.bench_asks
    while remaining > 0:
        size = min(50_000, remaining)
        yield from rng.choices(others, weights=weights, k=size)
        remaining -= size


def ask_rows(
    scale: Scale, users: list, categories: dict[int, list[int]], today: dt.date, rng: random.Random
) -> Iterator[dict]:
    decided_outcomes = [name for name, _ in DECIDED_SHARES]
    decided_weights = [share for _, share in DECIDED_SHARES]
    for serial, user_id in enumerate(owners(scale, [user.pk for user in users], rng)):
        # Recent weeks weigh more: people log more once they have the habit.
        age = int(scale.history_days * (1 - rng.random() ** 0.5))
        asked_on = today - dt.timedelta(days=age)
        pending = rng.random() < (0.45 if age < RECENT_DAYS else 0.03)
        outcome = "pending" if pending else rng.choices(decided_outcomes, decided_weights)[0]
        decided_on = None
        if not pending:
            decided_on = min(asked_on + dt.timedelta(days=int(rng.expovariate(1 / 9))), today)
        roll = rng.random()
        own = categories[user_id]
        yield {
            "user_id": user_id,
            "title": f"{rng.choice(PITCH_WORDS)} pitch {serial}",
            "recipient": f"Recipient {rng.randrange(400)}",
            "category_id": None if roll < 0.1 else own[int(roll * 1000) % len(own)],
            "asked_on": asked_on,
            "outcome": outcome,
            "feedback": ("form" if roll < 0.5 else "personal" if roll < 0.6 else "")
            if outcome == "no"
            else "",
            "decided_on": decided_on,
            "amount": rng.randrange(100, 50_000) if roll > 0.9 else None,
            "notes": "Followed up once." if roll > 0.8 else "",
            "follow_up_on": asked_on + dt.timedelta(days=14) if pending and roll < 0.3 else None,
            "private": roll > 0.93,
            "snoozed_until": None,
        }


def write_asks(
    scale: Scale, users: list, categories: dict[int, list[int]], today: dt.date, rng: random.Random
) -> None:
    """Insert the asks in big batches below the ORM: 1,000,000 of them must take a minute."""
    from django.db import connection, transaction
    from django.utils import timezone

    from nomentum.asks.models import Ask

    fields = [field for field in Ask._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(Ask._meta.db_table)

    # A column added later gets its default rather than breaking the seed.
    defaults = {field.attname: field.get_default() for field in fields}
    names = [field.attname for field in fields]
    sqlite = connection.vendor == "sqlite"
    # One timestamp for every row, in the form the backend stores.
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now) if sqlite else now

    def values(row: dict) -> tuple:
        row["created_at"] = row["updated_at"] = stamp
        if sqlite:  # SQLite stores dates as ISO text
            for name in ("asked_on", "decided_on", "follow_up_on"):
                if row[name] is not None:
                    row[name] = row[name].isoformat()
        return tuple(row[name] if name in row else defaults[name] for name in names)

    rows = (values(row) for row in ask_rows(scale, users, categories, today, rng))
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["?"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (model names)
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                raw.executemany(sql, batch)
                batch = []
        if batch:
            raw.executemany(sql, batch)


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or optimize would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# What the load run needs ---------------------------------------------------------


def credentials(info: dict, workdir: Path) -> dict:
    from django.conf import settings
    from django.test import Client

    from nomentum.accounts.models import ApiToken, User
    from nomentum.asks.models import Ask
    from tests.imports.files import submission_log

    bench = User.objects.get(pk=info["bench_user_id"])
    client = Client()
    client.force_login(bench)
    info["session"] = client.cookies["sessionid"].value
    # A browser that has seen a form sends its CSRF cookie with every page; pages with forms
    # are cached per that secret (nomentum.numbers.page).
    client.get("/asks/new")
    csrf = settings.CSRF_COOKIE_NAME
    info["cookies"] = f"{csrf}={client.cookies[csrf].value}"
    info["token"] = ApiToken.issue(bench, "bench")[1]
    pending = list(
        Ask.objects.filter(user=bench, outcome="pending")
        .order_by("-asked_on", "id")
        .values_list("id", flat=True)[:ANSWER_IDS]
    )
    ids_file = workdir / "pending_ids.txt"
    ids_file.write_text("".join(f"{pk}\n" for pk in pending))
    info["pending_ids_file"] = str(ids_file)
    info["pending_ids"] = len(pending)
    # Counted before the import accounts exist: the data the pages see.
    info["counts"] = {
        "users": User.objects.count(),
        "asks": Ask.objects.count(),
        "bench_user_asks": Ask.objects.filter(user=bench).count(),
        "group_members": bench.memberships.get().group.memberships.count(),
    }
    # Each timed import goes into an account of its own, so none finds the last one's duplicates.
    importers = []
    for number in range(IMPORT_RUNS + 1):
        user = User.objects.create_user(f"importer{number}", f"importer{number}@example.com")
        importers.append(ApiToken.issue(user, "import")[1])
    info["import_tokens"] = importers[:IMPORT_RUNS]
    csv_file = workdir / "import.csv"
    csv_file.write_bytes(submission_log(IMPORT_ROWS))
    info["import_file"] = str(csv_file)
    info["import_rows"] = IMPORT_ROWS
    info["_probe_import_token"] = importers[IMPORT_RUNS]
    return info


def request(client, name: str, path: str, number: int) -> int:
    """Make a target's request once; return its status."""
    if name.startswith("log_ask"):
        body = {"title": f"Probe {number}", "recipient": "Editor", "category": "Pitch"}
        return client.post(path, body, content_type="application/json").status_code
    if name == "answer_ask":
        body = {"outcome": "no" if number else "yes"}
        return client.patch(path, body, content_type="application/json").status_code
    return client.get(path).status_code


def count_queries(info: dict, targets: list[dict]) -> dict[str, int]:
    """Count each target's queries: one request through Django's test client, after a warm one.

    The server cannot report its queries; this runs the same request, in this process,
    against the same database.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    session = Client()
    session.cookies["sessionid"] = info["session"]
    name, _, value = info["cookies"].partition("=")
    session.cookies[name] = value
    bearer = {"Authorization": f"Bearer {info['token']}"}
    counts = {}
    for target in targets:
        name = target["name"]
        if name == "answer_ask":
            created = Client(headers=bearer).post(
                "/api/v1/asks", {"title": "Probe"}, content_type="application/json"
            )
            path = f"/api/v1/asks/{created.json()['id']}"
        else:
            path = target["path"]
        client = Client(headers=bearer) if target["auth"] == "token" else session
        if target["auth"] == "none":
            client = Client()
        send = partial(request, client, name, path)
        send(0)
        with CaptureQueriesContext(connection) as captured:
            status = send(1)
        if not 200 <= status < 300:
            sys.exit(f"{name}: {path} answered {status} in the query count")
        counts[name] = len(captured.captured_queries)
    # The import, into an account of its own.
    importer = Client(headers={"Authorization": f"Bearer {info.pop('_probe_import_token')}"})
    with open(info["import_file"], "rb") as upload, CaptureQueriesContext(connection) as captured:
        response = importer.post("/api/v1/import", {"file": upload})
    if response.status_code != 200:
        sys.exit(f"import answered {response.status_code} in the query count")
    counts["import"] = len(captured.captured_queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--fixture", type=Path, required=True, help="where to write the fixture")
    parser.add_argument("--targets", type=Path, help="JSON list of targets to count queries of")
    args = parser.parse_args()
    setup_django()
    began = time.perf_counter()
    prepare()
    prepared = time.perf_counter()
    info = seed(SCALES[args.scale], random.Random(2026))  # noqa: S311 (fixed seed: repeatable data)
    seeded = time.perf_counter()
    info = credentials(info, args.fixture.parent)
    info["seconds"] = {"migrate": round(prepared - began, 1), "seed": round(seeded - prepared, 1)}
    if args.targets:
        targets = json.loads(args.targets.read_text())
        for target in targets:
            target["path"] = target["path"].replace("{challenge}", str(info["challenge_id"]))
        info["queries"] = count_queries(info, targets)
    info.pop("_probe_import_token", None)
    info["seconds"]["total"] = round(time.perf_counter() - began, 1)
    args.fixture.write_text(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
