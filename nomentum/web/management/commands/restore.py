"""`manage.py restore FILE` (`nomentum restore FILE`): a SQLite backup into an empty data dir.

The work is nomentum/lib/backup.py's: it refuses anything but a sound Nomentum
database, and any data dir that holds data. Then this says what the restored
database holds and whether it needs this version's migrations.
"""

from argparse import ArgumentParser
from contextlib import suppress
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nomentum.lib import backup

COUNTED = {"accounts.User": "Users", "asks.Ask": "asks", "challenges.Group": "groups"}


def leave_as_found(data_dir: Path) -> None:
    """Take away what this process's start made in the data dir (settings.DATA_DIR_MADE)."""
    for name in reversed(settings.DATA_DIR_MADE):
        path = data_dir / name
        with suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


class Command(BaseCommand):
    help = (
        "Restore a SQLite backup into an empty data dir. It never writes over a database, "
        "and checks the backup first."
    )
    # The checks need nothing restored, and the data dir stays as it is until the backup
    # is known to be good.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="a file made by nomentum backup")

    def handle(self, *, file: Path, **options) -> None:
        data_dir = Path(settings.DATA_DIR)
        try:
            database = self.restore(file, data_dir)
        except CommandError:
            # A refused data dir is left as it was, without the secret key settings made.
            leave_as_found(data_dir)
            raise
        tables = set(connection.introspection.table_names())
        counts = [
            f"{label}: {apps.get_model(model)._default_manager.count()}"
            for model, label in COUNTED.items()
            if apps.get_model(model)._meta.db_table in tables
        ]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        self.stdout.write(f"Restored {file} into {database}")
        self.stdout.write(f"{', '.join(counts)}; its integrity check passed.")
        if pending:
            self.stdout.write(
                f"It needs {len(pending)} migrations of this version: run nomentum migrate."
            )
        self.stdout.write(f"Serve it with NOMENTUM_DATA_DIR={data_dir}")

    def restore(self, file: Path, data_dir: Path) -> Path:
        if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            self.stdout.write("On PostgreSQL, restore with pg_restore into a new, empty database:")
            self.stdout.write(
                "  createdb NEW_NAME && "
                "pg_restore --no-owner --exit-on-error --dbname NEW_NAME FILE"
            )
            self.stdout.write("then point DATABASE_URL at NEW_NAME and run: nomentum migrate")
            raise CommandError("DATABASE_URL is set: this restores SQLite backups only.")
        try:
            return backup.restore_sqlite(file, data_dir)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
