"""All of a person's asks as CSV or JSON, in the columns the import reads back.

A cell that a spreadsheet would run as a formula (it starts with = + - @, a tab
or a carriage return) is written with a single quote in front, as OWASP
advises against CSV injection; the import takes that quote off again, so an
export imports to the very same asks.
"""

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from nomentum.accounts.models import User
from nomentum.asks.models import Ask

COLUMNS = (
    "title",
    "recipient",
    "category",
    "asked_on",
    "outcome",
    "feedback",
    "decided_on",
    "amount",
    "notes",
    "follow_up_on",
    "private",
)
ROWS_PER_CHUNK = 500

# Quotes already in front count too: "'=x" is written "''=x", so that taking one
# quote off gives back exactly "'=x". A cell with a quote before anything else
# ("'Tis the season") is left alone both ways.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """Return the cell as a spreadsheet will show it and never run it."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def restore(text: str) -> str:
    """Return the cell neutralise() wrote, as it was."""
    return text[1:] if _QUOTED.match(text) else text


def _values(user: User):
    return (
        Ask.objects.filter(user=user)
        .order_by("asked_on", "id")
        .values_list(
            "title",
            "recipient",
            "category__name",
            "asked_on",
            "outcome",
            "feedback",
            "decided_on",
            "amount",
            "notes",
            "follow_up_on",
            "private",
        )
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if not isinstance(value, str):
        return format(value, "f")  # a Decimal, never in exponent notation
    return neutralise(value)


def iter_csv(user: User) -> Iterator[str]:
    """Yield the CSV in chunks: the header, then every ask, oldest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # quotes cells with commas, quotes or line breaks; \r\n ends
    writer.writerow(COLUMNS)
    for n, values in enumerate(_values(user).iterator(chunk_size=2000), start=1):
        writer.writerow([_cell(value) for value in values])
        if n % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_csv(user: User) -> str:
    return "".join(iter_csv(user))


def export_json(user: User) -> list[dict[str, Any]]:
    """Return every ask as a dict ready for json.dumps, oldest first.

    The fields are the CSV's columns with the API's types: dates in ISO, the
    amount a number, private a boolean, no category null.
    """
    items = []
    for values in _values(user).iterator(chunk_size=2000):
        item = dict(zip(COLUMNS, values, strict=True))
        for name in ("asked_on", "decided_on", "follow_up_on"):
            if item[name] is not None:
                item[name] = item[name].isoformat()
        if item["amount"] is not None:
            item["amount"] = float(item["amount"])
        items.append(item)
    return items
