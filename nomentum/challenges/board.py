"""The board: every number of a challenge, per member and per week, in a fixed number of queries.

The counting rules are nomentum.asks.counting's; this module only groups them.
The same Board feeds the page, the API, emails and charts (nomentum.numbers
keeps its rows in the cache).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet

from nomentum.accounts.models import User
from nomentum.asks import counting
from nomentum.asks.counting import Window
from nomentum.asks.models import Ask
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Goal, GoalChange, Membership, Week
from nomentum.insights.milestones import milestones_reached

SORTS = ("rejections", "points", "progress")


@dataclass
class WeekCount:
    number: int
    asks: int
    rejections: int
    yeses: int
    goal_met: bool | None
    target: int | None = None
    # "met", "missed", "in_progress", "upcoming", "bonus" (a 0 target) or "no_target".
    state: str = "no_target"


def week_state(rejections: int, target: int | None, week: Week, today: dt.date) -> str:
    """Return how a week stands against its target (DESIGN's "goal met (a week)").

    Met as soon as the rejections reach the target, even mid-week; missed only once the
    week has ended short of it; in progress while it runs short; upcoming before it starts.
    """
    if target is None:
        return "no_target"
    if target == 0:
        return "bonus"
    if rejections >= target:
        return "met"
    if today > week.ends_on:
        return "missed"
    if today < week.starts_on:
        return "upcoming"
    return "in_progress"


# goal_met as the API and the charts read it: null unless the week is met or missed.
GOAL_MET = {"met": True, "missed": False}


@dataclass
class Targets:
    """A member's goal as a board shows it: plain numbers, quick to cache and read back."""

    rejections_per_week: int | None
    rejections_total: int | None
    asks_total: int | None
    yeses_total: int | None


@dataclass
class MemberRow:
    user_id: int
    username: str
    name: str
    goal: Targets | None
    goal_changed: bool
    rejections_target: int | None
    asks: int
    rejections: int
    yeses: int
    pending: int
    points: int
    progress: float | None
    weeks: list[WeekCount]
    hidden: bool
    is_viewer: bool
    milestones: list[str] = field(default_factory=list)
    rank: int | None = None


@dataclass
class Totals:
    members: int = 0
    asks: int = 0
    rejections: int = 0
    yeses: int = 0
    pending: int = 0

    def add(self, row: MemberRow) -> None:
        self.members += 1
        self.asks += row.asks
        self.rejections += row.rejections
        self.yeses += row.yeses
        self.pending += row.pending


@dataclass
class Board:
    challenge: Challenge
    weeks: list[Week]
    members: list[MemberRow]
    totals: Totals
    sort: str
    state: str


def _participants(challenge: Challenge) -> list[tuple[User, bool]]:
    """Return (user, hidden from ranking) for everyone in the challenge, in one query."""
    if challenge.group_id is None:
        return [(User.objects.get(own_challenges=challenge), False)]
    # Only what a board row shows of a member: building a thousand whole users
    # took twice as long (bench/board.py).
    memberships = (
        Membership.objects.filter(group_id=challenge.group_id)
        .select_related("user")
        .only("hidden_from_ranking", "user__username", "user__display_name")
    )
    return [(m.user, m.hidden_from_ranking) for m in memberships]


def _participant_ids(challenge: Challenge) -> QuerySet:
    if challenge.group_id is None:
        return User.objects.filter(own_challenges=challenge).values("pk")
    return Membership.objects.filter(group_id=challenge.group_id).values("user")


def _counts(challenge: Challenge, weeks: list[Week], today: dt.date) -> dict[int, dict]:
    """Return each participant's counts for the whole challenge and each week, in one query."""
    whole = Window(challenge.starts_on, challenge.ends_on)
    aggregates = counting.tally_aggregates(whole, today, prefix="all_")
    aggregates["pending"] = Count(
        "pk", filter=counting.asked_within(whole) & counting.still_pending(today)
    )
    for week in weeks:
        window = Window(week.starts_on, week.ends_on)
        aggregates.update(counting.tally_aggregates(window, today, prefix=f"w{week.number}_"))
    rows = (
        Ask.objects.filter(counting.may_count_within(whole), user__in=_participant_ids(challenge))
        .values("user")
        .order_by()
        .annotate(**aggregates)
    )
    return {row["user"]: row for row in rows}


def _goals(challenge: Challenge) -> dict[int, Goal]:
    goals = Goal.objects.filter(challenge=challenge).annotate(
        changed=Exists(GoalChange.objects.filter(goal=OuterRef("pk")))
    )
    return {goal.user_id: goal for goal in goals}


def ranked_board(
    challenge: Challenge,
    weeks: list[Week],
    rows: list[MemberRow],
    totals: Totals,
    today: dt.date,
    viewer: User,
    sort: str = "rejections",
) -> Board:
    """Return the board as the viewer may see it, from its rows (board_rows(), or their copy)."""
    if sort not in SORTS:
        sort = "rejections"
    for row in rows:
        row.is_viewer = row.user_id == viewer.pk
    ranked = _rank([r for r in rows if not r.hidden], sort)
    # Hidden members still count in the totals; only the viewer sees their own row.
    ranked += [r for r in rows if r.hidden and r.is_viewer]
    return Board(challenge, weeks, ranked, totals, sort, challenge.state(today))


def board_rows(
    challenge: Challenge, weeks: list[Week], today: dt.date
) -> tuple[list[MemberRow], Totals]:
    """Return every participant's row, unranked and as no one in particular sees it."""
    counts = _counts(challenge, weeks, today)
    goals = _goals(challenge)
    totals = Totals()
    rows = []
    for user, hidden in _participants(challenge):
        row = counts.get(user.pk, {})
        goal = goals.get(user.pk)
        target = goal.rejections_target(challenge) if goal else None
        rejections = row.get("all_rejections", 0)
        yeses = row.get("all_yeses", 0)
        member = MemberRow(
            user_id=user.pk,
            username=user.username,
            name=str(user),
            goal=Targets(**{name: getattr(goal, name) for name in services.TARGETS})
            if goal
            else None,
            goal_changed=bool(goal and getattr(goal, "changed", False)),
            rejections_target=target,
            asks=row.get("all_asks", 0),
            rejections=rejections,
            yeses=yeses,
            pending=row.get("pending", 0),
            points=rejections * challenge.points_per_rejection + yeses * challenge.points_per_yes,
            progress=(rejections / target) if target else None,
            weeks=_week_counts(row, goal, challenge, weeks, today),
            hidden=hidden,
            is_viewer=False,
            milestones=milestones_reached(rejections, target),
        )
        totals.add(member)
        rows.append(member)
    return rows, totals


def _week_counts(
    row: dict, goal: Goal | None, challenge: Challenge, weeks: list[Week], today: dt.date
) -> list[WeekCount]:
    """Return a participant's numbers week by week, from their row of _counts()."""
    result = []
    for week in weeks:
        rejections = row.get(f"w{week.number}_rejections", 0)
        target = goal.week_target(challenge, week) if goal else None
        state = week_state(rejections, target, week, today)
        result.append(
            WeekCount(
                number=week.number,
                asks=row.get(f"w{week.number}_asks", 0),
                rejections=rejections,
                yeses=row.get(f"w{week.number}_yeses", 0),
                goal_met=GOAL_MET.get(state),
                target=target,
                state=state,
            )
        )
    return result


def _rank(rows: list[MemberRow], sort: str) -> list[MemberRow]:
    def key(row: MemberRow) -> tuple:
        primary: float = {
            "rejections": row.rejections,
            "points": row.points,
            "progress": row.progress if row.progress is not None else -1.0,
        }[sort]
        return (-primary, -row.rejections, row.name.lower(), row.user_id)

    rows = sorted(rows, key=key)
    previous = None
    for position, row in enumerate(rows, start=1):
        value = key(row)[0]
        # Equal scores share a rank: 1, 2, 2, 4.
        row.rank = rows[position - 2].rank if previous == value else position
        previous = value
    return rows
