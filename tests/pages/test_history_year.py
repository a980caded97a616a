"""/history/<year> reviews any calendar year of my own asks; a year that is not one gets a
sentence, and /history/ opens this year."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from nomentum.asks.models import Ask
from nomentum.insights import stats
from tests.conftest import stored
from tests.test_year_review import make_year

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def totals(html: str) -> dict[str, str]:
    block = html.split('class="totals"')[1].split("</dl>")[0]
    return dict(re.findall(r'data-count="([\w-]+)">([^<]*)<', block))


def month(html: str, key: str) -> dict[str, str]:
    row = html.split(f'data-month="{key}"')[1].split("</tr>")[0]
    return dict(re.findall(r'data-count="(\w+)">([^<]*)<', row))


def test_it_reviews_my_year(owner, owner_client, outsider):
    make_year(owner)
    make_year(outsider)
    response = owner_client.get("/history/2025")
    assert response.status_code == 200
    html = response.text
    assert "<h1>2025 in review</h1>" in html
    assert totals(html) == {"rejections": "6", "asks": "7", "yeses": "1"}
    assert month(html, "2025-01") == {"rejections": "4", "asks": "4", "yeses": "0"}
    assert month(html, "2025-02") == {"rejections": "1", "asks": "0", "yeses": "1"}
    assert month(html, "2025-12") == {"rejections": "0", "asks": "1", "yeses": "0"}
    assert 'data-count="best-month">January, 4 no&#x27;s<' in html
    assert 'data-count="streak">3 weeks, Jan 6\N{EN DASH}Jan 26<' in html
    rate = stats.describe_rate(1, 6).replace("'", "&#x27;")
    assert f'data-count="yes-rate">{rate}<' in html
    assert 'data-recipient="paris review"' in html
    assert 'href="/history/2024" rel="prev"' in html
    assert 'href="/history/2026" rel="next"' in html


def test_an_empty_year_says_so(owner, owner_client):
    make_year(owner)
    html = owner_client.get("/history/1999").text
    assert totals(html) == {"rejections": "0", "asks": "0", "yeses": "0"}
    assert "Nothing in 1999: no ask, no answer." in html
    assert 'data-count="best-month">none yet<' in html
    assert 'data-count="streak">none yet<' in html
    assert "No recipient asked in 1999." in html
    assert stats.describe_rate(0, 0) in html


def test_history_opens_this_year(owner_client):
    assert owner_client.get("/history/")["Location"] == "/history/2026"


@pytest.mark.parametrize(
    ("year", "sentence"),
    [
        ("abcd", "“abcd” is not a year: use four digits, like 2026."),
        ("\uff12\uff10\uff12\uff16", "is not a year"),  # fullwidth digits
        ("-5", "is not a year"),
        ("99999", "Nomentum keeps asks from 1900 to 2999; 99999 is outside them."),
        ("1899", "1899 is outside them."),
        ("3000", "3000 is outside them."),
    ],
)
def test_a_year_that_is_not_one_gets_a_sentence(owner, owner_client, year, sentence):
    make_year(owner)
    before = stored(Ask)
    response = owner_client.get(f"/history/{year}")
    assert response.status_code == 404
    assert sentence in response.text
    assert stored(Ask) == before


def test_the_first_and_last_years_work(owner_client):
    first = owner_client.get("/history/1900")
    last = owner_client.get("/history/2999")
    assert (first.status_code, last.status_code) == (200, 200)
    assert 'rel="prev"' not in first.text
    assert 'rel="next"' not in last.text


def test_it_sends_a_visitor_to_log_in(db):
    assert Client().get("/history/2025")["Location"] == "/login?next=/history/2025"
    assert Client().get("/history/")["Location"] == "/login?next=/history/"
