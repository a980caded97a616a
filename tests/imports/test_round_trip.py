"""Exporting a person's asks and importing the CSV into a fresh account gives the very same asks."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nomentum.asks import services
from nomentum.asks.exporting import COLUMNS, export_csv, export_json
from nomentum.asks.importing import import_asks
from nomentum.asks.models import FIRST_DAY, LAST_DAY, Ask
from tests.conftest import make_user

# Any text a person can store: no NUL (PostgreSQL cannot hold it), no lone surrogates.
# Formula starts, quotes, delimiters and line breaks of every kind are what this is about.
characters = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
tricky = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "'", '"', ",", ";", " "])
text = st.lists(st.one_of(tricky, st.text(characters, max_size=8)), max_size=8).map("".join)
# Titles, recipients and category names are stored trimmed (pages, API and import alike).
title = text.map(str.strip).filter(bool).map(lambda value: value[:200])
recipient = text.map(lambda value: value.strip()[:200])
category = st.one_of(
    st.none(),
    st.sampled_from(["Pitch", "job", "Poetry", "=Formula", "-dash", "'quoted", "Über"]),
    text.map(lambda value: value.strip()[:40]),
)
days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
answers = st.sampled_from(
    [
        ("pending", ""),
        ("no", ""),
        ("no", "form"),
        ("no", "personal"),
        ("no", "invited_back"),
        ("yes", ""),
        ("no_response", ""),
        ("withdrawn", ""),
    ]
)


@st.composite
def asks(draw) -> dict:
    asked_on = draw(days)
    outcome, feedback = draw(answers)
    decided_on = None
    if outcome != "pending":
        decided_on = min(asked_on + dt.timedelta(days=draw(st.integers(0, 400))), LAST_DAY)
    return {
        "title": draw(title),
        "recipient": draw(recipient),
        "category": draw(category),
        "asked_on": asked_on,
        "outcome": outcome,
        "feedback": feedback,
        "decided_on": decided_on,
        "amount": draw(
            st.none() | st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)
        ),
        "notes": draw(text),
        "follow_up_on": draw(st.none() | days),
        "private": draw(st.booleans()),
    }


def values(user) -> list[tuple]:
    rows = Ask.objects.filter(user=user).values_list(*COLUMNS[:2], "category__name", *COLUMNS[3:])
    return sorted(rows, key=repr)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(asks(), max_size=12))
def test_export_then_import_into_a_fresh_account_gives_the_same_asks(db, drawn):
    person = make_user()
    for fields in drawn:
        name = fields.pop("category")
        ask = Ask(user=person, category=services.category_named(person, name) if name else None)
        for field_name, value in fields.items():
            setattr(ask, field_name, value)
        ask.full_clean()
        ask.save()
    exported = export_csv(person)

    fresh = make_user()
    # Duplicates are the person's own to keep: two asks alike in their export are two asks.
    report = import_asks(fresh, exported.encode(), skip_duplicates=False)

    assert report.errors == []
    assert report.created == len(drawn)
    assert values(fresh) == values(person)
    assert export_csv(fresh) == exported
    assert export_json(fresh) == export_json(person)
