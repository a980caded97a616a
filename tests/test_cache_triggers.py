"""Every table a cached number is computed from has a trigger that changes its users' versions.

Cached numbers are kept under their users' DataVersions, so they stay fresh only while
a database trigger gives the users behind a changed row a new version. The triggers are kept on a
list of tables by hand, so these tests hold that list against what the numbers
really read: they request every cached page and API answer with the cache empty,
read the tables out of the SQL, and compare them with the triggers the database
itself holds, on SQLite and PostgreSQL alike.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nomentum.accounts.models import ApiToken, DataVersion, User
from nomentum.asks.models import Category, Feedback, Outcome
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Group
from nomentum.web import demo_data
from tests.conftest import GROUP_NOW, client_for, make_ask, make_challenge

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-11
TODAY = GROUP_NOW.date()
D = dt.date

# Tables a cached page reads that cannot change anyone's numbers, so need no trigger.
ALLOWED = {
    # Who the browser is: the session holds a user id, never a number.
    "django_session",
    # Who the caller is: a bearer token names a user, whose numbers it does not change.
    "accounts_apitoken",
    # The database cache itself: where the numbers are kept, not what they are made of.
    "nomentum_cache",
    # The versions the keys are made of: the triggers' own output.
    DataVersion._meta.db_table,
    # Cheers show in group feeds (the demo page's too), read afresh on every view. Should a
    # cached number ever count them, the test from the models' side below still fails.
    "challenges_cheer",
}

# Django quotes every table it names; the few statements written by hand do not.
TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
EVENTS = frozenset({"INSERT", "UPDATE", "DELETE"})


def tables_read(statements: Iterable[str]) -> set[str]:
    """Return the tables the statements read from: those after FROM or JOIN that exist."""
    named = {table for sql in statements for table in TABLE.findall(sql)}
    return named & set(connection.introspection.table_names())


def versioned_tables() -> set[str]:
    """Return the tables whose every insert, update and delete changes a data version.

    Read from the database, not from the migrations: a trigger someone dropped, or one
    a migration meant to create and did not, shows here as missing.
    """
    events: dict[str, set[str]] = {}
    written = DataVersion._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            for table, sql in cursor.fetchall():
                if written in sql:
                    event = re.search(r"\b(?:BEFORE|AFTER|INSTEAD OF)\s+(\w+)", sql, re.I)
                    assert event is not None, sql
                    events.setdefault(table, set()).add(event.group(1).upper())
        else:
            # tgtype's bits 2, 3 and 4 say INSERT, DELETE and UPDATE (PostgreSQL's trigger.h).
            cursor.execute(
                "SELECT c.relname, t.tgtype FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid) AND p.prosrc LIKE %s",
                [f"%{written}%"],
            )
            for table, kind in cursor.fetchall():
                bits = {"INSERT": 4, "DELETE": 8, "UPDATE": 16}
                events.setdefault(table, set()).update(e for e, b in bits.items() if kind & b)
    return {table for table, kinds in events.items() if kinds >= EVENTS}


# The world: a user with data of every kind a number is made of ---------------------------


@dataclass
class World:
    owner: User
    group_challenge: Challenge
    personal: Challenge
    browser: Client
    api: Client
    anonymous: Client


@pytest.fixture
def world(owner, member, group, challenge) -> World:
    pitch = Category.objects.get(user=owner, slug="pitch")
    pitch.reply_days = 10
    pitch.save()
    make_ask(
        owner,
        recipient="The Atlantic",
        category=pitch,
        asked_on=D(2026, 11, 2),
        outcome=Outcome.NO,
        feedback=Feedback.PERSONAL,
        decided_on=D(2026, 11, 4),
    )
    make_ask(owner, category=pitch, asked_on=D(2026, 10, 20), snoozed_until=D(2026, 11, 20))
    make_ask(owner, category=pitch, asked_on=D(2026, 10, 25), follow_up_on=D(2026, 11, 12))
    make_ask(owner, asked_on=D(2026, 9, 1))  # silent since October
    make_ask(owner, asked_on=D(2026, 11, 9), outcome=Outcome.YES, amount=Decimal("1200.00"))
    make_ask(owner, asked_on=D(2026, 11, 10), outcome=Outcome.WITHDRAWN, private=True)
    make_ask(owner, asked_on=D(2026, 11, 11))
    for outcome in (Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE):
        make_ask(member, asked_on=D(2026, 11, 3), outcome=outcome, decided_on=D(2026, 11, 5))
    services.set_goal(challenge, owner, rejections_per_week=3)
    services.set_goal(challenge, owner, rejections_per_week=3, rejections_total=15)  # a change
    services.set_goal(challenge, member, rejections_total=12)
    services.check_in(challenge, owner, 1, TODAY, note="Five out", tally={"asks": 2, "yeses": 1})
    services.check_in(challenge, member, 2, TODAY, note="Halfway")
    services.cheer(member, make_ask(owner, asked_on=D(2026, 11, 5), outcome=Outcome.NO))
    personal = make_challenge(owner=owner, name="Thirty pitches")
    services.set_goal(personal, owner, rejections_per_week=2)
    demo_data.load_demo(today=TODAY)  # for the public demo page's board
    browser = client_for(owner)
    browser.get("/asks/new")  # a CSRF secret: pages are cached for this browser from now on
    token = ApiToken.issue(owner)[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    return World(owner, challenge, personal, browser, api, Client())


def cached_requests(world: World) -> dict[str, Callable]:
    """Return every page and API answer that shows cached numbers, with the filters they take."""
    group, personal = world.group_challenge.pk, world.personal.pk
    forecast = "forecast-yeses=2&forecast-confidence=0.9&forecast-category=pitch"
    pages = [
        "/",
        f"/?{forecast}",
        "/asks/",
        "/asks/?outcome=pending&category=pitch&q=Pitch&recipient=Atlantic&date_from=2026-10-01",
        "/asks/?page=2",
        "/insights/",
        f"/insights/?category=pitch&challenge={group}&date_from=2026-11-01&{forecast}",
        f"/challenges/{group}/",
        f"/challenges/{group}/?sort=progress&page=1",
        f"/challenges/{personal}/",
    ]
    answers = [
        "/api/v1/stats",
        f"/api/v1/stats?category=pitch&challenge={group}&from=2026-11-01&to=2026-11-30",
        "/api/v1/forecast",
        "/api/v1/forecast?yeses=3&confidence=0.95&category=pitch",
        f"/api/v1/challenges/{group}/board",
        f"/api/v1/challenges/{group}/board?sort=points",
        f"/api/v1/challenges/{personal}/board",
    ]
    requests: dict[str, Callable] = {}
    for url in pages:
        requests[url] = lambda url=url: world.browser.get(url)
    for url in answers:
        requests[url] = lambda url=url: world.api.get(url)
    requests["/demo"] = lambda: world.anonymous.get("/demo")
    return requests


def captured(request: Callable) -> list[str]:
    """Make the request; assert it answered 200 and return every statement it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == 200, response.content[:300]
    return [query["sql"] for query in queries.captured_queries]


