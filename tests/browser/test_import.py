"""A writer brings a submissions spreadsheet: previewed with its columns guessed, then imported,
or refused whole with each problem shown by its row."""

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nomentum.asks.models import Ask, Feedback, Outcome
from tests.conftest import make_user

from .conftest import Person

pytestmark = pytest.mark.browser

HEADER = ["Title", "Publication", "Date Submitted", "Status"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


def day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_a_desktop_previews_a_submissions_file_and_imports_its_asks(
    desktop: Page, live_server, tmp_path: Path
):
    make_user("wren")
    submissions = [
        ["Night trains", "The Atlantic", day(20), "Rejected"],
        ["Salt roads", "Granta", day(15), "Personal rejection"],
        ["Winter orchard", "Ploughshares", day(12), "Accepted"],
        ["The last ferry", "Tin House", day(3), "Pending"],
    ]
    path = write_csv(tmp_path / "submissions.csv", submissions)
    page = desktop
    person = Person(page, touch=False)
    person.log_in(live_server.url, "wren")

    person.tap(page.locator("header details.menu summary"))
    person.tap(page.get_by_role("link", name="Import asks"))
    expect(page).to_have_url(f"{live_server.url}/asks/import")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import asks")
    page.get_by_label("Spreadsheet (CSV)").set_input_files(str(path))
    person.taps += 1  # choosing the file
    person.tap(page.get_by_role("button", name="Preview the import"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_role("alert")).to_have_count(0)
    counts = page.locator("dl.counts")
    expect(counts.locator('[data-count="rows"]')).to_have_text("4")
    expect(counts.locator('[data-count="created"]')).to_have_text("4")
    expect(counts.locator('[data-count="duplicates"]')).to_have_text("0")
    expect(counts.locator('[data-count="errors"]')).to_have_text("0")

    # The columns, guessed from a writer's usual headers.
    for column, fills in [
        ("Title", "Title"),
        ("Publication", "Recipient"),
        ("Date Submitted", "Asked on"),
        ("Status", "Outcome"),
    ]:
        choice = page.get_by_label(column, exact=True)
        expect(choice).to_be_visible()
        expect(choice.locator("option:checked")).to_have_text(fills)

    preview = page.get_by_role("region", name="Table of the rows as saved")
    expect(preview.locator("thead th")).to_have_text(
        ["Row", "Title", "Recipient", "Asked on", "Outcome", "Answered on", "Note"]
    )
    expect(preview.locator("tbody tr")).to_have_text(
        [
            re.compile(rf"^2\s*Night trains\s*The Atlantic\s*{day(20)}\s*No\s*{day(20)}\s*$"),
            re.compile(rf"^3\s*Salt roads\s*Granta\s*{day(15)}\s*No: personal no\s*{day(15)}"),
            re.compile(rf"^4\s*Winter orchard\s*Ploughshares\s*{day(12)}\s*Yes\s*{day(12)}"),
            re.compile(rf"^5\s*The last ferry\s*Tin House\s*{day(3)}\s*Pending\s*$"),
        ]
    )
    assert Ask.objects.count() == 0  # a preview saves nothing

    person.tap(page.get_by_role("button", name="Import 4 asks"))

    expect(page).to_have_url(f"{live_server.url}/asks/")
    expect(page.get_by_text("Imported 4 asks.")).to_be_visible()
    expect(page.locator("p.count[role=status]")).to_have_text("4 asks.")
    asks = page.locator("ul.asks > li")
    for title, recipient, badge in [
        ("Night trains", "The Atlantic", "No"),
        ("Salt roads", "Granta", "No: personal no"),
        ("Winter orchard", "Ploughshares", "Yes"),
    ]:
        item = asks.filter(has=page.get_by_role("link", name=title, exact=True))
        expect(item).to_contain_text(recipient)
        expect(item.locator(".badge")).to_have_text(badge)
    waiting = asks.filter(has=page.get_by_role("link", name="The last ferry", exact=True))
    expect(waiting).to_contain_text("Tin House")
    expect(waiting.locator(".badge")).to_have_count(0)  # still pending: answer buttons instead
    expect(waiting.get_by_role("button", name="No for The last ferry", exact=True)).to_be_visible()

    saved = {ask.title: (ask.outcome, ask.feedback) for ask in Ask.objects.all()}
    assert saved == {
        "Night trains": (Outcome.NO, ""),
        "Salt roads": (Outcome.NO, Feedback.PERSONAL),
        "Winter orchard": (Outcome.YES, ""),
        "The last ferry": (Outcome.PENDING, ""),
    }


def test_a_phone_sees_the_bad_rows_by_number_and_nothing_is_imported(
    phone: Page, live_server, tmp_path: Path
):
    make_user("wren")
    path = write_csv(
        tmp_path / "submissions.csv",
        [
            ["Night trains", "The Atlantic", day(20), "Rejected"],
            ["Salt roads", "Granta", "2025-13-45", "Rejected"],
            ["Winter orchard", "Ploughshares", day(12), "Maybe later"],
        ],
    )
    page = phone
    person = Person(page)
    person.log_in(live_server.url, "wren")

    menu = page.locator("header details.menu")
    person.tap(menu.locator("summary"))
    person.tap(menu.get_by_role("link", name="Import asks"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import asks")
    page.get_by_label("Spreadsheet (CSV)").set_input_files(str(path))
    person.taps += 1
    person.tap(page.get_by_role("button", name="Preview the import"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("2 problems in 2 rows. Nothing was saved")
    expect(page.locator('dl.counts [data-count="rows"]')).to_have_text("3")
    expect(page.locator('dl.counts [data-count="created"]')).to_have_text("1")
    expect(page.locator('dl.counts [data-count="errors"]')).to_have_text("2")

    problems = page.get_by_role("region", name="Table of problems")
    expect(problems).to_be_visible()
    expect(problems.locator("tbody tr")).to_have_text(
        [
            re.compile(r"^3\s*Date Submitted\s*“2025-13-45” is not a day of the calendar\.$"),
            re.compile(r"^4\s*Status\s*“Maybe later” is not an outcome Nomentum knows: use Rej"),
        ]
    )
    preview = page.get_by_role("region", name="Table of the rows as saved")
    expect(preview.locator("tbody tr").filter(has_text="problem")).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile(r"^Import"))).to_have_count(0)
    expect(page.get_by_role("button", name="Check again")).to_be_visible()
    assert Ask.objects.count() == 0

    # Checking again, with the same columns, gives the same answer and still saves nothing.
    person.tap(page.get_by_role("button", name="Check again"))
    expect(page.get_by_role("alert")).to_contain_text("2 problems in 2 rows. Nothing was saved")
    assert Ask.objects.count() == 0
