"""The board and the home page draw my goal road, my weeks and every member's weeks, by the rules.

The clock stops on Wednesday 2026-11-11, day 11 of "November of NO".
"""

import datetime as dt
import re

import pytest
from scipy import stats as scipy_stats

from nomentum.asks.models import Ask, Outcome
from nomentum.challenges import services
from tests.conftest import computed_queries, join, make_ask, make_challenge, make_user

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def nov(day: int) -> dt.date:
    return D(2026, 11, day)


def figure(html: str, chart_id: str) -> str:
    """Return the HTML of one chart, by its id."""
    start = html.index(f'id="{chart_id}"')
    return html[html.rindex("<figure", 0, start) : html.index("</figure>", start)]


def tables(fragment: str) -> list[list[list[str]]]:
    result = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", fragment, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        result.append([re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows])
    return result


def desc(fragment: str) -> str:
    found = re.search(r"<desc id=\"[^\"]+\">(.*?)</desc>", fragment, re.S)
    assert found is not None
    return found.group(1)


@pytest.fixture
def history(challenge, member):
    """The member's asks: three no's in the challenge so far (one by silence), one yes."""
    services.set_goal(challenge, member, rejections_per_week=3)  # 12 in all
    make_ask(member, asked_on=nov(2), outcome=Outcome.NO, decided_on=nov(3))
    # Pending since October 5th: silent after 30 days, a no on November 4th.
    make_ask(member, asked_on=D(2026, 10, 5))
    make_ask(member, asked_on=nov(4), outcome=Outcome.YES, decided_on=nov(6))
    make_ask(member, asked_on=nov(8), outcome=Outcome.NO, decided_on=nov(9))
    make_ask(member, asked_on=nov(10))  # still out
    # Before the challenge: part of the history behind the band, not of the road.
    make_ask(member, asked_on=D(2026, 10, 1), outcome=Outcome.NO, decided_on=D(2026, 10, 9))


def likely(pending: int, yeses: int, rejections: int) -> str:
    low, high = scipy_stats.beta.ppf([0.05, 0.95], 1 + yeses, 1 + rejections)
    return f"{pending * (1 - high):.1f} to {pending * (1 - low):.1f}"


def test_the_board_draws_my_road_through_the_challenge(challenge, history, member_client):
    html = member_client.get(f"/challenges/{challenge.pk}/").text
    road = figure(html, "goal-road")
    days, facts = tables(road)
    assert days == [
        ["Nov 3", "1", "1", "1.2"],
        ["Nov 4", "1", "2", "1.6"],
        ["Nov 9", "1", "3", "3.6"],
        ["Nov 11", "0", "3", "4.4"],
    ]
    assert facts == [
        ["Challenge", "Nov 1 to Nov 30, 30 days"],
        ["Goal", "12 no&#x27;s"],
        ["Asks still out", "1"],
        ["Answers so far, all time", "1 yes, 4 no&#x27;s"],
        ["Likely more no&#x27;s (90%)", likely(1, 1, 4)],
    ]
    assert desc(road).startswith("Day 11 of 30: 3 no&#x27;s of your goal of 12;")
    # The board's own count agrees with the road's.
    assert re.search(r'data-mine="rejections">3<', html)


def test_the_board_draws_my_weeks(challenge, history, member_client):
    html = member_client.get(f"/challenges/{challenge.pk}/").text
    weeks = figure(html, "weekly")
    assert "<figcaption>Your weeks</figcaption>" in weeks
    # Week 1 is Nov 1-7: asked on the 2nd and 4th; no's on the 3rd and (silent) the 4th.
    assert tables(weeks) == [
        [
            ["1", "2", "2", "1"],
            ["2", "2", "1", "0"],
            ["3", "0", "0", "0"],
            ["4", "0", "0", "0"],
            ["5", "0", "0", "0"],
        ]
    ]
    assert desc(weeks) == (
        "Over 5 weeks: 4 asks, 3 no&#x27;s and 1 yes. The most no&#x27;s came in week 1: 2."
    )