@dataclass
class Reads:
    """What one request read: every table, and the tables its cached numbers were made of."""

    tables: set[str]
    computed: set[str]


def reads(world: World) -> Iterator[tuple[str, Reads]]:
    """Request each cached page twice, the cache emptied first: computed, then from the cache.

    What the first run reads and the second does not is what the cached numbers are made
    of; what both read (the session, the caller, their version) is read around them.
    """
    for name, request in cached_requests(world).items():
        cache.clear()
        first = captured(request)
        again = captured(request)
        assert len(again) < len(first), f"{name} is not cached: {len(again)} statements again"
        only_first = Counter(first) - Counter(again)
        yield (
            name,
            Reads(
                tables=tables_read(first),
                computed=tables_read(only_first.elements()),
            ),
        )


# The tests --------------------------------------------------------------------------------


def test_every_table_a_cached_page_reads_has_a_trigger(world):
    kept = versioned_tables()
    missing = {
        name: sorted(read.tables - kept - ALLOWED)
        for name, read in reads(world)
        if read.tables - kept - ALLOWED
    }
    assert not missing, f"read by a cached page, and no trigger changes a version: {missing}"


def owned_models() -> list[type[Model]]:
    """Return every model with a foreign key to a user or a group, directly or through one."""

    def points_to(model: type[Model], targets: set[type[Model]]) -> bool:
        return any(
            field.related_model in targets
            for field in model._meta.get_fields()
            if (field.many_to_one or field.one_to_one) and field.concrete
        )

    every = apps.get_models(include_auto_created=True)  # with many-to-many tables
    direct = {model for model in every if points_to(model, {User, Group})}
    hop = {model for model in every if points_to(model, direct)}
    return sorted(direct | hop, key=lambda model: model._meta.db_table)


def test_every_model_of_a_user_or_group_that_a_cached_number_reads_has_a_trigger(world):
    computed = set().union(*(read.computed for _, read in reads(world)))
    owned = {model._meta.db_table for model in owned_models()} & computed
    # The heart of every number: were it not seen, the reading itself would be broken.
    assert {"asks_ask", "challenges_goal", "challenges_membership"} <= owned
    missing = sorted(owned - versioned_tables())
    assert not missing, f"of a user or group, read by a cached number, without a trigger: {missing}"


def test_the_allow_list_names_only_tables_that_exist(db):
    unknown = sorted(ALLOWED - set(connection.introspection.table_names()))
    assert not unknown, f"allowed, yet no such table: {unknown}"
