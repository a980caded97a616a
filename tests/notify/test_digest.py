"""A digest's numbers are the home page's and the board's, at the same moment, never recounted."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from nomentum.notify import queries, schedule
from nomentum.notify.models import Email, Status
from tests.conftest import client_for, join, make_ask, make_challenge, make_group, make_user
from tests.notify.conftest import prefer, run_tasks

D = dt.date
# Wednesday 2026-11-11 at noon UTC: 13:00 in Berlin (the owner), 07:00 in New York.
NOW = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)


def count(html: str, name: str, within: str = "") -> int:
    """Return the number in the first element marked data-count=name (after `within`, if given)."""
    start = html.index(within) if within else 0
    match = re.search(rf'data-(?:count|total)="{name}"[^>]*>(\d+)<', html[start:])
    assert match, f"no {name} after {within!r}"
    return int(match.group(1))


def home_glance(html: str) -> dict[str, tuple[int, int, int]]:
    """Return {"This week"|"This month": (no's, asks, yeses)} from the home page's cards."""
    cards = re.findall(
        r'<h2 id="tally-\d">(This week|This month) .*?data-count="rejections">(\d+)<.*?'
        r'data-count="asks">(\d+)<.*?data-count="yeses">(\d+)<',
        html,
        re.S,
    )
    return {label: (int(no), int(asks), int(yes)) for label, no, asks, yes in cards}


def digest_glance(html: str) -> dict[str, tuple[int, int, int]]:
    rows = re.findall(
        r'data-window="([a-z-]+)">.*?data-count="rejections">(\d+)<.*?'
        r'data-count="asks">(\d+)<.*?data-count="yeses">(\d+)<',
        html,
        re.S,
    )
    return {window: (int(no), int(asks), int(yes)) for window, no, asks, yes in rows}


@pytest.fixture
def november(owner):
    """The owner's group challenge with three members, and a personal challenge of their own."""
    member, quiet = make_user("member"), make_user("quiet")
    group = make_group(owner, member)
    join(group, quiet, hidden_from_ranking=True)
    challenge = make_challenge(group=group)
    # Goals are set while the challenge runs: a finished one keeps them as they were.
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), tick=False):
        services.set_goal(challenge, owner, rejections_per_week=3)
        services.set_goal(challenge, member, rejections_total=20)
    own = make_challenge(owner=owner, name="My own November", ends_on=D(2026, 11, 20))

    # The owner: no's this week and last, a yes, a silent ask, pending and overdue ones.
    make_ask(owner, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    make_ask(owner, asked_on=D(2026, 11, 4), outcome=Outcome.NO, decided_on=D(2026, 11, 9))
    make_ask(owner, asked_on=D(2026, 11, 9), outcome=Outcome.NO, decided_on=D(2026, 11, 10))
    make_ask(owner, asked_on=D(2026, 11, 10), outcome=Outcome.YES, decided_on=D(2026, 11, 11))
    make_ask(owner, asked_on=D(2026, 11, 10), outcome=Outcome.NO_RESPONSE)
    make_ask(owner, asked_on=D(2026, 10, 12), title="Silent")  # since Nov 11: a no this week
    make_ask(owner, asked_on=D(2026, 10, 20), title="Overdue soon")  # silent on Nov 19
    make_ask(owner, asked_on=D(2026, 11, 10), title="Waiting")
    make_ask(owner, asked_on=D(2026, 10, 1), outcome=Outcome.NO, decided_on=D(2026, 10, 5))
    make_ask(owner, asked_on=D(2026, 11, 10), outcome=Outcome.WITHDRAWN)
    # The others, so that the group's totals and the ranking mean something.
    for day in (2, 3, 4, 9, 10, 11):
        make_ask(member, asked_on=D(2026, 11, day), outcome=Outcome.NO)
    make_ask(member, asked_on=D(2026, 11, 4), outcome=Outcome.YES)
    make_ask(quiet, asked_on=D(2026, 11, 5), outcome=Outcome.NO)
    make_ask(quiet, asked_on=D(2026, 11, 6))
    return challenge, own


def test_the_digest_shows_the_home_page_s_and_the_board_s_numbers(owner, november):
    challenge, own = november
    prefer(owner, digest_weekday=2, hour=13)  # Wednesday, 13:00 in Berlin: now
    client = client_for(owner)
    with time_machine.travel(NOW, tick=False):
        assert schedule.tick().queued == 1
        run_tasks()
        home = client.get("/").text
        board_page = client.get(f"/challenges/{challenge.pk}/").text
        board = client.get(f"/api/v1/challenges/{challenge.pk}/board").json()
        digest = queries.digest_for(owner, owner.today())

    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert Email.objects.get().status == Status.SENT

    # The week and the month: the home page's cards, number for number.
    glance = home_glance(home)
    assert glance == {"This week": (4, 5, 1), "This month": (5, 7, 1)}  # worked out by hand
    sent = digest_glance(html)
    assert sent["this-week"] == glance["This week"]
    assert sent["this-month"] == glance["This month"]
    assert sent["last-week"] == (1, 2, 0)
    assert message.subject == "Last week: 1 no, 2 asks, 0 yeses"  # sent on a Wednesday

    # The group challenge: my row and the group's totals on the board, page and API alike.
    me = next(row for row in board["members"] if row["username"] == "owner")
    block = f'data-challenge="{challenge.pk}"'
    assert count(html, "challenge-rejections", block) == me["rejections"] == 5
    assert count(html, "challenge-target", block) == me["rejections_target"] == 12
    assert count(board_page, "rejections", 'data-member="owner"') == me["rejections"]
    assert count(html, "rank", block) == 2  # the member has more; "quiet" is not ranked
    assert re.search(
        r'data-member="owner">\s*<div class="board-head">\s*<span class="rank" data-rank>2<',
        board_page,
    )
    for name in ("rejections", "asks", "yeses", "members"):
        assert count(html, f"group-{name}", block) == board["totals"][name]
        assert count(board_page, name, 'id="board"') == board["totals"][name]
    assert "#2 of 2" in message.body

    # The personal challenge and the group's, as the home page's cards count them.
    assert count(home, "challenge-rejections", f'href="/challenges/{own.pk}/"') == 5
    assert count(html, "challenge-rejections", f'data-challenge="{own.pk}"') == 5
    assert (
        f'data-challenge="{own.pk}"' in html
        and "group-rejections" not in html.split(f'data-challenge="{own.pk}"')[1].split("</div>")[0]
    )

    # The forecast and the overdue asks: the home page's.
    sentence = re.search(r'class="forecast-sentence"[^>]*>([^<]+)<', home)
    assert sentence and sentence.group(1) in html
    overdue_on_home = re.findall(
        r'class="ask-title"[^>]*>([^<]+)<',
        home.split('id="overdue-title"')[1].split("</section>")[0],
    )
    assert [ask.title for ask in digest.overdue] == overdue_on_home == ["Silent"]
    assert "Silent</a>" in html and "Overdue soon" not in html  # not yet

    with time_machine.travel(dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC), tick=False):
        later = queries.digest_for(owner, owner.today())
    assert [ask.title for ask in later.overdue] == ["Silent", "Overdue soon"]


def test_a_digest_with_nothing_to_tell_is_not_sent(owner):
    prefer(owner, digest_weekday=2, hour=13)
    with time_machine.travel(NOW, tick=False):
        schedule.tick()
        run_tasks()
    assert mail.outbox == []
    assert Email.objects.get().status == Status.SKIPPED


def test_a_running_challenge_is_enough_to_tell(owner):
    make_challenge(owner=owner, name="Fresh start")
    prefer(owner, digest_weekday=2, hour=13)
    with time_machine.travel(NOW, tick=False):
        schedule.tick()
        run_tasks()
    [message] = mail.outbox
    assert "Fresh start" in message.body
