"""Every request in `make bench`'s table runs as many queries with a big history as a small one.

The benchmark measures time; this measures the cause that time grows with data for: a query
per row. Each request is made once in a small world (3 members, a few asks each) and once
after the world has grown tenfold and more (30 members, hundreds of the user's asks), and
must take the same number of queries both times.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nomentum.accounts.models import ApiToken
from nomentum.asks.importing import BATCH_SIZE
from nomentum.asks.models import Ask
from nomentum.challenges import services
from nomentum.challenges.models import Challenge
from tests.conftest import (
    GROUP_NOW,
    cached_queries,
    client_for,
    computed_queries,
    join,
    make_challenge,
    make_group,
    make_user,
)
from tests.pages.test_stats_page import add_asks  # every outcome, the 90 days to GROUP_NOW

TODAY = GROUP_NOW.date()
Request = Callable[["World"], Any]


class World:
    """The bench user, organizing a group with a running challenge; grows on demand."""

    def __init__(self) -> None:
        self.user = make_user("bench")
        self.group = make_group(self.user, name="November of NO")
        self.challenge: Challenge = make_challenge(group=self.group)
        services.set_goal(self.challenge, self.user, rejections_per_week=3)
        self.page = client_for(self.user)
        self.api = Client(headers={"Authorization": f"Bearer {self.token()}"})
        self.members = 0
        self.grow(members=3, asks=10)

    def token(self) -> str:
        return ApiToken.issue(self.user)[1]

    def grow(self, members: int, asks: int) -> None:
        for _ in range(members):
            self.members += 1
            person = make_user(f"member{self.members}")
            join(self.group, person)
            services.set_goal(self.challenge, person, rejections_per_week=2)
            add_asks(person, 5)
        add_asks(self.user, asks)

    def pending(self) -> Ask:
        """A fresh pending ask to answer, so every answer changes something."""
        return Ask.objects.create(user=self.user, title="Waiting", asked_on=TODAY)


def csv_of(rows: int) -> bytes:
    lines = ["title,recipient,asked_on,outcome"]
    lines += [f"Imported {n},Funder {n % 9},2026-10-{1 + n % 28:02d},no" for n in range(rows)]
    return "\n".join(lines).encode()


def upload(world: World, rows: int) -> Any:
    # A file of its own each time, so the second import is not all duplicates.
    world.members += 1
    data = csv_of(rows).replace(b"Imported", f"Batch {world.members}".encode())
    return world.api.post("/api/v1/import", {"file": SimpleUploadedFile("asks.csv", data)})


def log_on_page(world: World) -> Any:
    return world.page.post(
        "/asks/new",
        {"title": "Pitch: the night train", "asked_on": TODAY.isoformat(), "outcome": "pending"},
    )


def answer_on_page(world: World) -> Any:
    return world.page.post(f"/asks/{world.pending().pk}/outcome", {"answer": "no"})


def answer_by_api(world: World) -> Any:
    return world.api.patch(
        f"/api/v1/asks/{world.pending().pk}", {"outcome": "no"}, content_type="application/json"
    )


REQUESTS: dict[str, tuple[Request, int]] = {
    "home": (lambda w: w.page.get("/"), 200),
    "ask list": (lambda w: w.page.get("/asks/"), 200),
    "log an ask (page)": (log_on_page, 302),
    "log an ask (API)": (
        lambda w: w.api.post(
            "/api/v1/asks", {"title": "Grant: the spring fund"}, content_type="application/json"
        ),
        201,
    ),
    "answer an ask (page)": (answer_on_page, 302),
    "answer an ask (API)": (answer_by_api, 200),
    "board page": (lambda w: w.page.get(f"/challenges/{w.challenge.pk}/"), 200),
    "board (API)": (lambda w: w.api.get(f"/api/v1/challenges/{w.challenge.pk}/board"), 200),
    "stats page": (lambda w: w.page.get("/insights/"), 200),
    "stats (API)": (lambda w: w.api.get("/api/v1/stats"), 200),
    "forecast (API)": (lambda w: w.api.get("/api/v1/forecast", {"yeses": 3}), 200),
    "import 100 rows (API)": (lambda w: upload(w, 100), 200),
}


def queries(world: World, request: Request, status: int) -> tuple[int, int]:
    """Return the request's queries with its numbers computed, then read from the cache."""
    response, computed = computed_queries(lambda: request(world))
    assert response.status_code == status, response.content[:500]
    response, cached = cached_queries(lambda: request(world))
    assert response.status_code == status, response.content[:500]
    return len(computed), len(cached)


@pytest.fixture
def world(db) -> Iterator[World]:
    with time_machine.travel(GROUP_NOW, tick=False):
        built = World()
        # First uses that write once (a token's last-used time, the session) are not the page's.
        built.api.get("/api/v1/me")
        built.page.get("/")
        yield built


@pytest.mark.parametrize("name", REQUESTS)
def test_the_queries_do_not_grow_with_the_data(world, name):
    request, status = REQUESTS[name]
    small = queries(world, request, status)
    world.grow(members=27, asks=600)
    large = queries(world, request, status)
    # (computed, cached): the same in both worlds.
    assert small == large, f"{name}: {small} queries with a small world, {large} with a large one"


def test_an_import_of_10000_rows_adds_a_query_per_batch_not_per_row(world):
    with CaptureQueriesContext(connection) as hundred:
        assert upload(world, 100).status_code == 200
    with CaptureQueriesContext(connection) as ten_thousand:
        response = upload(world, 10_000)
    assert response.status_code == 200, response.content[:500]
    assert response.json()["created"] == 10_000
    # The database may cap a batch below BATCH_SIZE (SQLite: 999 parameters a statement).
    fields = [field for field in Ask._meta.concrete_fields if not field.primary_key]
    batch = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, [Ask()] * 10_000))
    extra_batches = -(-10_000 // batch) - 1
    assert len(ten_thousand) <= len(hundred) + extra_batches
