"""Exporting the caller's asks and importing a CSV of them."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from nomentum.api.schemas.base import FeedbackValue, OutcomeValue

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
