"""/history/compare puts my own asks in two of my challenges side by side: by default the
latest finished one against the one before it; another's challenge is 404."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.models import Challenge
from tests.conftest import make_ask, make_challenge, make_group, make_user, stored

D = dt.date
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def novembers(owner) -> dict[str, Challenge]:
    """Three Novembers of the owner's: 2024 alone, 2025 with a group, 2026 running."""
    member = make_user("member")
    group = make_group(owner, member)
    challenges = {
        "2024": make_challenge(owner=owner, name="November 2024", starts_on=D(2024, 11, 1),
                               ends_on=D(2024, 11, 30)),
        "2025": make_challenge(group=group, name="November 2025", starts_on=D(2025, 11, 1),
                               ends_on=D(2025, 11, 30)),
        "2026": make_challenge(owner=owner, name="November 2026", starts_on=D(2026, 11, 1),
                               ends_on=D(2026, 11, 30)),
    }  # fmt: skip
    no, yes = Outcome.NO, Outcome.YES
    # 2024: 3 asks, 2 no's, 1 yes.
    make_ask(owner, asked_on=D(2024, 11, 2), outcome=no)
    make_ask(owner, asked_on=D(2024, 11, 3), outcome=no)
    make_ask(owner, asked_on=D(2024, 11, 4), outcome=yes)
    # 2025: 4 asks, 4 no's (one asked in October), no yes.
    for day in (2, 3, 4):
        make_ask(owner, asked_on=D(2025, 11, day), outcome=no)
    make_ask(owner, asked_on=D(2025, 10, 20), outcome=no, decided_on=D(2025, 11, 5))
    make_ask(owner, asked_on=D(2025, 11, 6))  # pending, silent in December: not a November no
    # The member's asks are theirs, even in the group's challenge.
    for day in (2, 3, 4, 5, 6):
        make_ask(member, asked_on=D(2025, 11, day), outcome=yes)
    return challenges


def rows(html: str) -> dict[str, tuple[str, str, str]]:
    table = html.split('class="table compare"')[1].split("</table>")[0]
    found = re.findall(
        r'<th scope="row">([^<]+)</th><td data-count="a">(\d+)</td><td data-count="b">(\d+)</td>'
        r'<td data-count="change">([^<]+)</td>',
        table,
    )
    return {label: (a, b, change) for label, a, b, change in found}


def test_by_default_it_compares_the_latest_finished_with_the_one_before(owner_client, novembers):
    response = owner_client.get("/history/compare")
    assert response.status_code == 200
    html = response.text
    assert rows(html) == {
        "Asks": ("4", "3", "+1"),
        "No&#x27;s": ("4", "2", "+2"),
        "Yeses": ("0", "1", "\N{MINUS SIGN}1"),
    }
    assert 'data-count="a-rate">0%<' in html
    assert 'data-count="b-rate">33%<' in html
    assert f'<option value="{novembers["2025"].pk}" selected>' in html.split('id="id_a"')[1]
    assert f'<option value="{novembers["2024"].pk}" selected>' in html.split('id="id_b"')[1]


def test_it_compares_the_two_i_pick(owner_client, novembers):
    a, b = novembers["2026"].pk, novembers["2024"].pk
    response = owner_client.get(f"/history/compare?a={a}&b={b}")
    assert rows(response.text) == {
        "Asks": ("0", "3", "\N{MINUS SIGN}3"),
        "No&#x27;s": ("0", "2", "\N{MINUS SIGN}2"),
        "Yeses": ("0", "1", "\N{MINUS SIGN}1"),
    }
    assert 'data-count="a-rate">no answer yet<' in response.text


def test_given_one_it_compares_with_the_one_before(owner_client, novembers):
    response = owner_client.get(f"/history/compare?a={novembers['2026'].pk}")
    assert rows(response.text)["Asks"] == ("0", "4", "\N{MINUS SIGN}4")


def test_the_earliest_has_nothing_before_it(owner_client, novembers):
    response = owner_client.get(f"/history/compare?a={novembers['2024'].pk}")
    assert response.status_code == 200
    assert "Comparing needs two of your challenges: pick them above." in response.text
    assert 'class="table compare"' not in response.text


def test_one_challenge_is_not_enough(owner, owner_client):
    make_challenge(owner=owner, starts_on=D(2025, 11, 1), ends_on=D(2025, 11, 30))
    response = owner_client.get("/history/compare")
    assert "Comparing needs two challenges" in response.text


def test_a_challenge_i_am_not_in_is_404(owner_client, novembers, outsider):
    theirs = make_challenge(owner=outsider, starts_on=D(2025, 11, 1), ends_on=D(2025, 11, 30))
    other_group = make_group(outsider)
    group_challenge = make_challenge(group=other_group)
    mine = novembers["2025"].pk
    before = stored(Ask, Challenge)
    for query in (f"a={theirs.pk}&b={mine}", f"a={mine}&b={group_challenge.pk}", "a=999999"):
        response = owner_client.get(f"/history/compare?{query}")
        assert response.status_code == 404, query
    assert stored(Ask, Challenge) == before


@pytest.mark.parametrize("query", ["a=abc", "a={mine}&b=x", "b=-1", "a=1.5"])
def test_a_choice_that_is_not_a_number_gets_a_sentence(owner_client, novembers, query):
    # Ids differ between databases: "mine" is a challenge of the owner's.
    query = query.format(mine=novembers["2025"].pk)
    response = owner_client.get(f"/history/compare?{query}")
    assert response.status_code == 400
    assert "Pick two of your challenges from the lists." in response.text


def test_the_same_challenge_twice_gets_a_sentence(owner_client, novembers):
    pk = novembers["2025"].pk
    response = owner_client.get(f"/history/compare?a={pk}&b={pk}")
    assert response.status_code == 400
    assert "Pick two different challenges." in response.text


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().get("/history/compare?a=1&b=2")
    assert response["Location"] == "/login?next=/history/compare%3Fa%3D1%26b%3D2"
