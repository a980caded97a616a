"""What every schema shares: the strict Input body, error and page shapes, typed text and days."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    Strict,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from nomentum.asks.models import DAY_VALIDATORS, FIRST_DAY, LAST_DAY, Feedback, Outcome


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store or even compare a NUL character: refuse it here, not with a 500.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


NoNul = AfterValidator(_no_nul)
# Constraints go before the validator: after it, pydantic no longer knows the value for a
# string, checks its length as a collection's and speaks of items, not characters.
Text = Annotated[str, NoNul]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul
]
Recipient = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), NoNul]
CategoryName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40), NoNul]
Notes = Annotated[str, StringConstraints(max_length=5000), NoNul]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # pydantic would also read a number, or a string of one, as a Unix time ("1700000000").
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("Write a date as YYYY-MM-DD.")


def _in_calendar(value: dt.date) -> dt.date:
    # In the model's words; pydantic's own bound would print as "datetime.date(2999, 12, 31)".
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(DAY_VALIDATORS[0].message)
    return value


# Not strict even in a body: JSON has no date type, and _iso_day takes only YYYY-MM-DD text.
IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_day)]
# Bounded so that date arithmetic (asked_on + silence days) can never overflow.
Day = Annotated[IsoDate, AfterValidator(_in_calendar)]
# Money may come as a number or as a decimal string ("12.50"), which no float rounds;
# never as true or false.
Amount = Annotated[Decimal, Strict(False), Field(ge=0, max_digits=12, decimal_places=2)]
OutcomeValue = Literal["pending", "no", "yes", "no_response", "withdrawn"]
FeedbackValue = Literal["", "form", "personal", "invited_back"]

assert set(OutcomeValue.__args__) == set(Outcome.values)  # type: ignore[attr-defined]
assert set(FeedbackValue.__args__) - {""} == set(Feedback.values)  # type: ignore[attr-defined]


class Detail(Schema):
    detail: str


class Input(Schema):
    """A JSON body, read strictly: each value of its own JSON type, and only the fields named.

    Read loosely, "private": "yes" would be stored as true, "3" taken for 3, and a misspelt
    or read-only field ("id") dropped unread. Dates and amounts relax by their type above.
    Query parameters arrive as text and keep to Schema.
    """

    model_config = ConfigDict(extra="forbid", strict=True, from_attributes=False)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # In place of ninja's, which reads any value by its attributes so that an answer can
        # be built from a model instance: in a body, the number 5 became an empty tally.
        return handler(values)


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)

    def of(self, rows: QuerySet | list) -> dict:
        """Return a list's answer, `{count, items}`: every row's count and this page of them."""
        count = rows.count() if isinstance(rows, QuerySet) else len(rows)
        return {"count": count, "items": list(rows[self.offset : self.offset + self.limit])}


# A group's or a challenge's name.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), NoNul]
# Bounded so that a database never sees an integer it cannot hold.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
