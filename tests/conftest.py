import datetime as dt
import os
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from typing import TypeVar

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.test import Client, TransactionTestCase
from django.test.utils import CaptureQueriesContext

from nomentum.accounts.models import ApiToken, User
from nomentum.asks.models import Ask, Category
from nomentum.challenges import services
from nomentum.challenges.models import (
    Challenge,
    CheckIn,
    Cheer,
    Goal,
    GoalChange,
    Group,
    Invite,
    Membership,
    Removal,
)
from tests.datadir import made_once, migrate, postgresql_database, postgresql_url

R = TypeVar("R")  # a response, as the test client types it
PASSWORD = "a long enough passphrase 42"
_serial = count(1)

# The summary of what the suite measured (tests/summary.py): under xdist, the controlling
# process loads no conftest below this one.
pytest_plugins = ["tests.summary"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "only_on(database): run on that database's pass only")
    # Argon2 is deliberately slow; tests need speed, not resistance to cracking.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests serve static files by their plain names, without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_user(username: str | None = None, **fields) -> User:
    username = username or f"user{next(_serial)}"
    fields.setdefault("email", f"{username}@example.com")
    return User.objects.create_user(username=username, password=PASSWORD, **fields)


def make_ask(user: User, **fields) -> Ask:
    fields.setdefault("title", f"Pitch {next(_serial)}")
    fields.setdefault("asked_on", dt.date(2026, 11, 2))
    category = fields.pop("category", None)
    if isinstance(category, str):
        category = Category.objects.get(user=user, slug=category)
    ask = Ask(user=user, category=category, **fields)
    if ask.outcome != "pending" and ask.decided_on is None:
        ask.decided_on = ask.asked_on
    ask.full_clean()
    ask.save()
    return ask


def make_group(organizer: User, *members: User, name: str = "November of NO") -> Group:
    """Return a group the organizer created, with these people as plain members."""
    group = services.create_group(organizer, name)
    for member in members:
        join(group, member)
    return group


def join(group: Group, user: User, **fields) -> Membership:
    return Membership.objects.create(group=group, user=user, **fields)


def make_challenge(**fields) -> Challenge:
    """Return a saved challenge, November 2026 unless told; pass group= or owner=."""
    fields.setdefault("name", "November of NO")
    fields.setdefault("starts_on", dt.date(2026, 11, 1))
    fields.setdefault("ends_on", dt.date(2026, 11, 30))
    return services.save_challenge(Challenge(**fields))


def make_invite(group: Group, by: User, now: dt.datetime, days: int = 14, **fields) -> Invite:
    """Return an invite created at `now`; fields such as revoked_at override the defaults."""
    invite = services.create_invite(group, by, now, days)
    for name, value in fields.items():
        setattr(invite, name, value)
    invite.save()
    return invite


def stored(*kinds: type[Model]) -> list[dict]:
    """Return every row of these models as plain values: compare before and after a request."""
    return [row for kind in kinds for row in kind._default_manager.order_by("pk").values()]


def computed_queries(request: Callable[[], R]) -> tuple[R, list[str]]:
    """Make the request with the shared cache empty; return it and the SQL it ran for itself.

    Numbers are cached until their data changes (nomentum.numbers.cache), so an
    empty cache makes the request compute them, as the first view after a change
    does. Left out: the cache's own statements, which the database cache runs in SQL
    (on its table, with a savepoint around a write) and Redis would not.
    """
    cache.clear()
    return cached_queries(request)


def cached_queries(request: Callable[[], R]) -> tuple[R, list[str]]:
    """Make the request as the cache stands; return it and the SQL it ran besides the cache's."""
    table = settings.CACHES["default"].get("LOCATION", "")
    with CaptureQueriesContext(connection) as captured:
        response = request()
    sql = [query["sql"] for query in captured.captured_queries]
    own = [q for q in sql if f'"{table}"' not in q and not q.startswith(("SAVEPOINT", "RELEASE"))]
    return response, own


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner(db) -> User:
    return make_user("owner", timezone="Europe/Berlin")


@pytest.fixture
def outsider(db) -> User:
    return make_user("outsider")


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def token(owner) -> str:
    return ApiToken.issue(owner, "tests")[1]


@pytest.fixture
def api(token) -> Client:
    """A client that calls the API with the owner's bearer token."""
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def outsider_api(outsider) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(outsider)[1]}"})


REQUIRE_ALL = os.environ.get("NOMENTUM_TEST_REQUIRE_ALL") == "1"

