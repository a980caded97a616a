"""What people type reaches an email as text: escaped in the HTML, as typed in the text part,
and never a header line of its own, through a real SMTP server."""

import datetime as dt
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import escape

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from nomentum.notify import schedule
from tests.conftest import make_ask, make_challenge, make_group, make_user
from tests.notify.conftest import parts, prefer, run_tasks

D = dt.date
BERLIN = ZoneInfo("Europe/Berlin")
# Monday 2026-11-09, 08:00 in Berlin: the owner's digest and this day's reminders are due.
MONDAY_8 = dt.datetime(2026, 11, 9, 8, 0, tzinfo=BERLIN)
VICTIM = "victim@example.com"

# Each: markup that would run or load in a mail program, a line break that would start a
# header of its own, a header line break hidden in an encoded word (which a mail program
# decodes in a subject), and the longest title an ask holds.
HOSTILE = {
    "script": '<script>alert("no")</script>',
    "attribute": '"><img src=x onerror=alert(1)>',
    "crlf": f"Pitch\r\nBcc: {VICTIM}\r\nX-Injected: yes",
    "encoded crlf": "=?utf-8?q?Pitch=0D=0ABcc=3A_victim=40example=2Ecom?=",
    "long": "Pitch " + "x" * 194,
}
NAME = '"><img src=x onerror=alert(2)> <b>Owner</b>'  # a display name, 80 characters at most
HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Auto-Submitted",
}


def sent(inbox) -> EmailMessage:
    [message] = inbox.messages
    assert inbox.recipients == ["owner@example.com"]  # no Bcc: slipped into the envelope
    assert set(message.keys()) == HEADERS
    subject = str(message["Subject"])
    assert "\r" not in subject and "\n" not in subject, subject
    return message


def assert_shown_as_text(message: EmailMessage, value: str) -> None:
    text, html = parts(message)
    # A line break typed is one of the body's, whose line ends travel as CRLF.
    typed, text, html = (part.replace("\r\n", "\n") for part in (value, text, html))
    assert typed in text
    assert escape(typed) in html
    assert "<script" not in html and "<img" not in html and "<b>" not in html


@pytest.fixture
def hostile_owner(owner):
    owner.display_name = NAME
    owner.save()
    prefer(owner, digest=False)
    return owner


@pytest.mark.parametrize("title", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_reminder_shows_a_hostile_title_and_recipient_as_text(
    hostile_owner, smtp_settings, title
):
    recipient = HOSTILE["attribute"]
    make_ask(
        hostile_owner,
        title=title,
        recipient=recipient,
        notes=HOSTILE["script"],
        asked_on=D(2026, 11, 2),
        follow_up_on=D(2026, 11, 9),
    )
    with time_machine.travel(MONDAY_8, tick=False):
        schedule.tick()
        assert run_tasks() == 1

    message = sent(smtp_settings.inbox)
    assert str(message["Subject"]) == "Follow up today: " + " ".join(title.split())
    assert_shown_as_text(message, title)
    assert_shown_as_text(message, recipient)
    assert_shown_as_text(message, NAME)


def test_a_digest_shows_hostile_titles_names_and_groups_as_text(hostile_owner, smtp_settings):
    prefer(hostile_owner, digest=True, reminders=False)
    member = make_user("member")
    group = make_group(hostile_owner, member, name=HOSTILE["script"])
    challenge = make_challenge(group=group, name=HOSTILE["attribute"])
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), tick=False):
        services.set_goal(challenge, hostile_owner, rejections_per_week=3)
    make_ask(hostile_owner, title="A no", asked_on=D(2026, 11, 3), outcome=Outcome.NO)
    for value in HOSTILE.values():
        # Pending since long before: overdue, so listed with its title and recipient.
        make_ask(hostile_owner, title=value, recipient=value, notes=value, asked_on=D(2026, 9, 1))
    with time_machine.travel(MONDAY_8, tick=False):
        schedule.tick()
        assert run_tasks() == 1

    message = sent(smtp_settings.inbox)
    assert str(message["Subject"]) == "Last week: 1 no, 1 ask, 0 yeses"
    for value in [*HOSTILE.values(), NAME]:
        assert_shown_as_text(message, value)
