"""A person's private iCalendar feed (RFC 5545): follow-up days and challenge weeks.

Written by hand rather than with a library: the format is small, and the
rules common calendar apps trip over are the ones pinned here (CRLF line
ends, lines folded at 75 octets, escaped text, a UID per event that stays
the same across fetches so an app updates an event instead of adding one).
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.models import Goal
from nomentum.challenges.services import challenges_of

PRODID = "-//Nomentum//Rejection goals//EN"
UID_DOMAIN = "nomentum"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    starts_on: dt.date
    ends_on: dt.date  # inclusive; DTEND is the day after
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """Return a TEXT value with backslashes, semicolons, commas and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Return a content line folded so that no physical line passes 75 octets.

    Folds fall between characters, never inside a UTF-8 sequence; each
    continuation starts with one space, which counts towards its 75.
    """
    if len(line.encode()) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def render(events: Iterable[Event], now: dt.datetime, name: str) -> str:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        # How often apps that honour it should fetch again.
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(event.starts_on)}",
            f"DTEND;VALUE=DATE:{_date(event.ends_on + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def follow_up_events(user: User, link: Callable[[Ask], str]) -> Iterator[Event]:
    """One all-day event per pending ask with a follow-up date (one query)."""
    asks = Ask.objects.filter(
        user=user, outcome=Outcome.PENDING, follow_up_on__isnull=False
    ).order_by("follow_up_on", "id")
    for ask in asks:
        assert ask.follow_up_on is not None
        to = f" ({ask.recipient})" if ask.recipient else ""
        yield Event(
            # The ask's id, not its date: moving the follow-up moves the event.
            uid=f"ask-{ask.pk}-follow-up@{UID_DOMAIN}",
            summary=f"Follow up: {ask.title}{to}",
            starts_on=ask.follow_up_on,
            ends_on=ask.follow_up_on,
            description=f"Asked on {ask.asked_on.isoformat()}, still pending.",
            url=link(ask),
        )


def _nos(count: int) -> str:
    return "1 no" if count == 1 else f"{count} no's"


def challenge_week_events(user: User) -> Iterator[Event]:
    """One all-day span per week of every challenge the user is in (two queries)."""
    challenges = list(challenges_of(user))
    goals = {
        goal.challenge_id: goal
        for goal in Goal.objects.filter(user=user, challenge__in=[c.pk for c in challenges])
    }
    for challenge in challenges:
        weeks = challenge.weeks()
        goal = goals.get(challenge.pk)
        where = f" with {challenge.group.name}" if challenge.group else ""
        for week in weeks:
            target = goal.week_target(challenge, week) if goal else None
            aim = f": {_nos(target)} to collect" if target else ""
            if target == 0:
                aim = ": bonus days"  # what the total leaves a short last week: nothing
            yield Event(
                uid=f"challenge-{challenge.pk}-week-{week.number}@{UID_DOMAIN}",
                summary=f"{challenge.name}, week {week.number} of {len(weeks)}{aim}",
                starts_on=week.starts_on,
                ends_on=week.ends_on,
                description=(
                    f"Week {week.number} of {challenge.name}{where}, "
                    f"{challenge.starts_on.isoformat()} to {challenge.ends_on.isoformat()}."
                ),
            )


def feed(user: User, now: dt.datetime, link: Callable[[Ask], str]) -> str:
    """Return the user's whole calendar in three queries, however many asks and challenges."""
    events = [*challenge_week_events(user), *follow_up_events(user, link)]
    return render(events, now, "Nomentum")
