import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Strict,
    StringConstraints,
    field_serializer,
    model_validator,
)

from nomentum.asks.models import FIRST_DAY, LAST_DAY, Feedback, Outcome
from nomentum.asks.queries import MAX_FORECAST_YESES
from nomentum.challenges.models import Role, Sharing
from nomentum.challenges.queries import SORTS
from nomentum.challenges.services import INVITE_DAYS


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store or even compare a NUL character: refuse it here, not with a 500.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
Title = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Recipient = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=200)]
CategoryName = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=40)]
Notes = Annotated[Text, StringConstraints(max_length=5000)]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # pydantic would also read a number, or a string of one, as a Unix time ("1700000000").
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("Write a date as YYYY-MM-DD.")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
# Bounded so that date arithmetic (asked_on + silence days) can never overflow.
Day = Annotated[IsoDate, Field(ge=FIRST_DAY, le=LAST_DAY)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
# A whole number in a JSON body: pydantic would otherwise read true as 1 and "3" as 3.
# (Query parameters arrive as text, so they stay plain int.)
Whole = Annotated[int, Strict()]
OutcomeValue = Literal["pending", "no", "yes", "no_response", "withdrawn"]
FeedbackValue = Literal["", "form", "personal", "invited_back"]

assert set(OutcomeValue.__args__) == set(Outcome.values)  # type: ignore[attr-defined]
assert set(FeedbackValue.__args__) - {""} == set(Feedback.values)  # type: ignore[attr-defined]


class Detail(Schema):
    detail: str


class SignupIn(Schema):
    username: str = Field(max_length=150)
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)


class SignupOut(Schema):
    id: int
    username: str


class TokenIn(Schema):
    username: Text = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: Text = Field("", max_length=80)


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    id: int
    username: str
    email: str
    timezone: str
    silence_days: int


class AskIn(Schema):
    title: Title
    recipient: Recipient = ""
    category: CategoryName | None = None
    asked_on: Day | None = None
    outcome: OutcomeValue = "pending"
    feedback: FeedbackValue = ""
    decided_on: Day | None = None
    amount: Amount | None = None
    notes: Notes = ""
    follow_up_on: Day | None = None
    private: bool = False


class AskPatch(Schema):
    title: Title | None = None
    recipient: Recipient | None = None
    category: CategoryName | None = None
    asked_on: Day | None = None
    outcome: OutcomeValue | None = None
    feedback: FeedbackValue | None = None
    decided_on: Day | None = None
    amount: Amount | None = None
    notes: Notes | None = None
    follow_up_on: Day | None = None
    private: bool | None = None


class AskOut(Schema):
    id: int
    title: str
    recipient: str
    category: str | None = Field(None, description="The category's name")
    asked_on: dt.date
    outcome: OutcomeValue
    feedback: FeedbackValue
    decided_on: dt.date | None
    amount: Decimal | None
    notes: str
    follow_up_on: dt.date | None
    private: bool
    counted_as: OutcomeValue = Field(
        description="The outcome as counted today: a silent pending ask counts as no_response"
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_category(ask) -> str | None:
        return ask.category.name if ask.category_id else None

    @field_serializer("amount")
    def amount_as_number(self, amount: Decimal | None) -> float | None:
        return None if amount is None else float(amount)


class AskList(Schema):
    count: int
    items: list[AskOut]


class AskFilters(Schema):
    outcome: OutcomeValue | None = None
    category: Text | None = Field(None, max_length=40)
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")
    q: Text | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=500)
    # Bounded: a database refuses an OFFSET beyond its integer range.
    offset: int = Field(0, ge=0, le=1_000_000_000)


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)


# Groups and challenges --------------------------------------------------------

Name = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Description = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=2000)]
RoleValue = Literal["organizer", "member"]
SharingValue = Literal["counts", "details"]
StateValue = Literal["upcoming", "running", "finished"]
SortValue = Literal["rejections", "points", "progress"]

