"""`nomentum import FILE --user U` and `nomentum export --user U`, as an operator runs them.

An import is all or nothing: any bad row prints its row number, writes
nothing and exits 1. An export goes to standard output or a file.
"""

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import PASSWORD, copy_data_dir, nomentum, ok

SUBMISSIONS = (
    "Title,Publication,Date Submitted,Status,Response Date,Notes\r\n"
    'Lighthouse keepers,Wired,2025-11-03,Rejected,2025-11-20,"form, quick"\r\n'
    "Night trains,The Atlantic,2025-11-05,Pending,,\r\n"
    "Essay on no,Granta,2025-11-07,Accepted,2025-12-01,\r\n"
)
BROKEN = (
    "Title,Publication,Date Submitted,Status\r\n"
    "Fine one,Wired,2025-11-03,Rejected\r\n"
    ",Slate,2025-11-04,Rejected\r\n"
    "Odd word,Vox,2025-11-05,Maybe later\r\n"
)


@pytest.fixture(scope="module")
def people(migrated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the users "writer" and "reader", made by `nomentum createsuperuser`."""
    data = copy_data_dir(migrated, tmp_path_factory.mktemp("people") / "data")
    for name in ("writer", "reader"):
        out = ok(
            nomentum(
                data,
                "createsuperuser",
                "--noinput",
                "--username",
                name,
                "--email",
                f"{name}@example.com",
                DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            )
        )
        assert "Superuser created successfully." in out
    return data


@pytest.fixture
def writer(people: Path, tmp_path: Path) -> Path:
    return copy_data_dir(people, tmp_path / "data")


def export_rows(data_dir: Path, user: str = "writer") -> list[dict[str, str]]:
    out = ok(nomentum(data_dir, "export", "--user", user))
    return list(csv.DictReader(io.StringIO(out)))


def test_a_dry_run_reports_and_writes_nothing(writer, tmp_path):
    file = tmp_path / "submissions.csv"
    file.write_text(SUBMISSIONS)
    out = ok(nomentum(writer, "import", str(file), "--user", "writer", "--dry-run"))
    assert "Dry run: would import 3 asks for writer and skip 0 duplicates." in out
    assert "'Publication' -> recipient" in out
    assert export_rows(writer) == []


def test_it_imports_and_a_second_import_skips_the_duplicates(writer, tmp_path):
    file = tmp_path / "submissions.csv"
    file.write_text(SUBMISSIONS)
    out = ok(nomentum(writer, "import", str(file), "--user", "writer"))
    assert "Imported 3 asks for writer; skipped 0 duplicates." in out
    again = ok(nomentum(writer, "import", str(file), "--user", "writer"))
    assert "Imported 0 asks for writer; skipped 3 duplicates." in again

    rows = export_rows(writer)
    assert [(r["title"], r["recipient"], r["outcome"], r["decided_on"]) for r in rows] == [
        ("Lighthouse keepers", "Wired", "no", "2025-11-20"),
        ("Night trains", "The Atlantic", "pending", ""),
        ("Essay on no", "Granta", "yes", "2025-12-01"),
    ]
    assert rows[0]["notes"] == "form, quick"
    assert export_rows(writer, "reader") == []


def test_it_reads_standard_input(writer):
    out = ok(nomentum(writer, "import", "-", "--user", "writer", stdin=SUBMISSIONS.encode()))
    assert "Imported 3 asks" in out


def test_errors_name_their_rows_and_nothing_is_written(writer, tmp_path):
    file = tmp_path / "broken.csv"
    file.write_text(BROKEN)
    result = nomentum(writer, "import", str(file), "--user", "writer")
    assert result.returncode == 1
    assert "row 3, title: The title is missing." in result.stderr
    assert "row 4, outcome: " in result.stderr
    assert "Not imported: 2 errors. Nothing was written." in result.stderr
    assert export_rows(writer) == []

    dry = nomentum(writer, "import", str(file), "--user", "writer", "--dry-run")
    assert dry.returncode == 1
    assert "row 3, title" in dry.stderr


def test_an_unknown_user_or_file_is_refused(writer, tmp_path):
    file = tmp_path / "submissions.csv"
    file.write_text(SUBMISSIONS)
    result = nomentum(writer, "import", str(file), "--user", "nobody")
    assert result.returncode == 1
    assert "nomentum import: There is no user named 'nobody'." in result.stderr
    missing = nomentum(writer, "import", str(tmp_path / "nope.csv"), "--user", "writer")
    assert missing.returncode == 1
    assert "Cannot read" in missing.stderr
    assert nomentum(writer, "export", "--user", "nobody").returncode == 1


def test_a_file_that_is_not_csv_is_refused_whole(writer, tmp_path):
    file = tmp_path / "picture.csv"
    file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = nomentum(writer, "import", str(file), "--user", "writer")
    assert result.returncode == 1
    assert "Nothing was written." in result.stderr


def test_a_mapping_names_the_columns(writer, tmp_path):
    file = tmp_path / "odd.csv"
    file.write_text("What,Who,When\r\nPitch,Wired,2025-11-03\r\n")
    mapping = json.dumps({"What": "title", "Who": "recipient", "When": "asked_on"})
    ok(nomentum(writer, "import", str(file), "--user", "writer", "--mapping", mapping))
    assert [(r["title"], r["recipient"]) for r in export_rows(writer)] == [("Pitch", "Wired")]
    bad = nomentum(writer, "import", str(file), "--user", "writer", "--mapping", "{nope")
    assert bad.returncode == 1
    assert "--mapping: not JSON" in bad.stderr


def test_export_writes_csv_json_or_the_whole_account_to_a_file(writer, tmp_path):
    file = tmp_path / "submissions.csv"
    file.write_text(SUBMISSIONS)
    ok(nomentum(writer, "import", str(file), "--user", "writer"))

    csv_file = tmp_path / "out.csv"
    ok(nomentum(writer, "export", "--user", "writer", "--output", str(csv_file)))
    assert csv_file.read_text().startswith("title,recipient,category,asked_on,outcome")

    asks = json.loads(ok(nomentum(writer, "export", "--user", "writer", "--format", "json")))
    assert [a["title"] for a in asks] == ["Lighthouse keepers", "Night trains", "Essay on no"]

    account_file = tmp_path / "account.json"
    ok(
        nomentum(
            writer,
            "export",
            "--user",
            "writer",
            "--format",
            "account",
            "--output",
            str(account_file),
        )
    )
    account = json.loads(account_file.read_text())
    assert account["profile"]["username"] == "writer"
    assert len(account["asks"]) == 3


def test_an_export_imports_into_another_account_as_the_same_asks(writer, tmp_path):
    file = tmp_path / "submissions.csv"
    file.write_text(SUBMISSIONS)
    ok(nomentum(writer, "import", str(file), "--user", "writer"))
    exported = tmp_path / "exported.csv"
    ok(nomentum(writer, "export", "--user", "writer", "--output", str(exported)))
    ok(nomentum(writer, "import", str(exported), "--user", "reader"))
    assert export_rows(writer, "reader") == export_rows(writer, "writer")
