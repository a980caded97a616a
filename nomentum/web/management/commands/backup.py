"""`manage.py backup` (`nomentum backup`): the database, copied while the site runs.

The work is nomentum/lib/backup.py's; this says what was done and how to restore it.
"""

from argparse import ArgumentParser
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nomentum.lib import backup


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs. On SQLite a copy consistent at one "
        "instant, on PostgreSQL pg_dump."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="file or directory to write (default: DATA_DIR/backups/nomentum-<UTC time>)",
        )

    def handle(self, *, output: Path | None, **options) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            self.sqlite(Path(database["NAME"]), self.target(output, ".sqlite3"))
        else:
            self.postgres(backup.Postgres.from_settings(database), self.target(output, ".dump"))

    def target(self, output: Path | None, suffix: str) -> Path:
        now = timezone.now()
        if output is None:
            return backup.default_target(settings.DATA_DIR, now, suffix)
        if output.is_dir():
            return output / backup.timestamped_name(now, suffix)
        return output

    def sqlite(self, database: Path, target: Path) -> None:
        try:
            done = backup.backup_sqlite(database, target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the database to {done}")
        self.stdout.write(f"Restore it with: nomentum restore {done} --data-dir EMPTY_DIR")

    def postgres(self, database: backup.Postgres, target: Path) -> None:
        try:
            done = backup.backup_postgres(database, target)
        except backup.BackupError as error:
            # No pg_dump here (or it failed): say exactly what to run where it is installed.
            self.stdout.write("On PostgreSQL, back up with pg_dump (one consistent snapshot, safe")
            self.stdout.write("while the servers keep writing), from a machine that has it:")
            dump = database.shown("pg_dump", "--format=custom", "--no-owner", "--file", str(target))
            self.stdout.write(f"  {dump}")
            self.stdout.write("Restore into a new, empty database with:")
            restore = database.shown("pg_restore", "--no-owner", "--exit-on-error", str(target))
            self.stdout.write(f"  {restore}")
            if "not installed" in str(error):
                # Not a failure: the operator was told what to run instead.
                self.stderr.write(f"Not backed up: {error}.")
                return
            raise CommandError(f"Not backed up: {error}.") from None
        self.stdout.write(f"Backed up the database to {done} (pg_dump custom format)")
        restore = database.shown("pg_restore", "--no-owner", "--exit-on-error", str(done))
        self.stdout.write(f"Restore it into an empty database with: {restore}")
