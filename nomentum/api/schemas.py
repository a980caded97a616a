import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints, field_serializer

from nomentum.asks.models import FIRST_DAY, LAST_DAY, Feedback, Outcome


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
# Bounded so that date arithmetic (asked_on + silence days) can never overflow.
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
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
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    q: Text | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=500)
    # Bounded: a database refuses an OFFSET beyond its integer range.
    offset: int = Field(0, ge=0, le=1_000_000_000)
