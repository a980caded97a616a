"""Guessing which column holds which ask field, and checking a mapping a person chose."""

import re
from typing import Any

from nomentum.asks.exporting import COLUMNS
from nomentum.asks.importing.reading import ImportRefused

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
    in_file = set(headers)
    unknown_columns = [column for column in mapping if column not in in_file]
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
