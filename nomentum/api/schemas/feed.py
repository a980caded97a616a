"""A group's feed of answers and check-ins, and the cheers on them."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from nomentum.api.schemas.base import FeedbackValue, OutcomeValue
from nomentum.api.schemas.challenges import TallyOut


class CheerOut(Schema):
    cheered: bool = Field(description="Whether the caller cheers the ask now")
    cheers: int = Field(description="Everyone's cheers on the ask")


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
