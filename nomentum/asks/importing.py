"""Asks from a CSV file: parse it, guess its columns, validate every row, write all or nothing.

1. parse(): the bytes of a file -> a Table of headers and numbered rows.
2. guess_mapping(): which column holds which ask field, from the headers.
3. import_asks(): every row converted and validated by the model's own rules
   (Ask.full_clean); any error and nothing is written; duplicates skipped;
   categories created on first use; rows inserted in batches.

Rows are numbered as a spreadsheet shows the file: the header is row 1 and a
blank line is a row of its own (skipped, but counted), so "row 7" in an error
is row 7 in Excel or LibreOffice. A quoted cell spanning lines is one row.
"""

import base64
import binascii
import csv
import datetime as dt
import functools
import io
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from nomentum.accounts.models import User
from nomentum.asks import services
from nomentum.asks.exporting import COLUMNS, restore
from nomentum.asks.models import Ask, Category, Feedback, Outcome, category_slug
from nomentum.lib.errors import Refusal

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
PREVIEW_ROWS = 20
BATCH_SIZE = 2000

# The ask fields a column can fill, in the export's order; "" in a mapping ignores a column.
FIELDS: tuple[str, ...] = COLUMNS
REQUIRED = ("title", "asked_on")
FIELD_LABELS = {
    "title": "Title",
    "recipient": "Recipient",
    "category": "Category",
    "asked_on": "Asked on",
    "outcome": "Outcome",
    "feedback": "Feedback",
    "decided_on": "Answered on",
    "amount": "Amount",
    "notes": "Notes",
    "follow_up_on": "Follow up on",
    "private": "Private",
}
assert set(FIELD_LABELS) == set(FIELDS)


class ImportRefused(Refusal):
    """The file as a whole cannot be imported: not CSV text, too many rows, a bad mapping."""


class FileTooLarge(ImportRefused):
    status = 413


TOO_LARGE = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into smaller files."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} rows: split it into smaller files."


# Parsing ----------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as a spreadsheet counts: the header is row 1
    cells: list[str]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row]
    delimiter: str = ","


def parse(data: bytes) -> Table:
    """Return the file's headers and its non-blank rows; raise ImportRefused for a bad file.

    UTF-8 with or without a byte order mark; comma, semicolon or tab, whichever
    the header line uses most; quoted cells may hold delimiters, quotes ("") and
    line breaks; any line ends. Empty and repeated headers get names of their
    own ("Column 4", "Notes (2)") so that a mapping can name every column.
    """
    if len(data) > MAX_BYTES:
        raise FileTooLarge(TOO_LARGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            f"The file is not UTF-8 text (line {line} has a byte that is not): "
            "in your spreadsheet, save it as “CSV UTF-8”."
        ) from None
    if "\x00" in text:
        raise ImportRefused("The file holds null characters: it is not a CSV text file.")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[Row] = []
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportRefused(f"Row {number} cannot be read as CSV: {exc}.") from None
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = _unique_headers(cells)
            continue
        if len(rows) == MAX_ROWS:
            raise ImportRefused(TOO_MANY_ROWS)
        rows.append(Row(number, cells))
    if headers is None:
        raise ImportRefused("The file is empty: it needs a header row and a row per ask.")
    return Table(headers, rows, delimiter)


