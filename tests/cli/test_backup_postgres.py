"""On PostgreSQL `nomentum backup` runs pg_dump, or says exactly how, never showing the password."""

import shutil
from pathlib import Path

from nomentum.lib.backup import Postgres
from tests.cli.conftest import nomentum

URL = "postgres://keeper:s3cret-pass@db.internal:6543/nomentum_prod"


def test_without_pg_dump_it_prints_the_command_to_run_and_exits_0(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = nomentum(tmp_path / "data", "backup", DATABASE_URL=URL, PATH=str(empty))
    assert result.returncode == 0, result.stderr
    assert "pg_dump is not installed" in result.stderr
    assert (
        "PGPASSWORD=<the password in DATABASE_URL> pg_dump --host db.internal --port 6543 "
        "--username keeper --dbname nomentum_prod --format=custom --no-owner --file "
    ) in result.stdout
    assert "pg_restore" in result.stdout
    assert "s3cret" not in result.stdout + result.stderr


def test_a_failing_pg_dump_exits_1_with_the_same_guidance(tmp_path):
    if shutil.which("pg_dump") is None:
        # Without pg_dump the first test covers the guidance; this one needs a pg_dump that fails.
        fake = tmp_path / "bin"
        fake.mkdir()
        (fake / "pg_dump").write_text("#!/bin/sh\necho 'connection refused' >&2\nexit 1\n")
        (fake / "pg_dump").chmod(0o755)
        path = str(fake)
    else:
        path = str(Path(shutil.which("pg_dump") or "").parent)
    url = "postgres://keeper:s3cret-pass@127.0.0.1:1/nomentum_prod"
    result = nomentum(tmp_path / "data", "backup", DATABASE_URL=url, PATH=path)
    assert result.returncode == 1
    assert "Not backed up: pg_dump failed" in result.stderr
    assert "--host 127.0.0.1 --port 1" in result.stdout
    assert "s3cret" not in result.stdout
    backups = tmp_path / "data" / "backups"
    assert not backups.exists() or not any(backups.iterdir())


def test_restore_on_postgres_points_to_pg_restore(tmp_path):
    backup = tmp_path / "x.dump"
    backup.write_bytes(b"PGDMP")
    result = nomentum(tmp_path / "data", "restore", str(backup), DATABASE_URL=URL)
    assert result.returncode == 1
    assert "pg_restore --no-owner --exit-on-error --dbname NEW_NAME" in result.stdout


def test_the_password_goes_in_the_environment_not_the_arguments():
    database = Postgres("db", "keeper", "s3cret", "localhost", "5432")
    assert "s3cret" not in " ".join(database.arguments())
    assert database.environment()["PGPASSWORD"] == "s3cret"
    assert "s3cret" not in database.shown("pg_dump")
