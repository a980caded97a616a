"""Every `nomentum` command answers bad input with one sentence on stderr and a non-zero exit,
never a traceback, and changes nothing."""

import random
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import copy_data_dir, nomentum, ok, refused, rows

DATABASE = "nomentum.sqlite3"
SUBMISSIONS = "Title,Publication,Date Submitted,Status\r\nNight trains,Wired,2025-11-05,Pending\r\n"


@pytest.fixture
def writer(with_writer: Path, tmp_path: Path) -> Path:
    """A migrated data dir with the user "writer"."""
    return copy_data_dir(with_writer, tmp_path / "data")


def asks(data_dir: Path) -> list[tuple]:
    return rows(data_dir / DATABASE, "asks_ask")


# restore ---------------------------------------------------------------------------------


def not_a_backup(kind: str, tmp_path: Path, data_dir: Path) -> Path:
    """Return a file of the given kind that `nomentum restore` must refuse."""
    path = tmp_path / f"{kind}.sqlite3"
    if kind == "random bytes":
        path.write_bytes(random.Random(7).randbytes(8192))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("title,recipient\nNight trains,Wired\n" * 50)
    elif kind == "truncated":
        whole = tmp_path / "whole.sqlite3"
        ok(nomentum(data_dir, "backup", "--output", str(whole)))
        path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    elif kind == "header only":
        whole = tmp_path / "whole.sqlite3"
        ok(nomentum(data_dir, "backup", "--output", str(whole)))
        path.write_bytes(whole.read_bytes()[:60])
    elif kind == "another database":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (body TEXT)")
        db.close()
    elif kind == "a directory":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    "kind",
    [
        "random bytes",
        "empty",
        "text",
        "truncated",
        "header only",
        "another database",
        "a directory",
        "missing",
    ],
)
def test_restore_refuses_what_is_not_a_backup(kind, data_dir, tmp_path):
    file = not_a_backup(kind, tmp_path, data_dir)
    target = tmp_path / "target"

    sentence = refused(nomentum(target, "restore", str(file)))

    assert sentence.startswith("nomentum restore: ")
    assert str(file) in sentence
    assert not target.exists()  # not even the secret key Django's start would have made


# backup ----------------------------------------------------------------------------------


def test_a_backup_to_a_place_it_cannot_write_is_refused(data_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    target = blocker / "backup.sqlite3"

    sentence = refused(nomentum(data_dir, "backup", "--output", str(target)))

    assert sentence.startswith("nomentum backup: ")
    assert str(blocker) in sentence
    assert blocker.read_text() == "not a directory"


# import ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    ["missing file", "directory", "not csv", "unknown user", "long mapping", "mapping file"],
)
def test_import_refuses_bad_input_and_writes_nothing(case, writer, tmp_path):
    file = tmp_path / "submissions.csv"
    file.write_text(SUBMISSIONS)
    user = "writer"
    extra: list[str] = []
    if case == "missing file":
        file = tmp_path / "nope.csv"
    elif case == "directory":
        file = tmp_path
    elif case == "not csv":
        file.write_bytes(random.Random(3).randbytes(2048))
    elif case == "unknown user":
        user = "nobody"
    elif case == "long mapping":
        # Longer than a file name may be: it is JSON, not the name of a mapping file.
        columns = {f"Column {n}": "" for n in range(40)}
        extra = ["--mapping", str({**columns, "Status": "bogus"}).replace("'", '"')]
    elif case == "mapping file":
        mapping = tmp_path / "mapping.json"
        mapping.write_bytes(b"\xff\xfe{\x00")
        extra = ["--mapping", str(mapping)]

    sentence = refused(nomentum(writer, "import", str(file), "--user", user, *extra))

    assert sentence.startswith("nomentum import: ")
    assert asks(writer) == []


# export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["unknown user", "under a file", "a directory"])
def test_export_refuses_an_unknown_user_or_a_place_it_cannot_write(case, writer, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("kept")
    user, output = "writer", tmp_path / "out.csv"
    if case == "unknown user":
        user = "nobody"
    elif case == "under a file":
        output = blocker / "out.csv"
    elif case == "a directory":
        output = tmp_path

    sentence = refused(nomentum(writer, "export", "--user", user, "--output", str(output)))

    assert sentence.startswith("nomentum export: ")
    assert not (tmp_path / "out.csv").exists()
    assert blocker.read_text() == "kept"


def test_a_data_dir_without_tables_asks_for_migrate(tmp_path):
    sentence = refused(nomentum(tmp_path / "new", "export", "--user", "writer"))
    assert sentence.startswith("nomentum export: ")
    assert "nomentum migrate" in sentence


# demo ------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["", "short", "12345678901234"])
def test_demo_refuses_a_password_nobody_should_log_in_with(password, data_dir):
    sentence = refused(nomentum(data_dir, "demo", "--password", password))
    assert sentence.startswith("nomentum demo: ")
    assert "--password" in sentence
    assert rows(data_dir / DATABASE, "challenges_group") == []


def test_demo_refuses_an_unknown_option(data_dir):
    sentence = refused(nomentum(data_dir, "demo", "--members", "40"), code=2)
    assert sentence.startswith("nomentum demo: error: unrecognized arguments: --members 40")
    assert rows(data_dir / DATABASE, "challenges_group") == []


# worker ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--tick", "-1"),
        ("--tick", "nan"),
        ("--tick", "often"),
        ("--interval", "soon"),
        ("--interval", "inf"),
        ("--max-tasks", "0"),
        ("--max-tasks", "many"),
    ],
)
def test_worker_refuses_bad_options_before_it_starts(option, value, data_dir):
    sentence = refused(nomentum(data_dir, "worker", "--batch", option, value), code=2)
    assert sentence.startswith(f"nomentum worker: error: argument {option}: {value!r} ")
    assert "valid_" not in sentence  # the option's own words, not a function's name


@pytest.mark.parametrize("option", ["--queue-name", "--interval", "--backend", "--worker-id"])
def test_worker_refuses_an_option_without_its_value(option, data_dir):
    sentence = refused(nomentum(data_dir, "worker", "--batch", option), code=2)
    assert sentence.startswith(f"nomentum worker: error: argument {option}: expected one argument")


# every command ---------------------------------------------------------------------------


def test_a_data_dir_that_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("kept")
    sentence = refused(nomentum(blocker, "migrate"))
    assert sentence.startswith("nomentum: NOMENTUM_DATA_DIR")
    assert str(blocker) in sentence
    assert blocker.read_text() == "kept"


def test_an_unknown_command_is_a_usage_error(data_dir):
    sentence = refused(nomentum(data_dir, "restroe", "x.sqlite3"), code=2)
    assert sentence.startswith("nomentum: error: ")
    assert "'restroe'" in sentence
