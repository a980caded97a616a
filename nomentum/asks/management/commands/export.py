"""`manage.py export --user U` (`nomentum export`): one account's asks, or all of the account.

The CSV and JSON are the export page's (nomentum/asks/exporting.py), which the
import reads back; `--format account` is the profile's download.
"""

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from nomentum.accounts.services import export_account
from nomentum.asks.exporting import export_csv, export_json
from nomentum.asks.management import find_user


class Command(BaseCommand):
    help = "Export one account's asks (CSV, JSON) or all of it. The import reads it back."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True, help="whose data")
        parser.add_argument(
            "--format",
            choices=["csv", "json", "account"],
            default="csv",
            help="csv or json: the asks, as the import reads them; account: everything of the "
            "user in one JSON document (default: csv)",
        )
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *, user: str, format: str, output: str | None, **options) -> None:
        owner = find_user(user)
        if format == "csv":
            text = export_csv(owner)
        elif format == "json":
            text = json.dumps(export_json(owner), indent=2, ensure_ascii=False, default=str) + "\n"
        else:
            text = json.dumps(export_account(owner), indent=2, ensure_ascii=False) + "\n"
        # Read in full before a file is opened: a failed export leaves no half-written file.
        if output is None or output == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Exported {owner.username}'s {format} to {output}")
