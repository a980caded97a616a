"""The board: every number of a challenge, per member and per week, in a fixed number of queries.

The counting rules are asks.queries'; this module only groups them. The
same Board feeds the page, the API, emails and charts.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import GreaterThanOrEqual

from nomentum.accounts.models import DataVersion, User
from nomentum.accounts.versions import remember, user_version
from nomentum.asks import queries as ask_queries
from nomentum.asks.models import REJECTED, Ask, Outcome
from nomentum.asks.queries import Window
from nomentum.challenges import services
from nomentum.challenges.models import (
    Challenge,
    CheckIn,
    Cheer,
    Goal,
    GoalChange,
    Membership,
    Sharing,
    Week,
)
from nomentum.insights.milestones import milestones_reached

SORTS = ("rejections", "points", "progress")
# The longest silence rule a user can set: an ask this old can still fall silent in the window.
MAX_SILENCE_DAYS = 365


@dataclass
class WeekCount:
    number: int
    asks: int
    rejections: int
    yeses: int
    goal_met: bool | None


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
    aggregates = ask_queries.tally_aggregates(whole, today, prefix="all_")
    aggregates["pending"] = Count(
        "pk", filter=ask_queries.asked_within(whole) & ask_queries.still_pending(today)
    )
    for week in weeks:
        window = Window(week.starts_on, week.ends_on)
        aggregates.update(ask_queries.tally_aggregates(window, today, prefix=f"w{week.number}_"))
    # Only asks that can count: asked in the window, answered in it, or pending
    # and silent from its first day on (no silence rule is longer than
    # MAX_SILENCE_DAYS). The indexes skip a member's old, answered history,
    # which would otherwise be most of the rows (bench/board.py: 100k -> 55k).
    may_fall_silent = Q(
        outcome=Outcome.PENDING,
        asked_on__gte=whole.start - dt.timedelta(days=MAX_SILENCE_DAYS),
        asked_on__lt=whole.start,
    ) & Q(GreaterThanOrEqual(ask_queries.silent_on(), whole.start))
    relevant = (
        ask_queries.asked_within(whole)
        | Q(decided_on__gte=whole.start, decided_on__lte=whole.end)
        | may_fall_silent
    )
    rows = (
        Ask.objects.filter(relevant, user__in=_participant_ids(challenge))
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


def board(challenge: Challenge, today: dt.date, viewer: User, sort: str = "rejections") -> Board:
    """Return the challenge's board as the viewer may see it.

    The counts are cached until a participant's data changes (board_version); on a miss
    they take three queries, whatever the size.
    """
    if sort not in SORTS:
        sort = "rejections"
    weeks = challenge.weeks()
    rows, totals = remember(
        "board",
        board_version(challenge),
        (challenge.pk, today),
        lambda: _rows(challenge, weeks, today),
    )
    for row in rows:
        row.is_viewer = row.user_id == viewer.pk
    ranked = _rank([r for r in rows if not r.hidden], sort)
    # Hidden members still count in the totals; only the viewer sees their own row.
    ranked += [r for r in rows if r.hidden and r.is_viewer]
    return Board(challenge, weeks, ranked, totals, sort, challenge.state(today))


def board_version(challenge: Challenge) -> tuple | None:
    """Return what changes whenever a number on the challenge's board may (one query).

    That is its participants' data versions (which the challenge's own changes
    update too) and who the participants are: joining adds a membership with a
    higher id than any before, leaving lowers the count. None: do not cache.
    """
    if challenge.group_id is None:
        version = user_version(challenge.owner_id) if challenge.owner_id else None
        return None if version is None else (version,)
    # A join the ORM cannot write without a foreign key (DataVersion has none): a
    # fifth of the time of the same numbers through a correlated subquery.
    sql = (
        "SELECT COUNT(*), MAX(m.id), SUM(v.version), COUNT(v.version) "  # noqa: S608 (table names)
        f"FROM {Membership._meta.db_table} m LEFT JOIN {DataVersion._meta.db_table} v "
        "ON v.user_id = m.user_id WHERE m.group_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [challenge.group_id])
        members, newest, total, known = cursor.fetchone()
    if known != members:
        return None
    return (members, newest, total)


def _rows(
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
        week_counts = []
        for week in weeks:
            week_rejections = row.get(f"w{week.number}_rejections", 0)
            needed = goal.week_target(week) if goal else None
            week_counts.append(
                WeekCount(
                    number=week.number,
                    asks=row.get(f"w{week.number}_asks", 0),
                    rejections=week_rejections,
                    yeses=row.get(f"w{week.number}_yeses", 0),
                    goal_met=None if needed is None else week_rejections >= needed,
                )
            )
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
            weeks=week_counts,
            hidden=hidden,
            is_viewer=False,
            milestones=milestones_reached(rejections, target),
        )
        totals.members += 1
        totals.asks += member.asks
        totals.rejections += member.rejections
        totals.yeses += member.yeses
        totals.pending += member.pending
        rows.append(member)
    return rows, totals


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


# The group feed --------------------------------------------------------------


@dataclass
class FeedItem:
    kind: str  # "no", "yes", "no_response" or "checkin"
    at: dt.datetime
    user_id: int
    name: str
    ask: Ask | None = None
    details: bool = False
    cheers: int = 0
    cheered: bool = False
    checkin: CheckIn | None = None


def _feed_asks(group_id: int) -> QuerySet[Ask]:
    """Answers the group may see: current members' answered asks, never a private one."""
    members = Membership.objects.filter(group_id=group_id).values("user")
    return Ask.objects.filter(
        user__in=members, private=False, outcome__in=[Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE]
    )


