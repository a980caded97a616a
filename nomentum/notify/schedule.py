"""The scheduler: which emails are due now, one task each.

`tick()` runs every minute or so in every worker (manage.py worker) or from cron
(manage.py notify_tick). Any number of ticks may run at once: an email is a row
with a unique (user, kind, period), inserted in the same transaction as its
task, so a second tick finds it there or fails to insert it, and queues nothing.

Due means, in the person's own time zone (User.zone):
- a digest: on their chosen weekday, from their chosen hour until midnight, once
  per ISO week;
- a reminder: on a day some pending ask of theirs is to be followed up, from their
  chosen hour until midnight, once per day.
A scheduler that was down for a whole such day does not catch up: by then the
email would be old news.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.notify import tasks
from nomentum.notify.models import (
    DEFAULT_DIGEST,
    DEFAULT_HOUR,
    DEFAULT_REMINDERS,
    DEFAULT_WEEKDAY,
    Email,
    Kind,
    Status,
)
from nomentum.notify.services import MAX_ATTEMPTS

logger = logging.getLogger(__name__)

# A queued email whose task has not claimed it within this time is queued again: its worker
# died before claiming it, or the SMTP server was down (services.deliver).
RETRY_AFTER = dt.timedelta(minutes=15)
# ...until it is this old: a digest a day late is no longer worth sending.
GIVE_UP_AFTER = dt.timedelta(days=1)
SWEEP_BATCH = 500


@dataclass
class TickResult:
    queued: int = 0
    requeued: int = 0
    given_up: int = 0


def week_period(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class LocalTime:
    day: dt.date
    hour: int


Zones = dict[LocalTime, list[str]]


def local_times(now: dt.datetime) -> Zones:
    """Return the time zones people use, by the local day and hour it is in them now.

    A few dozen groups, however many zones: each becomes one condition of one query.
    """
    zones: Zones = defaultdict(list)
    for name in User.objects.values_list("timezone", flat=True).distinct().order_by():
        # User.zone, so that a zone name Python does not know counts as UTC, as everywhere.
        local = now.astimezone(User(timezone=name).zone)
        zones[LocalTime(local.date(), local.hour)].append(name)
    return zones


def _recipients() -> QuerySet[User]:
    # Demo users are shared, invented people: an address one of them was given is nobody's.
    return User.objects.filter(is_active=True, is_demo=False).exclude(email="")


def digests_due(now: dt.datetime, groups: Zones | None = None) -> list[tuple[int, str]]:
    """Return (user id, ISO week) for every digest due now and not yet queued (one query)."""
    groups = local_times(now) if groups is None else groups
    if not groups:
        return []
    due = Q()
    for local, zones in groups.items():
        not_yet = ~Exists(
            Email.objects.filter(
                user=OuterRef("pk"), kind=Kind.DIGEST, period=week_period(local.day)
            )
        )
        due |= Q(not_yet, timezone__in=zones, weekday=local.day.weekday(), hour__lte=local.hour)
    users = (
        _recipients()
        .annotate(
            wants=Coalesce("email_preferences__digest", Value(DEFAULT_DIGEST)),
            weekday=Coalesce("email_preferences__digest_weekday", Value(int(DEFAULT_WEEKDAY))),
            hour=Coalesce("email_preferences__hour", Value(DEFAULT_HOUR)),
        )
        .filter(due, wants=True)
        .values_list("pk", "timezone")
    )
    day_of = {name: local.day for local, zones in groups.items() for name in zones}
    return [(pk, week_period(day_of[zone])) for pk, zone in users]


def reminders_due(now: dt.datetime, groups: Zones | None = None) -> list[tuple[int, str]]:
    """Return (user id, day) for every reminder due now and not yet queued (one query)."""
    groups = local_times(now) if groups is None else groups
    if not groups:
        return []
    due = Q()
    for local, zones in groups.items():
        not_yet = ~Exists(
            Email.objects.filter(
                user=OuterRef("user"), kind=Kind.REMINDER, period=local.day.isoformat()
            )
        )
        due |= Q(not_yet, user__timezone__in=zones, follow_up_on=local.day, hour__lte=local.hour)
    recipients = _recipients().values("pk")
    rows = (
        Ask.objects.filter(outcome=Outcome.PENDING, user__in=recipients)
        .annotate(
            wants=Coalesce("user__email_preferences__reminders", Value(DEFAULT_REMINDERS)),
            hour=Coalesce("user__email_preferences__hour", Value(DEFAULT_HOUR)),
        )
        .filter(due, wants=True)
        .values_list("user", "follow_up_on")
        .distinct()
        .order_by()
    )
    return [(user_id, str(day)) for user_id, day in rows]


def queue(user_id: int, kind: str, period: str, now: dt.datetime) -> bool:
    """Record the email and enqueue its task, both or neither; return False if it exists."""
    try:
        with transaction.atomic():
            email = Email.objects.create(
                user_id=user_id, kind=kind, period=period, created_at=now, updated_at=now
            )
            # The database backend writes the task in this transaction: no email without
            # its task, and no task for an email another tick recorded first.
            tasks.send_email.enqueue(email.pk)
    except IntegrityError:
        return False
    return True


def sweep(now: dt.datetime) -> tuple[int, int]:
    """Queue again the emails no worker claimed in time; give up on old ones.

    Return (queued again, given up). Only `queued` emails: one a worker claimed
    (`sending`) may have gone out, and is never sent twice.
    """
    requeued = given_up = 0
    stale = Email.objects.filter(status=Status.QUEUED, updated_at__lt=now - RETRY_AFTER)
    for email in stale.order_by("updated_at")[:SWEEP_BATCH]:
        # Conditional on the row as read, so that of two sweeps one acts.
        same = Email.objects.filter(pk=email.pk, status=Status.QUEUED, updated_at=email.updated_at)
        if email.created_at < now - GIVE_UP_AFTER or email.attempts >= MAX_ATTEMPTS:
            given_up += same.update(status=Status.FAILED, updated_at=now, error="gave up")
            continue
        with transaction.atomic():
            if same.update(updated_at=now):
                tasks.send_email.enqueue(email.pk)
                requeued += 1
    return requeued, given_up


def tick(now: dt.datetime | None = None) -> TickResult:
    """Queue every email due now; safe to run anywhere, any number of times at once."""
    now = now or timezone.now()
    result = TickResult()
    groups = local_times(now)
    due = [(user_id, Kind.DIGEST, week) for user_id, week in digests_due(now, groups)]
    due += [(user_id, Kind.REMINDER, day) for user_id, day in reminders_due(now, groups)]
    for user_id, kind, period in due:
        result.queued += queue(user_id, kind, period, now)
    result.requeued, result.given_up = sweep(now)
    if result.queued or result.requeued or result.given_up:
        logger.info(
            "notify: queued %d emails, queued %d again, gave up on %d",
            result.queued,
            result.requeued,
            result.given_up,
        )
    return result
