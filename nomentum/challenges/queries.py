"""A challenge as one person follows it: their running challenges and their goal road.

Also the recipients pooled across a group. The board is nomentum.challenges.board's;
the counting rules are nomentum.asks.counting's.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, FilteredRelation, Q, When

from nomentum.accounts.models import User
from nomentum.asks import counting
from nomentum.asks.counting import Window
from nomentum.asks.models import REJECTED, Ask, Outcome
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Goal, Membership, Sharing
from nomentum.insights.results import GoalRoad, RecipientNumbers

# The home page: my running challenges ------------------------------------------


@dataclass
class Running:
    challenge: Challenge
    rejections: int
    rejections_target: int | None


def running_for(user: User, today: dt.date) -> list[Running]:
    """Return the user's running challenges with their own rejections so far (two queries)."""
    challenges = list(
        services.challenges_of(user)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .annotate(my_goal=FilteredRelation("goals", condition=Q(goals__user=user)))
        # django-stubs does not know names that FilteredRelation adds.
        .select_related("my_goal")  # type: ignore[misc]
        .order_by("ends_on", "id")
    )
    if not challenges:
        return []
    windows = {f"c{c.pk}": Window(c.starts_on, c.ends_on) for c in challenges}
    counts, _ = counting.tallies(Ask.objects.filter(user=user), windows, today)
    result = []
    for challenge in challenges:
        goal: Goal | None = getattr(challenge, "my_goal", None)
        result.append(
            Running(
                challenge=challenge,
                rejections=counts[f"c{challenge.pk}"].rejections,
                rejections_target=goal.rejections_target(challenge) if goal else None,
            )
        )
    return result


# The goal road: my no's day by day through a challenge -------------------------------


def goal_road(challenge: Challenge, user: User, today: dt.date, target: int | None) -> GoalRoad:
    """Return the user's road through the challenge, in one query.

    `target` is the user's rejection target in it (None without a goal), which
    the caller already has from board() or running_for(). The query groups the
    user's asks by the day their no counts in the challenge (NULL for every
    other ask): at most one row a day, and the whole history's yeses, no's and
    pending asks come out as sums over the same rows.
    """
    in_challenge = counting.rejected_within(Window(challenge.starts_on, challenge.ends_on), today)
    rows = list(
        Ask.objects.filter(user=user)
        .annotate(
            day=Case(When(in_challenge, then=counting.rejected_on()), output_field=DateField())
        )
        .values("day")
        .order_by()
        .annotate(
            asks=Count("pk"),
            rejections=Count("pk", filter=Q(outcome__in=REJECTED) | counting.silent(today)),
            yeses=Count("pk", filter=Q(outcome=Outcome.YES)),
            pending=Count("pk", filter=counting.still_pending(today)),
        )
    )
    per_day = {row["day"]: row["asks"] for row in rows if row["day"] is not None}
    days = [challenge.starts_on + dt.timedelta(days=n) for n in range(challenge.days)]
    cumulative: list[int] = []
    for day in days:
        if day > today:
            break
        cumulative.append((cumulative[-1] if cumulative else 0) + per_day.get(day, 0))
    return GoalRoad(
        days=days,
        cumulative=cumulative,
        today=today,
        target=target,
        pending=sum(row["pending"] for row in rows),
        yeses=sum(row["yeses"] for row in rows),
        rejections=sum(row["rejections"] for row in rows),
    )


# Recipients pooled across a group -------------------------------------------------

# A recipient shows only when asks of at least this many members back it, so that
# no one member's record with a recipient can be read off the pool.
POOL_MIN_MEMBERS = 5


def pooled_recipients(group_id: int, today: dt.date) -> list[RecipientNumbers]:
    """Return recipient statistics pooled across the members who share details (two queries).

    Only members sharing details are pooled, never a private ask, and only
    recipients that asks of POOL_MIN_MEMBERS different members back are kept.
    """
    sharing = Membership.objects.filter(group_id=group_id, sharing=Sharing.DETAILS)
    asks = Ask.objects.filter(user__in=sharing.values("user"), private=False)
    return counting.recipient_stats(asks, today, min_members=POOL_MIN_MEMBERS)