def _sniff_delimiter(text: str) -> str:
    """Return the delimiter the header line uses most, outside quotes (a comma when none)."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    seen = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            if seen:
                break  # the end of the first non-blank line
        elif char in counts:
            counts[char] += 1
            seen = True
        elif not char.isspace():
            seen = True
    # Ties go to the comma: the order of the dict.
    return max(counts, key=lambda delimiter: counts[delimiter])


def _unique_headers(cells: list[str]) -> list[str]:
    headers: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = " ".join(restore(cell).split()) or f"Column {index}"
        unique, n = name, 1
        while unique in headers:
            n += 1
            unique = f"{name} ({n})"
        headers.append(unique)
    return headers


# Guessing the mapping ---------------------------------------------------------

# Headers as people write them, compared in lower case without spaces or punctuation.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "title": (
        "title", "what", "piece", "story", "submission", "work", "pitch", "ask", "project",
        "position", "role", "job", "jobtitle", "opportunity",
    ),
    "recipient": (
        "recipient", "publication", "publisher", "market", "magazine", "journal", "outlet",
        "venue", "agent", "editor", "company", "employer", "organization", "organisation",
        "donor", "funder", "foundation", "investor", "prospect", "whom", "to",
    ),
    "category": ("category", "type", "kind", "genre", "campaign", "program", "programme"),
    "asked_on": (
        "askedon", "datesubmitted", "datesent", "submitted", "sent", "submissiondate",
        "sentdate", "date", "dateasked", "askdate", "asked", "applied", "dateapplied",
        "applicationdate",
    ),
    "outcome": ("outcome", "status", "result", "response", "decision", "answer", "reply"),
    "feedback": ("feedback", "rejectiontype", "kindofno"),
    "decided_on": (
        "decidedon", "responsedate", "resultdate", "decisiondate", "dateresponded",
        "datereplied", "replydate", "answeredon", "dateofresponse", "responded", "replied",
        "datedecided", "answerdate",
    ),
    "amount": ("amount", "askamount", "fee", "payment", "pay", "salary", "value", "sum"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "details"),
    "follow_up_on": ("followupon", "followup", "followupdate", "nextfollowup"),
    "private": ("private",),
}  # fmt: skip
_HEADER_FIELD = {word: name for name, words in HEADER_WORDS.items() for word in words}


def header_key(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.casefold())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Return column -> ask field for every header, "" for a column to ignore.

    The first column that names a field gets it: with both "Date Submitted" and
    "Date Sent", the first is the date of the ask and the second is ignored.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = _HEADER_FIELD.get(header_key(header), "")
        if name in taken:
            name = ""
        taken.add(name)
        mapping[header] = name
    return mapping


def check_mapping(mapping: Any, headers: list[str]) -> dict[str, str]:
    """Return the mapping with every column of the file, or raise ImportRefused saying why not."""
    if not isinstance(mapping, dict) or not all(
        isinstance(column, str) and (name is None or isinstance(name, str))
        for column, name in mapping.items()
    ):
        raise ImportRefused(
            'The mapping must be a JSON object from column to field: {"Date Sent": "asked_on"}.'
        )
    unknown_columns = [column for column in mapping if column not in headers]
    if unknown_columns:
        raise ImportRefused(
            f"The mapping names a column the file does not have: “{unknown_columns[0]}”. "
            f"Its columns are: {', '.join(headers)}."
        )
    checked = {header: mapping.get(header) or "" for header in headers}
    unknown_fields = [name for name in checked.values() if name and name not in FIELDS]
    if unknown_fields:
        raise ImportRefused(
            f"“{unknown_fields[0]}” is not an ask field: map columns to {', '.join(FIELDS)}, "
            'or to "" to ignore them.'
        )
    by_field: dict[str, list[str]] = {}
    for column, name in checked.items():
        if name:
            by_field.setdefault(name, []).append(column)
    for name, columns in by_field.items():
        if len(columns) > 1:
            raise ImportRefused(
                f"Two columns fill {name}: “{columns[0]}” and “{columns[1]}”. Map only one."
            )
    missing = [name for name in REQUIRED if name not in by_field]
    if missing:
        wanted = " and ".join(f"one to {name}" for name in missing)
        raise ImportRefused(
            f"Map a column to title and one to asked_on: every ask needs them (missing: {wanted})."
        )
    return checked


# Reading cells ----------------------------------------------------------------


class CellError(ValueError):
    pass


# The readers below are pure, and a file repeats its words and days thousands of times.
_cached = functools.lru_cache(maxsize=4096)
_slug = _cached(category_slug)  # three calls a row; 0.1 s a 50,000 calls uncached


def _words(value: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.casefold()).split())


# Outcome words -> (outcome, feedback implied). Compared as lower-case words, so
# "No_Response", "no-response" and "No response" are one.
OUTCOME_WORDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ["", "pending", "waiting", "submitted", "sent", "open", "applied", "in progress",
         "awaiting response", "interview", "interviewing", "queried"],
        (Outcome.PENDING, ""),
    ),
    **dict.fromkeys(
        ["no", "r", "rejected", "rejection", "declined", "turned down", "not selected", "passed"],
        (Outcome.NO, ""),
    ),
    **dict.fromkeys(
        ["form rejection", "form", "form no", "form rejected", "fr"],
        (Outcome.NO, Feedback.FORM),
    ),
    **dict.fromkeys(
        ["personal rejection", "personal", "personal no", "personal rejected", "pr"],
        (Outcome.NO, Feedback.PERSONAL),
    ),
    **dict.fromkeys(
        ["invited back", "invited to resubmit", "revise and resubmit", "r r", "rr"],
        (Outcome.NO, Feedback.INVITED_BACK),
    ),
    **dict.fromkeys(
        ["yes", "a", "accepted", "acceptance", "published", "approved", "funded", "offer",
         "hired", "granted", "won"],
        (Outcome.YES, ""),
    ),
    **dict.fromkeys(
        ["no response", "noresponse", "nr", "no reply", "no answer", "ghosted", "silence",
         "never heard back"],
        (Outcome.NO_RESPONSE, ""),
    ),
    **dict.fromkeys(["withdrawn", "withdrew", "withdraw", "w"], (Outcome.WITHDRAWN, "")),
}  # fmt: skip
FEEDBACK_WORDS: dict[str, str] = {
    "": "",
    **dict.fromkeys(["form", "form no", "form rejection"], Feedback.FORM),
    **dict.fromkeys(["personal", "personal no", "personal rejection"], Feedback.PERSONAL),
    **dict.fromkeys(["invited back", "invited to resubmit", "revise and resubmit"], "invited_back"),
}
TRUE_WORDS = {"yes", "y", "true", "t", "1", "x", "private"}
FALSE_WORDS = {"", "no", "n", "false", "f", "0", "public"}

OUTCOME_HELP = (
    "use Rejected, Form rejection, Personal rejection, Accepted, Published, Withdrawn, "
    "No response or Pending (or the codes R, PR, A, NR)"
)


@_cached
def read_outcome(value: str) -> tuple[str, str]:
    found = OUTCOME_WORDS.get(_words(value))
    if found is None:
        raise CellError(f"“{value}” is not an outcome Nomentum knows: {OUTCOME_HELP}.")
    return found


@_cached
def read_feedback(value: str) -> str:
    found = FEEDBACK_WORDS.get(_words(value))
    if found is None:
        raise CellError(
            f"“{value}” is not feedback Nomentum knows: use form, personal or invited back."
        )
    return found


@_cached
def read_private(value: str) -> bool:
    word = _words(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"“{value}” is neither yes nor no.")


_MONTHS = {
    name[:3]: number
    for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"],
        start=1,
    )
}  # fmt: skip
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2}| ?[ap]m)?)?"  # casefolded
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})" + _TIME)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME)
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([a-z]{3,9})\.?[ -](\d{4}|\d{2})")
_MONTH_NAME_DAY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")

# Slashed dates, 11/03/2025, are taken month first, as Excel and Google Sheets
# write them in their default (US English) locale, and as the same day appears
# beside 2025-11-03 in the trackers this import was written for. A file whose
# slashed dates cannot be month first (a first number above 12, none second)
# is read day first throughout, as a British or European spreadsheet writes
# them: one reading for the whole file, never a guess per cell. Dotted dates
# (3.11.2025) are only ever written day first, so they need no guess.
MONTH_FIRST = "month first"
DAY_FIRST = "day first"


def slashed_order(values: Iterable[str]) -> str:
    """Return how the file's slashed dates read: MONTH_FIRST unless only day first fits."""
    first_over_12 = second_over_12 = False
    for value in values:
        match = _SLASHED.fullmatch(value.strip())
        if match:
            first_over_12 |= int(match[1]) > 12
            second_over_12 |= int(match[2]) > 12
    return DAY_FIRST if first_over_12 and not second_over_12 else MONTH_FIRST


