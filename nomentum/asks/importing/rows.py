"""Turning a row into an unsaved ask, validated by the model's own rules, and into its preview."""

import functools
from typing import Any

from django.core.exceptions import ValidationError

from nomentum.accounts.models import User
from nomentum.asks.exporting import restore
from nomentum.asks.importing.cells import (
    MONTH_FIRST,
    CellError,
    cached_slug,
    read_amount,
    read_date,
    read_feedback,
    read_outcome,
    read_private,
)
from nomentum.asks.importing.reading import Row
from nomentum.asks.models import CATEGORY_NAME_LENGTH, Ask, Outcome

TOO_LONG_A_CATEGORY = f"A category name has at most {CATEGORY_NAME_LENGTH} characters: shorten it."

Problems = list[tuple[str, str]]  # (field, message); "" for the row as a whole


def _text(value: str) -> str:
    return value.strip()


def _untouched(value: str) -> str:
    return value


def _or_none(read):
    return lambda value: read(value) if value.strip() else None


class RowReader:
    """Turn a row's cells into an unsaved Ask, validated, with the problems found."""

    def __init__(self, user: User, columns: dict[str, int], orders: dict[str, str], width: int):
        self.user = user
        self.columns = columns
        self.width = width
        dates = {
            name: _or_none(functools.partial(read_date, order=orders.get(name, MONTH_FIRST)))
            for name in ("asked_on", "decided_on", "follow_up_on")
        }
        readers = {
            "title": _text,
            "recipient": _text,
            "category": _text,
            "outcome": read_outcome,
            "feedback": read_feedback,
            "amount": _or_none(read_amount),
            "notes": _untouched,
            "private": read_private,
            **dates,
        }
        self.readers = [(name, index, readers[name]) for name, index in columns.items()]

    def read(self, row: Row) -> tuple[Ask, str, Problems]:
        """Return the row's ask, the name of its category, and the problems found in it."""
        values, errors = self._values(row.cells)
        failed = {name for name, _ in errors}
        category_name = values.pop("category", "")
        outcome, implied = values.pop("outcome", (Outcome.PENDING, ""))
        # A feedback column speaks over the word in the outcome column ("Rejected" + "form").
        values["feedback"] = values.get("feedback") or implied
        ask = Ask(user=self.user, outcome=outcome, **values)
        errors += _missing(ask, failed)
        _date_the_answer(ask, failed)
        errors += self._validate(ask, row.cells, failed)
        errors += _category_problems(category_name)
        return ask, category_name, errors

    def _values(self, cells: list[str]) -> tuple[dict[str, Any], Problems]:
        """Return each mapped field's value as read, and the problems of the cells not read."""
        errors: Problems = []
        if any(cell.strip() for cell in cells[self.width :]):
            errors.append(
                ("", f"This row has {len(cells)} cells and the header {self.width}: "
                 "is a comma or a quote missing?")
            )  # fmt: skip
        values: dict[str, Any] = {}
        for name, index, read in self.readers:
            try:
                values[name] = read(restore(cells[index]) if index < len(cells) else "")
            except CellError as exc:
                errors.append((name, str(exc)))
        return values, errors

    def _validate(self, ask: Ask, cells: list[str], failed: set[str]) -> Problems:
        """Return what the model's rules find wrong with the ask, but for the fields failed."""
        try:
            # The same rules as every other write, but for three things. The user and
            # the category are ours to set (checking that they exist costs a query a
            # row). The check constraints are stated in Python by Ask.clean(), and the
            # database enforces them again on insert, in the same transaction; checking
            # them here costs a query per constraint per row: 78 s for 50,000 rows.
            ask.full_clean(exclude=["user", "category", *failed], validate_constraints=False)
        except ValidationError as exc:
            # Ask.clean() checks fields together; a date already reported as unreadable
            # would also show up as a missing answer date, once too often.
            if "asked_on" in failed and "decided_on" not in self.columns_filled(cells):
                failed.add("decided_on")
            return [
                ("" if name == "__all__" else name, message)
                for name, messages in exc.message_dict.items()
                if name not in failed
                for message in messages
            ]
        return []

    def columns_filled(self, cells: list[str]) -> set[str]:
        return {
            name for name, index, _ in self.readers if index < len(cells) and cells[index].strip()
        }


def _missing(ask: Ask, failed: set[str]) -> Problems:
    """Return the fields every ask needs that the row left empty; add them to failed."""
    errors: Problems = []
    if not ask.title and "title" not in failed:
        errors.append(("title", "The title is missing."))
        failed.add("title")
    if ask.asked_on is None and "asked_on" not in failed:
        errors.append(("asked_on", "The date of the ask is missing."))
        failed.add("asked_on")
    return errors


def _date_the_answer(ask: Ask, failed: set[str]) -> None:
    if ask.outcome == Outcome.PENDING:
        # Trackers keep a date in the answer column of rows still waiting (a reminder,
        # the last follow-up): a pending ask has none, and the row is not refused for it,
        # as the page's form drops it too.
        ask.decided_on = None
    if "decided_on" not in failed:
        # The answer rule (Ask.set_outcome), with asked_on for today. The file says that
        # an answer came but not when, and asked_on is the one date it gives and the
        # earliest the answer can have come: today's date (what a page uses) would move
        # years-old no's into this week, and into any running challenge.
        ask.set_outcome(ask.outcome, ask.asked_on, ask.feedback, decided_on=ask.decided_on)


def _category_problems(category_name: str) -> Problems:
    if category_name and not cached_slug(category_name):
        return [("category", "A category name needs a letter or a digit.")]
    if len(category_name) > CATEGORY_NAME_LENGTH:
        # Cut short, two long names could fall into one category.
        return [("category", TOO_LONG_A_CATEGORY)]
    return []


def preview(row: Row, ask: Ask, category_name: str, fields: list[str], error: bool) -> dict:
    values: dict[str, Any] = {
        "category": category_name,
        "outcome": ask.get_outcome_display()
        + (
            f": {ask.get_feedback_display().lower()}"
            if ask.feedback and "feedback" not in fields
            else ""
        ),
        "feedback": ask.get_feedback_display() if ask.feedback else "",
        "private": "yes" if ask.private else "",
    }
    cells = []
    for name in fields:
        value = values[name] if name in values else getattr(ask, name)
        cells.append("" if value is None else str(value))
    return {"row": row.number, "cells": cells, "duplicate": False, "error": error}
