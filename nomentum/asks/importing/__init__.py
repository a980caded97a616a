"""Asks from a CSV file: parse it, guess its columns, validate every row, write all or nothing.

1. parse() (reading): the bytes of a file -> a Table of headers and numbered rows.
2. guess_mapping() (mapping): which column holds which ask field, from the headers.
3. import_asks() (report): every row converted and validated by the model's own
   rules (Ask.full_clean, in rows, each cell read by cells); any error and
   nothing is written; duplicates skipped; categories created on first use;
   rows inserted in batches (writing).

Callers import from here; the modules named above hold the work.
"""

from nomentum.asks.importing.cells import (
    DAY_FIRST,
    MONTH_FIRST,
    CellError,
    read_amount,
    read_date,
    read_feedback,
    read_outcome,
    read_private,
    slashed_order,
)
from nomentum.asks.importing.mapping import FIELD_LABELS, FIELDS, check_mapping, guess_mapping
from nomentum.asks.importing.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    TOO_LARGE,
    TOO_MANY_ROWS,
    FileTooLarge,
    ImportRefused,
    Row,
    Table,
    pack,
    parse,
    unpack,
)
from nomentum.asks.importing.report import ImportReport, import_asks, import_table
from nomentum.asks.importing.writing import BATCH_SIZE

__all__ = [
    "BATCH_SIZE",
    "DAY_FIRST",
    "FIELDS",
    "FIELD_LABELS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MONTH_FIRST",
    "TOO_LARGE",
    "TOO_MANY_ROWS",
    "CellError",
    "FileTooLarge",
    "ImportRefused",
    "ImportReport",
    "Row",
    "Table",
    "check_mapping",
    "guess_mapping",
    "import_asks",
    "import_table",
    "pack",
    "parse",
    "read_amount",
    "read_date",
    "read_feedback",
    "read_outcome",
    "read_private",
    "slashed_order",
    "unpack",
]