def _year(text: str) -> int:
    # Two digits as strftime's %y reads them: 69-99 are the 1900s, 00-68 the 2000s.
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 69 else 2000
    return year


@_cached
def read_date(value: str, order: str = MONTH_FIRST) -> dt.date:
    text = value.strip().casefold()
    try:
        if match := _ISO.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _SLASHED.fullmatch(text):
            first, second = int(match[1]), int(match[2])
            month, day = (first, second) if order == MONTH_FIRST else (second, first)
            return dt.date(_year(match[3]), month, day)
        if match := _DOTTED.fullmatch(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _DAY_MONTH_NAME.fullmatch(text)) and match[2][:3] in _MONTHS:
            return dt.date(_year(match[3]), _MONTHS[match[2][:3]], int(match[1]))
        if (match := _MONTH_NAME_DAY.fullmatch(text)) and match[1][:3] in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[1][:3]], int(match[2]))
    except ValueError:
        raise CellError(f"“{value}” is not a day of the calendar.") from None
    example = "11/03/2025" if order == MONTH_FIRST else "03/11/2025"
    raise CellError(f"“{value}” is not a date Nomentum reads: write 2025-11-03 or {example}.")


_CURRENCY = re.compile(r"[\s$€£¥]|usd|eur|gbp|chf|cad|aud", re.IGNORECASE)


