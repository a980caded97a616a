"""Reading the file: its limits, its CSV dialect, its header and its numbered rows.

Rows are numbered as a spreadsheet shows the file: the header is row 1 and a
blank line is a row of its own (skipped, but counted), so "row 7" in an error
is row 7 in Excel or LibreOffice. A quoted cell spanning lines is one row.
"""

import base64
import binascii
import csv
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from nomentum.asks.exporting import restore
from nomentum.lib.errors import Refusal

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
# Far more than any tracker has; every column becomes a choice on the preview page.
MAX_COLUMNS = 200


class ImportRefused(Refusal):
    """The file as a whole cannot be imported: not CSV text, too many rows, a bad mapping."""


class FileTooLarge(ImportRefused):
    status = 413


TOO_LARGE = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into smaller files."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} rows: split it into smaller files."
TOO_MANY_COLUMNS = (
    f"The file has more than {MAX_COLUMNS} columns: keep the columns of your asks "
    f"({MAX_COLUMNS} at most) and save it again."
)


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
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    if delimiter is None:
        raise ImportRefused(TOO_MANY_COLUMNS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers, rows = _header_and_rows(reader)
    return Table(headers, rows, delimiter)


def _decode(data: bytes) -> str:
    """Return the file's text; raise ImportRefused for a file too large or not UTF-8 text."""
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
    return text


def _header_and_rows(reader: Iterator[list[str]]) -> tuple[list[str], list[Row]]:
    """Return the first non-blank row as the headers, and the non-blank rows after it."""
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
            if len(cells) > MAX_COLUMNS:
                raise ImportRefused(TOO_MANY_COLUMNS)
            headers = _unique_headers(cells)
            continue
        if len(rows) == MAX_ROWS:
            raise ImportRefused(TOO_MANY_ROWS)
        rows.append(Row(number, cells))
    if headers is None:
        raise ImportRefused("The file is empty: it needs a header row and a row per ask.")
    return headers, rows


def _sniff_delimiter(text: str) -> str | None:
    """Return the delimiter the header line uses most, outside quotes (a comma when none).

    Return None as soon as one of them passes MAX_COLUMNS: a file's header can be
    megabytes of commas, and one with too many columns is refused whichever wins.
    """
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
            if counts[char] >= MAX_COLUMNS:
                return None
            seen = True
        elif not char.isspace():
            seen = True
    # Ties go to the comma: the order of the dict.
    return max(counts, key=lambda delimiter: counts[delimiter])


def _unique_headers(cells: list[str]) -> list[str]:
    headers: list[str] = []
    taken: set[str] = set()
    # The last number given to each repeated name: the next copy starts after it, so that
    # n copies of one name cost n steps, not n * n (plus a search of every name before).
    numbered: dict[str, int] = {}
    for index, cell in enumerate(cells, start=1):
        name = " ".join(restore(cell).split()) or f"Column {index}"
        unique, n = name, numbered.get(name, 1)
        while unique in taken:
            n += 1
            unique = f"{name} ({n})"
        numbered[name] = n
        taken.add(unique)
        headers.append(unique)
    return headers


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
