"""import_asks writes every row of a file through the model's rules, or none, and never twice."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nomentum.asks.importing import FileTooLarge, ImportRefused, import_asks
from nomentum.asks.models import Ask, Category
from nomentum.asks.services import category_named
from tests.conftest import make_ask, make_user
from tests.imports.files import submission_log

# Names that slugify alike: punctuation is all that tells them apart.
PUNCTUATED = ["C++", "C#", "=cat", "+cat", "-cat", "@cat"]
HEADER = "Title,Publication,Category,Date Sent,Response Date,Status,Feedback\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def test_one_bad_row_and_nothing_is_written(owner):
    data = csv(
        "Good,Granta,Poetry,2025-11-03,,Pending,",
        "Bad,Granta,Poetry,someday,,Pending,",
    )

    report = import_asks(owner, data)

    assert report.errors == [
        {
            "row": 3,
            "field": "asked_on",
            "message": "“someday” is not a date Nomentum reads: write 2025-11-03 or 11/03/2025.",
        }
    ]
    assert report.created == 0
    assert not Ask.objects.filter(user=owner).exists()
    assert not Category.objects.filter(user=owner, name="Poetry").exists()


def test_every_problem_of_a_row_is_listed(owner):
    report = import_asks(owner, csv(",Granta,,soon,,Maybe,"))

    assert [(error["row"], error["field"]) for error in report.errors] == [
        (2, "asked_on"),
        (2, "outcome"),
        (2, "title"),
    ]


def test_an_answer_without_its_date_is_dated_the_day_of_the_ask(owner):
    import_asks(owner, csv("A,Granta,,2020-05-04,,Rejected,"))

    ask = Ask.objects.get(user=owner)
    assert (ask.outcome, ask.asked_on, ask.decided_on) == (
        "no",
        dt.date(2020, 5, 4),
        dt.date(2020, 5, 4),
    )


def test_a_pending_ask_keeps_no_answer_date_as_on_every_other_write(owner):
    import_asks(owner, csv("A,Granta,,2025-11-03,2025-11-20,Pending,"))

    assert Ask.objects.get(user=owner).decided_on is None


def test_the_feedback_column_speaks_over_the_outcome_word(owner):
    import_asks(
        owner,
        csv(
            "A,Granta,,2025-11-03,,Form rejection,personal",
            "B,Granta,,2025-11-03,,Form rejection,",
        ),
    )

    assert dict(Ask.objects.filter(user=owner).values_list("title", "feedback")) == {
        "A": "personal",
        "B": "form",
    }


def test_categories_are_created_on_first_use_and_matched_in_any_case(owner):
    import_asks(
        owner,
        csv(
            "A,Granta,pitch,2025-11-03,,Pending,",
            "B,Granta,Poetry,2025-11-03,,Pending,",
            "C,Granta, POETRY ,2025-11-04,,Pending,",
        ),
    )

    asks = dict(Ask.objects.filter(user=owner).values_list("title", "category__name"))
    assert asks == {"A": "Pitch", "B": "Poetry", "C": "Poetry"}
    assert Category.objects.filter(user=owner, slug="poetry").count() == 1


def test_category_names_that_differ_only_in_punctuation_are_kept_apart(owner):
    category_named(owner, "C++")
    rows = [f"{name} talk,Granta,{name},2025-11-03,,Pending," for name in PUNCTUATED]
    data = csv(*rows, "c++ workshop,Granta, c++ ,2025-11-04,,Pending,")

    preview = import_asks(owner, data, dry_run=True)
    import_asks(owner, data)

    assert preview.new_categories == ["+cat", "-cat", "=cat", "@cat", "C#"]
    asks = dict(Ask.objects.filter(user=owner).values_list("title", "category__name"))
    assert asks == {
        **{f"{name} talk": name for name in PUNCTUATED},
        "c++ workshop": "C++",
    }
    slugs = Category.objects.filter(user=owner, name__in=PUNCTUATED).values_list("slug", flat=True)
    assert len(set(slugs)) == len(PUNCTUATED)


def test_a_category_name_longer_than_a_category_holds_is_an_error(owner):
    # Cut to 40 characters, two such names would fall into one category.
    long = "Residencies and fellowships for writers: spring"

    report = import_asks(owner, csv(f"A,Granta,{long},2025-11-03,,Pending,"))

    assert report.errors == [
        {
            "row": 2,
            "field": "category",
            "message": "A category name has at most 40 characters: shorten it.",
        }
    ]
    assert not Category.objects.filter(user=owner, name__startswith="Residencies").exists()


def test_a_category_name_without_a_letter_or_digit_is_an_error(owner):
    report = import_asks(owner, csv("A,Granta,!!!,2025-11-03,,Pending,"))

    assert [(e["row"], e["field"]) for e in report.errors] == [(2, "category")]


def test_duplicates_are_skipped_only_against_the_persons_own_asks(owner, outsider):
    make_ask(owner, title="A", recipient="Granta", asked_on=dt.date(2025, 11, 3))
    make_ask(outsider, title="B", recipient="Granta", asked_on=dt.date(2025, 11, 3))

    report = import_asks(
        owner,
        csv(
            "a ,granta,,2025-11-03,,Pending,",
            "B,Granta,,2025-11-03,,Pending,",
            "A,Granta,,2025-11-04,,Pending,",
        ),
    )

    assert (report.created, report.skipped, report.duplicates) == (2, 1, 1)
    assert Ask.objects.filter(user=outsider).count() == 1


def test_duplicates_are_imported_when_the_person_says_so(owner):
    make_ask(owner, title="A", recipient="Granta", asked_on=dt.date(2025, 11, 3))
    data = csv("A,Granta,,2025-11-03,,Pending,", "A,Granta,,2025-11-03,,Pending,")

    report = import_asks(owner, data, skip_duplicates=False)

    assert (report.created, report.skipped, report.duplicates) == (2, 0, 2)
    assert Ask.objects.filter(user=owner, title="A").count() == 3


def test_a_skipped_duplicate_creates_no_category(owner):
    make_ask(owner, title="A", recipient="Granta", asked_on=dt.date(2025, 11, 3))

    import_asks(owner, csv("A,Granta,Sonnets,2025-11-03,,Pending,"))

    assert not Category.objects.filter(user=owner, name="Sonnets").exists()


def test_a_mapping_given_is_used_instead_of_the_guess(owner):
    data = b"Gift,Prospect,When,Gift Date,Outcome\nMatch,Acme,2025-11-03,2025-11-30,Funded\n"
    mapping = {"Gift": "title", "Prospect": "recipient", "When": "asked_on"}

    import_asks(owner, data, {**mapping, "Gift Date": "decided_on", "Outcome": "outcome"})

    ask = Ask.objects.get(user=owner)
    assert (ask.title, ask.recipient, ask.outcome, ask.decided_on) == (
        "Match",
        "Acme",
        "yes",
        dt.date(2025, 11, 30),
    )


def test_a_mapping_without_the_required_fields_is_refused(owner):
    with pytest.raises(ImportRefused, match="Map a column to title and one to asked_on"):
        import_asks(owner, b"Publication,Status\nGranta,Rejected\n")


def test_it_refuses_a_file_over_five_megabytes_before_reading_a_row(owner):
    with pytest.raises(FileTooLarge):
        import_asks(owner, HEADER.encode() + b" " * 5 * 1024 * 1024)


def test_the_preview_shows_the_first_rows_as_they_would_be_saved(owner):
    make_ask(owner, title="A", recipient="Granta", asked_on=dt.date(2025, 11, 3))

    report = import_asks(
        owner,
        csv("A,Granta,,11/03/2025,,Form rejection,", "B,,,soon,,,"),
        dry_run=True,
    )

    assert report.fields == [
        "title",
        "recipient",
        "category",
        "asked_on",
        "outcome",
        "feedback",
        "decided_on",
    ]
    assert report.preview == [
        {
            "row": 2,
            "cells": ["A", "Granta", "", "2025-11-03", "No", "Form no", "2025-11-03"],
            "duplicate": True,
            "error": False,
        },
        {
            "row": 3,
            "cells": ["B", "", "", "", "Pending", "", ""],
            "duplicate": False,
            "error": True,
        },
    ]


def test_rows_cost_inserts_in_batches_not_queries_each(owner):
    def queries_for(rows: int) -> int:
        user = make_user()
        with CaptureQueriesContext(connection) as captured:
            report = import_asks(user, submission_log(rows))
        assert report.created == rows
        return len(captured.captured_queries)

    few, many = queries_for(10), queries_for(2000)

    # Per 2,000 rows: at most one INSERT a 60 rows (SQLite's limit of 999 parameters).
    assert many - few <= 2000 // 60 + 1


def test_the_categories_are_read_once_and_the_new_ones_made_one_by_one(owner):
    with CaptureQueriesContext(connection) as captured:
        import_asks(owner, submission_log(300))

    reads = [q["sql"] for q in captured.captured_queries if 'FROM "asks_category"' in q["sql"]]
    # Besides making each new one: its lookup by name, and the slugs it must not take.
    made_one = ('"key" =', " LIKE ")
    assert len([sql for sql in reads if not any(part in sql for part in made_one)]) == 1
    made = set(Category.objects.filter(user=owner).values_list("name", flat=True))
    assert {"Fiction", "Poetry", "Essay"} <= made


def test_the_preview_names_the_feedback_with_the_outcome_when_no_column_holds_it(owner):
    report = import_asks(owner, b"Title,Date,Status\nA,2025-11-03,PR\n", dry_run=True)

    assert report.preview[0]["cells"] == ["A", "2025-11-03", "No: personal no", "2025-11-03"]