@_cached
def read_amount(value: str) -> Decimal:
    """Return an amount: 1500, 1,500.50, $1,500, 1.500,50 € and 12,50 are all read."""
    text = _CURRENCY.sub("", value)
    if "," in text and "." in text:
        # The later of the two separates the cents.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if re.fullmatch(r"-?\d+,\d{1,2}", text):
            text = text.replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", text):
            text = text.replace(",", "")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?|-?\.\d+", text):
        raise CellError(f"“{value}” is not an amount: write it like 1500 or 1500.00.")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{value}” is not an amount: write it like 1500 or 1500.00.") from None


# Importing --------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, or (dry_run, or any error) what it would do.

    created and skipped count the asks written and the duplicates left out; in
    a dry run, those it would write and leave out. With any error, nothing is
    written and created is 0.
    """

    created: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)  # {row, field, message}
    preview: list[dict[str, Any]] = field(default_factory=list)  # {row, cells, duplicate, error}
    rows: int = 0
    duplicates: int = 0  # found, whether skipped or not
    valid: int = 0  # rows without an error
    fields: list[str] = field(default_factory=list)  # the preview's columns, in FIELDS order
    mapping: dict[str, str] = field(default_factory=dict)
    new_categories: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def import_asks(
    user: User,
    data: bytes,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_duplicates: bool = True,
) -> ImportReport:
    """Import the CSV's rows as the user's asks: all of them, or none when any row fails.

    The mapping (column -> field) is guessed from the headers when not given.
    Raise ImportRefused when the file or the mapping cannot be used at all.
    """
    return import_table(user, parse(data), mapping, dry_run, skip_duplicates)


def import_table(
    user: User,
    table: Table,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_duplicates: bool = True,
) -> ImportReport:
    """Import a table parse() returned: the page parses a file once for its columns and rows."""
    checked = check_mapping(
        guess_mapping(table.headers) if mapping is None else mapping, table.headers
    )
    columns = {name: table.headers.index(column) for column, name in checked.items() if name}
    # The preview shows the mapped fields, and the answer date an outcome may bring.
    shown = {*columns, *(["decided_on"] if "outcome" in columns else [])}
    report = ImportReport(
        rows=len(table.rows),
        fields=[name for name in FIELDS if name in shown],
        mapping=checked,
        dry_run=dry_run,
    )
    categories = {category.slug: category for category in Category.objects.filter(user=user)}
    orders = {
        name: slashed_order(row.cells[index] for row in table.rows if index < len(row.cells))
        for name, index in columns.items()
        if name in ("asked_on", "decided_on", "follow_up_on")
    }
    reader = _RowReader(user, columns, orders, len(table.headers))
    asks: list[tuple[Row, Ask, str]] = []  # with the category name to resolve on writing
    for row in table.rows:
        ask, category_name, errors = reader.read(row)
        if category_name and not _slug(category_name):
            errors.append(("category", "A category name needs a letter or a digit."))
        for name, message in errors:
            report.errors.append({"row": row.number, "field": name, "message": message})
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append(_preview(row, ask, category_name, report.fields, bool(errors)))
        if not errors:
            asks.append((row, ask, category_name))
    report.valid = len(asks)

    duplicates = _duplicates(user, [ask for _, ask, _ in asks])
    report.duplicates = len(duplicates)
    previewed = {entry["row"]: entry for entry in report.preview}
    new_categories: dict[str, str] = {}
    for row, ask, category_name in asks:
        if id(ask) in duplicates:
            if row.number in previewed:
                previewed[row.number]["duplicate"] = True
            if skip_duplicates:
                continue
        slug = _slug(category_name)
        if slug and slug not in categories:
            new_categories.setdefault(slug, category_name[:40])
    report.new_categories = sorted(new_categories.values(), key=str.casefold)
    if report.errors:
        return report
    if dry_run:
        report.skipped = report.duplicates if skip_duplicates else 0
        report.created = len(asks) - report.skipped
        return report
    report.created, report.skipped = _write(user, asks, categories, skip_duplicates)
    return report


def _text(value: str) -> str:
    return value.strip()


def _untouched(value: str) -> str:
    return value


def _or_none(read):
    return lambda value: read(value) if value.strip() else None


class _RowReader:
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

    def read(self, row: Row) -> tuple[Ask, str, list[tuple[str, str]]]:
        errors: list[tuple[str, str]] = []
        cells = row.cells
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
        failed = {name for name, _ in errors}

        category_name = values.pop("category", "")
        outcome, implied = values.pop("outcome", (Outcome.PENDING, ""))
        # A feedback column speaks over the word in the outcome column ("Rejected" + "form").
        values["feedback"] = values.get("feedback") or implied
        ask = Ask(user=self.user, outcome=outcome, **values)
        if not ask.title and "title" not in failed:
            errors.append(("title", "The title is missing."))
            failed.add("title")
        if ask.asked_on is None and "asked_on" not in failed:
            errors.append(("asked_on", "The date of the ask is missing."))
            failed.add("asked_on")
        if ask.outcome == Outcome.PENDING:
            # As every other write does (services.save_ask): a pending ask has no answer date.
            ask.decided_on = None
        elif ask.decided_on is None and "decided_on" not in failed:
            # The file says that an answer came but not when. asked_on is the one date
            # it gives, and the earliest the answer can have come: today's date (what
            # a page uses) would move years-old no's into this week, and into any
            # running challenge.
            ask.decided_on = ask.asked_on
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
            for name, messages in exc.message_dict.items():
                if name not in failed:
                    errors.extend(
                        ("" if name == "__all__" else name, message) for message in messages
                    )
        return ask, category_name, errors

    def columns_filled(self, cells: list[str]) -> set[str]:
        return {
            name for name, index, _ in self.readers if index < len(cells) and cells[index].strip()
        }


def _preview(row: Row, ask: Ask, category_name: str, fields: list[str], error: bool) -> dict:
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


def duplicate_key(title: str, recipient: str, asked_on: dt.date | None) -> tuple:
    """Return what makes two asks one: the title and recipient in any case and spacing, the day."""
    return (" ".join(title.casefold().split()), " ".join(recipient.casefold().split()), asked_on)


def _duplicates(user: User, asks: list[Ask]) -> set[int]:
    """Return the id()s of the asks that repeat one of the user's or an earlier one in the file."""
    if not asks:
        return set()
    days = [ask.asked_on for ask in asks]
    seen = {
        duplicate_key(*values)
        for values in Ask.objects.filter(
            user=user, asked_on__gte=min(days), asked_on__lte=max(days)
        ).values_list("title", "recipient", "asked_on")
    }
    repeated = set()
    for ask in asks:
        key = duplicate_key(ask.title, ask.recipient, ask.asked_on)
        if key in seen:
            repeated.add(id(ask))
        seen.add(key)
    return repeated


