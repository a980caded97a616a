"""Stats and the forecast."""

from ninja import Field, Schema
from pydantic import model_validator

from nomentum.api.schemas.base import CategoryName, Day
from nomentum.insights.forecast import DEFAULT_CONFIDENCE, MAX_FORECAST_YESES

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
    confidence: float = Field(DEFAULT_CONFIDENCE, gt=0, lt=1, description=CONFIDENCE)
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