assert set(RoleValue.__args__) == set(Role.values)  # type: ignore[attr-defined]
assert set(SharingValue.__args__) == set(Sharing.values)  # type: ignore[attr-defined]
assert set(SortValue.__args__) == set(SORTS)  # type: ignore[attr-defined]


class GroupIn(Schema):
    name: Name
    description: Description = ""


class GroupOut(Schema):
    id: int
    name: str
    description: str
    role: RoleValue = Field(description="The caller's role in the group")
    created_at: dt.datetime


class GroupList(Schema):
    count: int
    items: list[GroupOut]


class MemberOut(Schema):
    user_id: int
    username: str
    role: RoleValue
    sharing: SharingValue
    joined_at: dt.datetime

    @staticmethod
    def resolve_username(membership) -> str:
        return membership.user.username


class GroupDetail(GroupOut):
    members: list[MemberOut]


class InviteIn(Schema):
    days: Whole = Field(INVITE_DAYS, description="How long the link works: 1 to 90 days")


class InviteOut(Schema):
    code: str
    url: str = Field(description="The page a new member opens to join")
    expires_at: dt.datetime


class JoinedOut(Schema):
    group_id: int


class ChallengeIn(Schema):
    name: Name
    starts_on: Day
    ends_on: Day = Field(description="Inclusive; at most 400 days after starts_on")


class GroupChallengeIn(ChallengeIn):
    points_per_rejection: Whole | None = Field(None, description="Points a rejection scores (10)")
    points_per_yes: Whole | None = Field(None, description="Points a yes scores (1)")


class WeekOut(Schema):
    number: int
    starts_on: dt.date
    ends_on: dt.date


class ChallengeOut(Schema):
    id: int
    name: str
    group_id: int | None = Field(description="null for a personal challenge")
    starts_on: dt.date
    ends_on: dt.date
    state: StateValue = Field(description="On the caller's today")
    points_per_rejection: int
    points_per_yes: int
    weeks: list[WeekOut]

    @staticmethod
    def resolve_state(challenge, context) -> str:
        return challenge.state(context["request"].auth.today())

    @staticmethod
    def resolve_weeks(challenge) -> list:
        return challenge.weeks()


class ChallengeList(Schema):
    count: int
    items: list[ChallengeOut]


class GoalIn(Schema):
    rejections_per_week: Whole | None = None
    rejections_total: Whole | None = None
    asks_total: Whole | None = None
    yeses_total: Whole | None = None


class GoalTargets(Schema):
    rejections_per_week: int | None
    rejections_total: int | None
    asks_total: int | None
    yeses_total: int | None


class GoalOut(GoalTargets):
    rejections_target: int | None = Field(
        description="rejections_total, else rejections_per_week x the challenge's whole weeks"
    )
    updated_at: dt.datetime

    @staticmethod
    def resolve_rejections_target(goal) -> int | None:
        return goal.rejections_target(goal.challenge)


class BoardQuery(Schema):
    sort: SortValue = "rejections"


class BoardWeekOut(Schema):
    number: int
    asks: int
    rejections: int
    yeses: int
    goal_met: bool | None = Field(description="null when the goal has no weekly target")


class BoardMemberOut(Schema):
    user_id: int
    username: str
    name: str
    goal: GoalTargets | None
    goal_changed: bool
    rejections_target: int | None
    asks: int
    rejections: int
    yeses: int
    pending: int
    progress: float | None = Field(description="rejections / rejections_target; can pass 1")
    points: int
    rank: int | None
    hidden: bool = Field(description="Hidden from the ranking: only the member sees this row")
    milestones: list[str]
    weeks: list[BoardWeekOut]


class TotalsOut(Schema):
    members: int
    asks: int
    rejections: int
    yeses: int
    pending: int


class BoardOut(Schema):
    challenge: ChallengeOut
    sort: SortValue
    totals: TotalsOut
    members: list[BoardMemberOut]


class TallyIn(Schema):
    asks: Whole | None = Field(
        None, description="At least rejections + yeses, which it defaults to"
    )
    rejections: Whole = 0
    yeses: Whole = 0