@transaction.atomic
def _write(
    user: User,
    asks: list[tuple[Row, Ask, str]],
    categories: dict[str, Category],
    skip_duplicates: bool,
) -> tuple[int, int]:
    """Insert the asks in batches, creating their new categories; return (created, skipped)."""
    # One import at a time per person: a second import of the same file waits
    # for the first, then finds its rows and skips them (PostgreSQL; SQLite's
    # IMMEDIATE transactions serialise all writes already).
    User.objects.select_for_update().filter(pk=user.pk).exists()
    duplicates = _duplicates(user, [ask for _, ask, _ in asks]) if skip_duplicates else set()
    chosen = [(ask, name) for _, ask, name in asks if id(ask) not in duplicates]
    for ask, name in chosen:
        slug = _slug(name)
        if slug and slug not in categories:
            # Only the asks written create categories. A category made since the
            # categories were read is found by category_named, not made twice.
            category = services.category_named(user, name)
            assert category is not None  # the name has a slug
            categories[slug] = category
        ask.category = categories[slug] if slug else None
    Ask.objects.bulk_create([ask for ask, _ in chosen], batch_size=BATCH_SIZE)
    return len(chosen), len(duplicates)


# Carrying a file between the preview and the import (the page) ---------------------


def pack(data: bytes) -> str:
    """Return the file compressed and in base64, to travel in a hidden form field."""
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def unpack(text: str) -> bytes:
    """Return the file pack() carried; raise ImportRefused when it is damaged or too large."""
    try:
        packed = base64.b64decode(text.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        # Bounded: a few kilobytes can inflate to gigabytes.
        data = inflater.decompress(packed, MAX_BYTES + 1)
        complete = inflater.eof
    except (binascii.Error, UnicodeEncodeError, zlib.error):
        raise ImportRefused("The file did not come through: choose it again.") from None
    if len(data) > MAX_BYTES:
        raise FileTooLarge(TOO_LARGE)
    if not complete:
        raise ImportRefused("The file did not come through: choose it again.")
    return data
