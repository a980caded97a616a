"""Backups and restores of the database, for `nomentum backup` and `nomentum restore`.

SQLite: SQLite's online backup API copies the database page by page from
one read transaction, so the copy is the database as it was at one instant
even while the server keeps writing (WAL lets writers go on meanwhile).
PostgreSQL: pg_dump does the same from one snapshot; we run it when it is
installed, and otherwise say how.
"""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

# The files Nomentum itself makes in a fresh data dir before any data exists.
GENERATED = {"secret_key", "static"}
DATABASE_NAME = "nomentum.sqlite3"
# Tables of the first migrations: a SQLite file without them is some other program's.
NOMENTUM_TABLES = ("django_migrations", "accounts_user", "asks_ask")


class BackupError(Exception):
    pass


@dataclass
class Postgres:
    name: str
    user: str
    password: str
    host: str
    port: str

    @classmethod
    def from_settings(cls, database: dict) -> "Postgres":
        return cls(
            name=str(database.get("NAME") or ""),
            user=str(database.get("USER") or ""),
            password=str(database.get("PASSWORD") or ""),
            host=str(database.get("HOST") or ""),
            port=str(database.get("PORT") or ""),
        )

    def arguments(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return [*args, "--dbname", self.name]

    def environment(self) -> dict[str, str]:
        # The password travels in the environment, never on a command line others can list.
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def shown(self, program: str, *extra: str) -> str:
        """Return the command to run, with the password left to the reader."""
        password = "PGPASSWORD=<the password in DATABASE_URL> " if self.password else ""
        return f"{password}{program} {' '.join([*self.arguments(), *extra])}"


def reason(error: Exception) -> str:
    """Return what went wrong, without the path the sentence names already."""
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def timestamped_name(now: dt.datetime, suffix: str) -> str:
    return f"nomentum-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}{suffix}"


def default_target(data_dir: Path, now: dt.datetime, suffix: str) -> Path:
    return data_dir / "backups" / timestamped_name(now, suffix)


def read_only(path: Path) -> str:
    """Return a URI that opens the database read-only, whatever characters its path holds."""
    return f"{path.resolve().as_uri()}?mode=ro"


def integrity(path: Path) -> str:
    """Return "ok", or what SQLite found wrong with the database file."""
    try:
        with closing(sqlite3.connect(read_only(path), uri=True)) as db:
            # The first few problems say enough; a damaged file can have thousands.
            rows = db.execute("PRAGMA integrity_check(3)").fetchall()
    except sqlite3.DatabaseError as error:
        # Not SQLite at all (random bytes, text), or a header cut short.
        return str(error)
    return "; ".join(str(row[0]) for row in rows)


def missing_tables(path: Path) -> list[str]:
    """Return which of the tables every Nomentum database has the file lacks."""
    with closing(sqlite3.connect(read_only(path), uri=True)) as db:
        found = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    return [table for table in NOMENTUM_TABLES if table not in found]


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database to target, consistent at one instant; return target.

    1. Copy into a temporary file beside the target, so that a failed or
       interrupted backup never leaves a file that looks complete.
    2. Copy every page in one step (pages=-1): one read transaction, one
       snapshot. In WAL mode writers are not blocked meanwhile.
    3. Check the copy's integrity, then rename it into place.
    """
    if not source.exists():
        raise BackupError(f"There is no database at {source}: nothing to back up.")
    if target.exists():
        raise BackupError(f"{target} exists already; choose another file.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        dst = sqlite3.connect(partial)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"Cannot write {target}: {reason(error)}.") from None
    src = sqlite3.connect(read_only(source), uri=True, timeout=20)
    try:
        src.backup(dst, pages=-1)
        # A single file to copy around: no -wal beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        # A full disk, say: no half-written copy is left to look like a backup.
        dst.close()
        partial.unlink(missing_ok=True)
        raise BackupError(f"Cannot write {target}: {reason(error)}.") from None
    finally:
        dst.close()
        src.close()
    found = integrity(partial)
    if found != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"The copy failed its integrity check: {found}")
    partial.chmod(0o600)
    partial.replace(target)
    return target


def backup_postgres(database: Postgres, target: Path) -> Path:
    """Dump with pg_dump in its custom format (restored with pg_restore); return target."""
    program = shutil.which("pg_dump")
    if program is None:
        raise BackupError("pg_dump is not installed")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot write {target}: {reason(error)}") from None
    partial = target.with_name(f".{target.name}.partial")
    result = subprocess.run(  # noqa: S603 (a fixed program, arguments from settings)
        [program, "--format=custom", "--no-owner", "--file", str(partial), *database.arguments()],
        env=database.environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    partial.chmod(0o600)
    partial.replace(target)
    return target


def unexpected_contents(data_dir: Path) -> list[str]:
    """Return what in data_dir would make it not empty: anything but what Nomentum generates."""
    if not data_dir.exists():
        return []
    return sorted(entry.name for entry in data_dir.iterdir() if entry.name not in GENERATED)


def check_backup(backup: Path) -> None:
    """Raise BackupError unless the file is a sound SQLite database of Nomentum's."""
    if not backup.is_file():
        raise BackupError(f"There is no backup file at {backup}.")
    if backup.stat().st_size == 0:
        raise BackupError(f"{backup} is empty: it is not a backup.")
    found = integrity(backup)
    if found != "ok":
        raise BackupError(f"{backup} is not a sound SQLite database: {found}.")
    missing = missing_tables(backup)
    if missing:
        raise BackupError(
            f"{backup} is a SQLite database but not Nomentum's: it has no {missing[0]} table."
        )


def restore_sqlite(backup: Path, data_dir: Path) -> Path:
    """Copy a backup into an empty data dir as its database; return the database path.

    1. Check the backup, and refuse when data_dir holds a database or anything
       else of value: a restore never overwrites data.
    2. Copy it beside its final name, so that a failed copy never looks like a database.
    3. Link it into place, which fails rather than overwrite a database made meanwhile.
    """
    check_backup(backup)
    present = unexpected_contents(data_dir)
    if present:
        raise BackupError(
            f"{data_dir} is not empty ({', '.join(present)}): restore only into an empty data "
            "dir, then point NOMENTUM_DATA_DIR at it. Nothing was changed."
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = _copy_beside(backup, data_dir)
    return _link_into_place(partial, data_dir / DATABASE_NAME)


def _copy_beside(backup: Path, data_dir: Path) -> Path:
    """Return a private copy of the backup in data_dir, under a name no database has."""
    partial = data_dir / f".{DATABASE_NAME}.partial"
    try:
        shutil.copyfile(backup, partial)
        partial.chmod(0o600)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Cannot copy {backup} into {data_dir}: {reason(error)}.") from None
    return partial


def _link_into_place(partial: Path, database: Path) -> Path:
    # os.link fails when the name exists: even a restore racing another cannot overwrite.
    try:
        os.link(partial, database)
    except FileExistsError:
        raise BackupError(f"{database} appeared meanwhile; nothing was overwritten.") from None
    finally:
        partial.unlink()
    return database
