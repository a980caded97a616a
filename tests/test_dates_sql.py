"""The date arithmetic the counting rules are written in, on whichever database runs the suite."""

import datetime as dt

import pytest
from django.db.models import DateField, IntegerField, Value
from django.db.models.functions import Cast

from nomentum.asks.models import Ask
from nomentum.lib.dates import AddDays, DaysBetween
from tests.conftest import make_ask, make_user

D = dt.date


def day(value: dt.date) -> Value:
    return Value(value, output_field=DateField())


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [(D(2026, 11, 2), D(2026, 11, 30), 28), (D(2026, 12, 31), D(2026, 1, 1), -364)],
)
def test_days_between_counts_from_start_to_end_with_parameters_on_both_sides(
    owner, start, end, days
):
    make_ask(owner)
    # Both sides are query parameters: they must bind in the order the SQL names them.
    found = Ask.objects.annotate(days=DaysBetween(day(start), day(end))).get()
    assert found.days == days


def test_days_between_reads_columns(owner):
    make_ask(owner, asked_on=D(2026, 11, 2), outcome="no", decided_on=D(2026, 11, 9))
    assert Ask.objects.annotate(days=DaysBetween("asked_on", "decided_on")).get().days == 7


def test_add_days_crosses_months_and_years(owner):
    make_ask(owner, asked_on=D(2026, 12, 20))
    found = Ask.objects.annotate(later=AddDays("asked_on", Value(30))).get()
    assert found.later == D(2027, 1, 19)


# Leap days, month ends and year ends, including century years (2000 leap, 2100 not).
GRID_DATES = [
    D(2000, 2, 28),
    D(2000, 2, 29),
    D(2023, 2, 28),
    D(2024, 1, 31),
    D(2024, 2, 28),
    D(2024, 2, 29),
    D(2024, 3, 1),
    D(2024, 4, 30),
    D(2024, 12, 31),
    D(2025, 1, 1),
    D(2026, 11, 30),
    D(2026, 12, 31),
    D(2100, 2, 28),
]
GRID_DAYS = [0, 1, 29, 30, 31, 365, 366, 10000, -1, -29, -366]


def test_add_days_matches_python_over_a_grid_of_dates_and_days(owner):
    for start in GRID_DATES:
        make_ask(owner, asked_on=start)
    shifted = {
        f"plus_{index}": AddDays("asked_on", Value(days)) for index, days in enumerate(GRID_DAYS)
    }
    rows = Ask.objects.order_by("asked_on").annotate(**shifted).values("asked_on", *shifted)
    assert [row["asked_on"] for row in rows] == GRID_DATES
    for row in rows:
        for index, days in enumerate(GRID_DAYS):
            found = row[f"plus_{index}"]
            assert type(found) is dt.date, (row["asked_on"], days, found)
            assert found == row["asked_on"] + dt.timedelta(days=days), (row["asked_on"], days)


@pytest.mark.parametrize("start", GRID_DATES)
def test_add_days_matches_python_with_both_sides_parameters(owner, start):
    make_ask(owner)
    shifted = {
        f"plus_{index}": AddDays(day(start), Value(days)) for index, days in enumerate(GRID_DAYS)
    }
    found = Ask.objects.annotate(**shifted).get()
    for index, days in enumerate(GRID_DAYS):
        assert getattr(found, f"plus_{index}") == start + dt.timedelta(days=days), days


def test_add_days_reads_the_days_from_a_column(owner):
    # The silence rule's range, 0 (never) to 365, through the join to the asker.
    for silence in [0, 1, 29, 30, 31, 365]:
        asker = make_user(silence_days=silence)
        for start in [D(2024, 2, 29), D(2024, 12, 31), D(2025, 1, 31)]:
            make_ask(asker, asked_on=start)
    rows = Ask.objects.annotate(later=AddDays("asked_on", "user__silence_days")).values_list(
        "asked_on", "user__silence_days", "later"
    )
    assert len(rows) == 18
    for start, silence, later in rows:
        assert later == start + dt.timedelta(days=silence), (start, silence)


def test_add_days_is_null_when_either_side_is_null(owner):
    # No category: its reply window is NULL. Pending: no decided_on.
    make_ask(owner, asked_on=D(2024, 2, 29))
    # Typed NULLs: PostgreSQL cannot choose an operator for date + an untyped NULL.
    no_days = Cast(Value(None), IntegerField())
    no_day = Cast(Value(None), DateField())
    found = Ask.objects.annotate(
        null_column_days=AddDays("asked_on", "category__reply_days"),
        null_parameter_days=AddDays("asked_on", no_days),
        null_column_date=AddDays("decided_on", Value(1)),
        null_parameter_date=AddDays(no_day, Value(1)),
        null_column_date_and_days=AddDays("decided_on", "category__reply_days"),
        null_parameter_date_and_days=AddDays(no_day, no_days),
    ).get()
    assert found.null_column_days is None
    assert found.null_parameter_days is None
    assert found.null_column_date is None
    assert found.null_parameter_date is None
    assert found.null_column_date_and_days is None
    assert found.null_parameter_date_and_days is None
