"""`manage.py import FILE --user U` (`nomentum import`): a CSV of asks into one account.

All rows or none, as on the import page: the work is nomentum/asks/importing/'s.
"""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nomentum.asks.importing import ImportReport, import_asks
from nomentum.asks.management import find_user
from nomentum.lib.errors import Refusal


def read_mapping(value: str | None) -> dict[str, str] | None:
    """Return the --mapping given as JSON text or as a JSON file's name."""
    if not value:
        return None
    text = value
    # JSON text can be longer than any file name: only look for a file when it is not JSON.
    if not value.lstrip().startswith("{"):
        try:
            text = Path(value).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(
                f"--mapping: give JSON or a JSON file; cannot read {value} ({error.strerror})."
            ) from None
        except UnicodeDecodeError:
            raise CommandError(f"--mapping: {value} is not a UTF-8 text file.") from None
    try:
        mapping = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"--mapping: not JSON ({error.msg}).") from None
    if not isinstance(mapping, dict):
        raise CommandError('--mapping: give an object, e.g. {"Publication": "recipient"}.')
    return {str(column): str(field) for column, field in mapping.items()}


def read_file(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {name}: {error.strerror}.") from None


class Command(BaseCommand):
    help = "Import a CSV of asks into one account: all or none. Errors name their rows."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the CSV file, or - for standard input")
        parser.add_argument("--user", required=True, help="the username the asks belong to")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--mapping",
            help='JSON (or a JSON file): column to field, e.g. {"Market": "recipient"}',
        )
        parser.add_argument(
            "--keep-duplicates",
            action="store_true",
            help="import rows that match an existing ask too (default: skip them)",
        )

    def handle(
        self,
        *,
        file: str,
        user: str,
        dry_run: bool,
        mapping: str | None,
        keep_duplicates: bool,
        **options,
    ) -> None:
        owner = find_user(user)
        columns = read_mapping(mapping)
        data = read_file(file)
        try:
            report = import_asks(
                owner, data, mapping=columns, dry_run=dry_run, skip_duplicates=not keep_duplicates
            )
        except Refusal as refusal:
            raise CommandError(f"{refusal.message} Nothing was written.") from None
        self.write_columns(report)
        self.write_errors(report)
        self.stdout.write(summary(report, owner.username, dry_run))

    def write_columns(self, report: ImportReport) -> None:
        mapped = [(column, field) for column, field in report.mapping.items() if field]
        shown = ", ".join(f"{column!r} -> {field}" for column, field in mapped)
        self.stdout.write(f"Columns: {shown or 'none recognised'}")

    def write_errors(self, report: ImportReport) -> None:
        """Name each problem's row on stderr; raise CommandError when there is any."""
        for problem in report.errors:
            where = f"row {problem['row']}" if problem.get("row") else "file"
            field = f", {problem['field']}" if problem.get("field") else ""
            self.stderr.write(f"{where}{field}: {problem['message']}")
        if report.errors:
            count = len(report.errors)
            raise CommandError(
                f"Not imported: {count} error{'s' if count != 1 else ''}. Nothing was written."
            )


def summary(report: ImportReport, username: str, dry_run: bool) -> str:
    if dry_run:
        return (
            f"Dry run: would import {report.created} asks for {username} and skip "
            f"{report.skipped} duplicates. Nothing was written."
        )
    return f"Imported {report.created} asks for {username}; skipped {report.skipped} duplicates."
