"""The import as a whole: every row read and checked, all written or none, and the report."""

from dataclasses import dataclass, field
from typing import Any

from nomentum.accounts.models import User
from nomentum.asks.importing.cells import cached_key, slashed_order
from nomentum.asks.importing.mapping import FIELDS, check_mapping, guess_mapping
from nomentum.asks.importing.reading import Row, Table, parse
from nomentum.asks.importing.rows import RowReader, preview
from nomentum.asks.importing.writing import find_duplicates, write_asks
from nomentum.asks.models import Ask, Category

PREVIEW_ROWS = 20


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
    position = {header: index for index, header in enumerate(table.headers)}
    columns = {name: position[column] for column, name in checked.items() if name}
    # The preview shows the mapped fields, and the answer date an outcome may bring.
    shown = {*columns, *(["decided_on"] if "outcome" in columns else [])}
    report = ImportReport(
        rows=len(table.rows),
        fields=[name for name in FIELDS if name in shown],
        mapping=checked,
        dry_run=dry_run,
    )
    categories = {category.key: category for category in Category.objects.filter(user=user)}
    asks = _read_rows(user, table, columns, report)
    _find_duplicates_and_categories(user, asks, categories, report, skip_duplicates)
    if report.errors:
        return report
    if dry_run:
        report.skipped = report.duplicates if skip_duplicates else 0
        report.created = len(asks) - report.skipped
        return report
    report.created, report.skipped = write_asks(user, asks, categories, skip_duplicates)
    return report


def _read_rows(
    user: User, table: Table, columns: dict[str, int], report: ImportReport
) -> list[tuple[Row, Ask, str]]:
    """Return the rows without an error as asks, with the category name to resolve on writing.

    Every row's errors go into the report, and the first rows into its preview.
    """
    orders = {
        name: slashed_order(row.cells[index] for row in table.rows if index < len(row.cells))
        for name, index in columns.items()
        if name in ("asked_on", "decided_on", "follow_up_on")
    }
    reader = RowReader(user, columns, orders, len(table.headers))
    asks: list[tuple[Row, Ask, str]] = []
    for row in table.rows:
        ask, category_name, errors = reader.read(row)
        for name, message in errors:
            report.errors.append({"row": row.number, "field": name, "message": message})
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append(preview(row, ask, category_name, report.fields, bool(errors)))
        if not errors:
            asks.append((row, ask, category_name))
    report.valid = len(asks)
    return asks


def _find_duplicates_and_categories(
    user: User,
    asks: list[tuple[Row, Ask, str]],
    categories: dict[str, Category],  # by category_key
    report: ImportReport,
    skip_duplicates: bool,
) -> None:
    """Count the duplicates, mark them in the preview, and name the categories to be made."""
    duplicates = find_duplicates(user, [ask for _, ask, _ in asks])
    report.duplicates = len(duplicates)
    previewed = {entry["row"]: entry for entry in report.preview}
    new_categories: dict[str, str] = {}
    for row, ask, category_name in asks:
        if id(ask) in duplicates:
            if row.number in previewed:
                previewed[row.number]["duplicate"] = True
            if skip_duplicates:
                continue
        key = cached_key(category_name)
        if key and key not in categories:
            new_categories.setdefault(key, category_name)
    report.new_categories = sorted(new_categories.values(), key=str.casefold)