class CheckInIn(Schema):
    week: Whole
    note: Annotated[Text, StringConstraints(max_length=2000)] = ""
    tally: TallyIn | None = None


class CheckInOut(Schema):
    id: int
    week: int
    note: str
    ask_ids: list[int] = Field(description="The asks the tally created")
    created_at: dt.datetime

    @staticmethod
    def resolve_ask_ids(checkin) -> list[int]:
        return sorted(ask.pk for ask in checkin.asks.all())


# Members, invites, the feed and cheers ------------------------------------------

# Bounded so that a database never sees an integer it cannot hold.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Points = Annotated[int, Field(ge=0, le=10_000)]


class MembershipPatch(Schema):
    sharing: SharingValue | None = Field(
        None, description="counts: the group sees your numbers only; details: titles too"
    )
    hidden_from_ranking: bool | None = Field(
        None, description="Leave the ranking; your numbers still count in the group's totals"
    )


class MembershipOut(MemberOut):
    group_id: int
    hidden_from_ranking: bool


class LeftOut(Schema):
    group_deleted: bool = Field(description="true when the caller was the last member")


class HandOverIn(Schema):
    user_id: Id = Field(description="The member who becomes the organizer")


class InviteItem(InviteOut):
    created_at: dt.datetime
    uses: int = Field(description="How many people joined by it")
    revoked: bool
    revoked_at: dt.datetime | None
    usable: bool = Field(description="Neither revoked nor expired")

    @staticmethod
    def resolve_revoked(invite) -> bool:
        return invite.revoked_at is not None

    @staticmethod
    def resolve_url(invite, context) -> str:
        return context["request"].build_absolute_uri(reverse("challenges:join", args=[invite.code]))

    @staticmethod
    def resolve_usable(invite) -> bool:
        return invite.is_usable(timezone.now())


class InviteList(Schema):
    count: int
    items: list[InviteItem]


class CheerOut(Schema):
    cheered: bool = Field(description="Whether the caller cheers the ask now")
    cheers: int = Field(description="Everyone's cheers on the ask")


class TallyOut(Schema):
    asks: int
    rejections: int
    yeses: int


class FeedAskOut(Schema):
    id: int
    title: str | None = Field(description="null unless the member shares details")
    recipient: str | None = Field(description="null unless the member shares details")
    outcome: OutcomeValue
    feedback: FeedbackValue
    decided_on: dt.date | None


class FeedCheckInOut(Schema):
    id: int
    challenge_id: int
    challenge_name: str
    week: int
    note: str | None = Field(description="null unless the member shares details")
    tally: TallyOut | None = Field(description="The counts of the asks its quick tally created")


class FeedItemOut(Schema):
    kind: Literal["no", "yes", "no_response", "checkin"]
    at: dt.datetime
    user_id: int
    username: str
    name: str = Field(description="The member's display name, else their username")
    ask: FeedAskOut | None
    cheers: int
    cheered: bool = Field(description="Whether the caller cheers this ask")
    checkin: FeedCheckInOut | None


class FeedOut(Schema):
    count: int
    items: list[FeedItemOut]


class ChallengePatch(Schema):
    name: Name | None = None
    starts_on: Day | None = None
    ends_on: Day | None = Field(None, description="Inclusive; at most 400 days after starts_on")
    points_per_rejection: Points | None = Field(None, description="A group challenge's only")
    points_per_yes: Points | None = Field(None, description="A group challenge's only")


class CheckInQuery(Page):
    week: int | None = Field(None, ge=1, le=1000, description="Only this week's check-ins")


class CheckInItem(Schema):
    id: int
    user_id: int
    username: str
    name: str = Field(description="The member's display name, else their username")
    week: int
    note: str | None = Field(description="null unless it is yours or its author shares details")
    tally: TallyOut | None = Field(description="The counts of the asks its quick tally created")
    created_at: dt.datetime


class CheckInList(Schema):
    count: int
    items: list[CheckInItem]


