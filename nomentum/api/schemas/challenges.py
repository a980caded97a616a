"""Challenges, goals, the board and check-ins."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from nomentum.api.schemas.base import Day, Input, Name, NoNul, Page
from nomentum.challenges.board import SORTS

StateValue = Literal["upcoming", "running", "finished"]
SortValue = Literal["rejections", "points", "progress"]
Points = Annotated[int, Field(ge=0, le=10_000)]

assert set(SortValue.__args__) == set(SORTS)  # type: ignore[attr-defined]


class ChallengeIn(Input):
    name: Name
    starts_on: Day
    ends_on: Day = Field(description="Inclusive; at most 400 days after starts_on")


class GroupChallengeIn(ChallengeIn):
    points_per_rejection: int | None = Field(None, description="Points a rejection scores (10)")
    points_per_yes: int | None = Field(None, description="Points a yes scores (1)")


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


class GoalIn(Input):
    rejections_per_week: int | None = None
    rejections_total: int | None = None
    asks_total: int | None = None
    yeses_total: int | None = None


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
    goal_met: bool | None = Field(
        description="true once the week's rejections reach its target; false only after the "
        "week has ended short of it; null while it runs short, for weeks to come, for bonus "
        "days and when the goal has no weekly target"
    )
    target: int | None = Field(
        description="the week's rejection target: rejections_per_week, and for a shorter last "
        "week what the total leaves (0: bonus days); null without a weekly target"
    )
    state: Literal["met", "missed", "in_progress", "upcoming", "bonus", "no_target"] = Field(
        description="goal_met in words: in_progress while the week runs short of its target"
    )


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


class TallyIn(Input):
    asks: int | None = Field(None, description="At least rejections + yeses, which it defaults to")
    rejections: int = 0
    yeses: int = 0


class CheckInIn(Input):
    week: int
    note: Annotated[str, StringConstraints(max_length=2000), NoNul] = ""
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


class TallyOut(Schema):
    asks: int
    rejections: int
    yeses: int


class ChallengePatch(Input):
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
