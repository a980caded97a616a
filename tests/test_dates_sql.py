"""The date arithmetic the counting rules are written in, on whichever database runs the suite."""

import datetime as dt

import pytest
from django.db.models import DateField, Value

from nomentum.asks.models import Ask
from nomentum.lib.dates import AddDays, DaysBetween
from tests.conftest import make_ask

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