# Stats and the forecast -------------------------------------------------------

CONFIDENCE = "The chance wanted of at least that many yeses, strictly between 0 and 1"


class StatsQuery(Schema):
    date_from: Day | None = Field(None, alias="from", description="Asks from this day on")
    date_to: Day | None = Field(None, alias="to", description="Up to this day, inclusive")
    category: CategoryName | None = Field(None, description="A category's name or slug")
    challenge: int | None = Field(
        None, ge=1, description="Only the days of this challenge, one the caller takes part in"
    )

    @model_validator(mode="after")
    def from_before_to(self) -> "StatsQuery":
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("to: The end of the range cannot be before its start (from).")
        return self


class RatesOut(Schema):
    yes_rate: float | None = Field(description="yes / (yes + rejections); null with no answer")
    yes_rate_low: float | None = Field(
        description="The 90% credible interval of the yes rate; null with no answer"
    )
    yes_rate_high: float | None


class NumbersOut(RatesOut):
    asks: int = Field(description="Asks made in the range (asked_on)")
    rejections: int = Field(description="No's and no responses in the range, silent asks too")
    yeses: int
    pending: int = Field(description="Asked in the range and still waiting for an answer today")
    withdrawn: int = Field(description="Withdrawn in the range")
    nos_per_yes: float | None = Field(description="rejections / yeses; null before the first yes")
    median_days_to_answer: float | None = Field(
        description="Over the no's, no responses and yeses recorded with a date in the range"
    )


class CategoryStatsOut(NumbersOut):
    slug: str | None = Field(description="null for the asks without a category")
    name: str


class StatsOut(NumbersOut):
    by_category: list[CategoryStatsOut]


class ForecastQuery(Schema):
    yeses: int = Field(1, ge=1, le=MAX_FORECAST_YESES, description="k: how many more yeses")
    confidence: float = Field(0.8, gt=0, lt=1, description=CONFIDENCE)
    category: CategoryName | None = Field(None, description="A category's name or slug")


class BasedOnOut(Schema):
    yeses: int
    rejections: int


class ForecastOut(RatesOut):
    asks_needed: int | None = Field(
        description="The fewest asks that bring the yeses with that confidence; null when "
        "no number of asks would"
    )
    based_on: BasedOnOut = Field(
        description="All of the caller's history, of one category when given"
    )


# Import and export ---------------------------------------------------------------

ExportFormat = Literal["csv", "json"]


class ExportQuery(Schema):
    format: ExportFormat = Field(
        "json", description="json: {count, items}; csv: a text/csv attachment, the same columns"
    )


class ExportItem(Schema):
    title: str
    recipient: str
    category: str | None = Field(description="The category's name")
    asked_on: dt.date
    outcome: OutcomeValue
    feedback: FeedbackValue
    decided_on: dt.date | None
    amount: float | None
    notes: str
    follow_up_on: dt.date | None
    private: bool


class ExportOut(Schema):
    count: int
    items: list[ExportItem] = Field(description="Every ask of the caller's, oldest first")


class ImportQuery(Schema):
    dry_run: bool = Field(False, description="Check every row and write nothing")
    skip_duplicates: bool = Field(
        True,
        description="Leave out rows with the title, recipient and asked_on (in any case) of "
        "one of the caller's asks or of an earlier row",
    )


class ImportErrorOut(Schema):
    row: int = Field(description="The row as a spreadsheet numbers it: the header is row 1")
    field: str = Field(description="The ask field, or empty for the row as a whole")
    message: str


class ImportOut(Schema):
    created: int = Field(description="Asks written; in a dry run, the asks it would write")
    skipped: int = Field(description="Duplicates left out")
    errors: list[ImportErrorOut] = Field(description="Empty: any error and nothing is written")


class ImportFailedOut(Schema):
    detail: str
    created: int = Field(0, description="0: nothing was written")
    skipped: int = 0
    errors: list[ImportErrorOut] = Field(
        [], description="Each row's problems; empty when the file or the mapping is refused"
    )