# scripts/test runs the suite twice: on SQLite, then with DATABASE_URL on PostgreSQL.
PASSES = ("sqlite", "postgresql")
DATABASE = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
# What reaches the pass's database: pytest-django's fixtures, and a whole deployment
# (tests/system), which makes a database of its own on the pass's server.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "deployment",
    }
)
# The tests that start processes, the longest first. pytest-django puts the tests that use
# no database after all the others, and a long test met at the very end keeps one xdist
# worker busy while the other has nothing left to do; met first, it runs beside the rest
# (--dist worksteal, in pyproject.toml, lets the idle worker take over what is left).
STARTED_FIRST = (
    "tests/system/test_concurrency.py",
    "tests/system/",
    "tests/cli/test_backup.py",
    "tests/test_served.py",
    "tests/notify/test_worker.py",
    "tests/cli/",
)


def only_on(database: str) -> pytest.MarkDecorator:
    """Run the test on the pass whose database it needs, so that each pass runs one variant."""
    if database not in PASSES:
        # A test no pass runs would never fail.
        raise ValueError(f"only_on({database!r}): the passes are {' and '.join(PASSES)}")
    return pytest.mark.only_on(database)


def uses_database(item: pytest.Item) -> bool:
    test_class = getattr(item, "cls", None)
    if test_class is not None and issubclass(test_class, TransactionTestCase):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or not DATABASE_FIXTURES.isdisjoint(
        fixtures
    )


def passes(item: pytest.Item) -> tuple[str, ...]:
    """Return the passes on which the test means something.

    A test that uses no database answers the same on either pass: it runs on the SQLite
    pass only, and so do the browser tests, which test pages, not SQL. A test that reads
    DATABASE_URL for itself says where it runs with only_on.
    """
    if mark := item.get_closest_marker("only_on"):
        return (mark.args[0],)
    if item.get_closest_marker("browser") is None and uses_database(item):
        return ("sqlite", "postgresql")
    return ("sqlite",)


def start_order(item: pytest.Item) -> int:
    if not {"transactional_db", "live_server"}.isdisjoint(getattr(item, "fixturenames", ())):
        return len(STARTED_FIRST)  # it empties the tables: left where pytest-django put it
    found = (i for i, path in enumerate(STARTED_FIRST) if item.nodeid.startswith(path))
    return next(found, len(STARTED_FIRST))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Deselected, not skipped: the other pass runs it, and a skip would read as a gap.
    elsewhere = [item for item in items if DATABASE not in passes(item)]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        left = set(elsewhere)
        items[:] = [item for item in items if item not in left]
    items.sort(key=start_order)  # stable: pytest-django's order otherwise


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A data dir with every migration applied, made once per run: copy it (copy_data_dir)."""
    return made_once(tmp_path_factory, worker_id, "migrated", migrate)


@pytest.fixture(scope="session")
def migrated_postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of a migrated database on the pass's PostgreSQL server, made once per worker:
    postgresql_database(prefix, template=it) copies it."""
    with postgresql_database("template") as name:
        migrate(tmp_path_factory.mktemp("template"), DATABASE_URL=postgresql_url(name))
        yield name


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Say which database the suite ran on and what the browser suite did, so a skip is seen."""
    outcomes: dict[str, int] = {}
    for kind in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(kind, []):
            if getattr(report, "when", "call") in ("call", "setup") and "browser" in getattr(
                report, "keywords", {}
            ):
                if kind == "passed" and report.when != "call":
                    continue
                outcomes[kind] = outcomes.get(kind, 0) + 1
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browser = ", ".join(f"{n} {kind}" for kind, n in outcomes.items()) or "none collected"
    line = f"database: {engine}; browser suite: {browser}"
    if DATABASE == "postgresql":
        line += " (the tests that use no database and the browser suite run on the SQLite pass)"
    terminalreporter.write_line(line)


# Three people around a group (the owner organizes, the member belongs, the outsider does
# not), shared by the page and API tests of groups and challenges. The clock stops, for the
# modules that ask (pytestmark = pytest.mark.usefixtures("frozen")), at noon UTC on
# Wednesday 2026-11-11: the same day for every test user, in week 2 of November.
GROUP_NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)


def everything() -> list[dict]:
    """Return every row a group or challenge request could write: compare before and after."""
    return stored(
        Group, Membership, Removal, Invite, Challenge, Goal, GoalChange, CheckIn, Cheer, Ask
    )


@pytest.fixture
def frozen():
    with time_machine.travel(GROUP_NOW, tick=False):
        yield


@pytest.fixture
def member(db) -> User:
    return make_user("member")


@pytest.fixture
def group(owner, member) -> Group:
    return make_group(owner, member, name="November of NO")


@pytest.fixture
def challenge(group) -> Challenge:
    return make_challenge(group=group)