def test_each_member_row_draws_their_weeks_against_their_weekly_goal(
    challenge, history, owner, member, owner_client
):
    services.set_goal(challenge, owner, rejections_per_week=1)
    make_ask(owner, asked_on=nov(9), outcome=Outcome.NO, decided_on=nov(10))
    html = owner_client.get(f"/challenges/{challenge.pk}/").text

    theirs = figure(html, f"member-{member.pk}-weeks")
    assert desc(theirs) == (
        "No&#x27;s per week, weeks 1 to 5: 2, 1, 0, 0, 0. Weekly goal 3, met in 0 weeks."
    )
    assert tables(theirs)[0][:2] == [
        ["1", "2", "2", "1", "missed"],
        ["2", "2", "1", "0", "—"],  # running short of 3 on day 11: in progress
    ]
    mine = figure(html, f"member-{owner.pk}-weeks")
    assert desc(mine) == (
        "No&#x27;s per week, weeks 1 to 5: 0, 1, 0, 0, 0. Weekly goal 1, met in 1 week."
    )
    assert 'Week by week<span class="visually-hidden"> for member</span>' in html
    # The viewer's own road is the owner's: one no so far.
    assert desc(figure(html, "goal-road")).startswith("Day 11 of 30: 1 no of your goal of 4;")


def test_a_member_name_is_escaped_in_the_charts(challenge, group, owner_client):
    mallory = make_user("mallory", display_name='<svg onload="alert(1)">')
    join(group, mallory)
    html = owner_client.get(f"/challenges/{challenge.pk}/").text
    chart = figure(html, f"member-{mallory.pk}-weeks")
    assert "<svg onload" not in html
    assert "&lt;svg onload=&quot;alert(1)&quot;&gt;&#x27;s no&#x27;s per week" in chart


def test_a_board_without_asks_says_so(challenge, member_client):
    html = member_client.get(f"/challenges/{challenge.pk}/").text
    assert desc(figure(html, "goal-road")).startswith("No asks yet")
    assert desc(figure(html, "weekly")) == "No asks yet in these 5 weeks."


def test_the_home_page_draws_the_road_of_the_challenge_that_ends_first(
    challenge, history, member, member_client
):
    later = make_challenge(owner=member, name="Winter", starts_on=nov(1), ends_on=D(2027, 1, 31))
    html = member_client.get("/").text
    assert html.count('<figure class="chart') == 1
    road = figure(html, "home-road")
    assert tables(road)[0][-1] == ["Nov 11", "0", "3", "4.4"]
    assert f'href="/challenges/{challenge.pk}/#road">November of NO</a>' in html
    assert f'href="/challenges/{later.pk}/#road"' not in html
    # The page sits below the counts.
    assert html.index('class="glance"') < html.index('id="home-road"')


def test_the_home_page_has_no_road_without_a_running_challenge(owner, owner_client):
    make_challenge(owner=owner, name="December", starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31))
    assert "<figure" not in owner_client.get("/").text


def count_queries(client, url: str) -> int:
    response, queries = computed_queries(lambda: client.get(url))
    assert response.status_code == 200
    return len(queries)


def add_history(user, number: int) -> None:
    """Add answered and pending asks over the challenge and the months before it."""
    outcomes = [Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE, Outcome.PENDING, Outcome.WITHDRAWN]
    asks = []
    for n in range(number):
        asked_on = nov(11) - dt.timedelta(days=n % 90)
        outcome = outcomes[n % len(outcomes)]
        decided = None if outcome == Outcome.PENDING else min(nov(11), asked_on + dt.timedelta(3))
        asks.append(
            Ask(user=user, title=f"Ask {n}", asked_on=asked_on, outcome=outcome, decided_on=decided)
        )
    Ask.objects.bulk_create(asks)


@pytest.mark.parametrize("url", ["/", "/challenges/{pk}/"])
def test_the_charts_cost_the_same_queries_however_many_asks(challenge, member, member_client, url):
    url = url.format(pk=challenge.pk)
    services.set_goal(challenge, member, rejections_total=20)
    add_history(member, 5)
    few = count_queries(member_client, url)
    add_history(member, 400)
    assert count_queries(member_client, url) == few
