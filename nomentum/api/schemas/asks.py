"""Asks: what a client writes, what it reads back, and the list's filters."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import field_serializer

from nomentum.api.schemas.base import (
    Amount,
    CategoryName,
    Day,
    FeedbackValue,
    Input,
    IsoDate,
    Notes,
    OutcomeValue,
    Recipient,
    Text,
    Title,
)


class AskIn(Input):
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


class AskPatch(Input):
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