def _feed_checkins(group_id: int) -> QuerySet[CheckIn]:
    members = Membership.objects.filter(group_id=group_id).values("user")
    return CheckIn.objects.filter(challenge__group_id=group_id, user__in=members)


def feed_size(group_id: int) -> int:
    """Return how many items the whole feed holds (two queries)."""
    return _feed_asks(group_id).count() + _feed_checkins(group_id).count()


def checkin_tallies(checkin_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return each check-in's tally, counted from the asks it created as they stand now.

    One query; a check-in without a tally (a note only) is missing from the answer.
    """
    if not checkin_ids:
        return {}
    rows = (
        CheckIn.asks.through.objects.filter(checkin_id__in=checkin_ids)
        .values("checkin_id")
        .order_by()
        .annotate(
            asks=Count("pk"),
            rejections=Count("pk", filter=Q(ask__outcome__in=[Outcome.NO, Outcome.NO_RESPONSE])),
            yeses=Count("pk", filter=Q(ask__outcome=Outcome.YES)),
        )
    )
    return {
        row["checkin_id"]: {name: row[name] for name in ("asks", "rejections", "yeses")}
        for row in rows
    }


def challenge_checkins(challenge: Challenge, viewer: User) -> QuerySet[CheckIn]:
    """Return the check-ins the viewer may see, annotated with their authors' sharing.

    Members who left take their check-ins with them, as in the feed.
    """
    checkins = CheckIn.objects.filter(challenge=challenge).select_related("user")
    if challenge.group_id is None:
        return checkins.filter(user=viewer).annotate(sharing=Value(Sharing.DETAILS))
    members = Membership.objects.filter(group_id=challenge.group_id)
    sharing = Subquery(members.filter(user=OuterRef("user")).values("sharing")[:1])
    return checkins.filter(user__in=members.values("user")).annotate(sharing=sharing)


def shows_details(item: Ask | CheckIn, viewer: User) -> bool:
    """Whether the viewer may read an item's words: their own, or an author who shares details."""
    return item.user_id == viewer.pk or getattr(item, "sharing", "") == Sharing.DETAILS


def group_feed(group_id: int, viewer: User, limit: int = 30) -> list[FeedItem]:
    """Return the newest answers and check-ins of a group's members, as the viewer may see them.

    A private ask never appears; a member sharing counts only shows as "a no",
    a member sharing details with its title and recipient.
    """
    members = Membership.objects.filter(group_id=group_id)
    sharing = Subquery(members.filter(user=OuterRef("user")).values("sharing")[:1])
    asks = (
        _feed_asks(group_id)
        .select_related("user", "category")
        .annotate(
            sharing=sharing,
            cheer_count=Count("cheers"),
            cheered=Exists(Cheer.objects.filter(ask=OuterRef("pk"), user=viewer)),
        )
        .order_by("-updated_at", "-id")[:limit]
    )
    items = [
        FeedItem(
            kind=ask.outcome,
            at=ask.updated_at,
            user_id=ask.user_id,
            name=str(ask.user),
            ask=ask,
            details=shows_details(ask, viewer),
            cheers=ask.cheer_count,
            cheered=ask.cheered,
        )
        for ask in asks
    ]
    checkins = (
        _feed_checkins(group_id)
        .select_related("user", "challenge")
        .annotate(sharing=sharing)
        .order_by("-created_at", "-id")[:limit]
    )
    items += [
        FeedItem(
            kind="checkin",
            at=checkin.created_at,
            user_id=checkin.user_id,
            name=str(checkin.user),
            checkin=checkin,
            details=shows_details(checkin, viewer),
        )
        for checkin in checkins
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


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
    counts, _ = ask_queries.tallies(Ask.objects.filter(user=user), windows, today)
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


@dataclass
class GoalRoad:
    """One person's road through a challenge: their no's day by day against the goal.

    `cumulative[i]` is the no's counted by the end of `days[i]`, from the first
    day up to today (every day once the challenge is over, none before it
    starts). `pending`, `yeses` and `rejections` are the person's whole history
    today: the asks still out and the answers that say how many no's those
    will likely bring.
    """

    days: list[dt.date]
    cumulative: list[int]
    today: dt.date
    target: int | None
    pending: int
    yeses: int
    rejections: int

    @property
    def starts_on(self) -> dt.date:
        return self.days[0]

    @property
    def ends_on(self) -> dt.date:
        return self.days[-1]


def goal_road(challenge: Challenge, user: User, today: dt.date, target: int | None) -> GoalRoad:
    """Return the user's road through the challenge, in one query.

    `target` is the user's rejection target in it (None without a goal), which
    the caller already has from board() or running_for(). The query groups the
    user's asks by the day their no counts in the challenge (NULL for every
    other ask): at most one row a day, and the whole history's yeses, no's and
    pending asks come out as sums over the same rows.
    """
    whole = Window(challenge.starts_on, challenge.ends_on)
    in_challenge = ask_queries.rejected_within(whole, today)
    # A no counts on decided_on; a silent ask on the day it fell silent.
    rejected_on = Case(
        When(outcome__in=REJECTED, then=F("decided_on")),
        default=ask_queries.silent_on(),
        output_field=DateField(),
    )
    rows = list(
        Ask.objects.filter(user=user)
        .annotate(day=Case(When(in_challenge, then=rejected_on), output_field=DateField()))
        .values("day")
        .order_by()
        .annotate(
            asks=Count("pk"),
            rejections=Count("pk", filter=Q(outcome__in=REJECTED) | ask_queries.silent(today)),
            yeses=Count("pk", filter=Q(outcome=Outcome.YES)),
            pending=Count("pk", filter=ask_queries.still_pending(today)),
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


def pooled_recipients(group_id: int, today: dt.date) -> list[ask_queries.RecipientNumbers]:
    """Return recipient statistics pooled across the members who share details (two queries).

    Only members sharing details are pooled, never a private ask, and only
    recipients that asks of POOL_MIN_MEMBERS different members back are kept.
    """
    sharing = Membership.objects.filter(group_id=group_id, sharing=Sharing.DETAILS)
    asks = Ask.objects.filter(user__in=sharing.values("user"), private=False)
    return ask_queries.recipient_stats(asks, today, min_members=POOL_MIN_MEMBERS)
