"""Each of the asks table's check constraints is also a sentence in Ask.clean().

Saving an ask relies on clean() for the message and on the database for the guarantee
(Ask.validate_constraints leaves them to the database), so every
constraint needs both: an ask breaking it gets a form error, and a raw write is refused.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nomentum.asks.models import Ask, Outcome
from nomentum.asks.services import save_ask

D = dt.date
BREAKING: dict[str, dict[str, Any]] = {
    "ask_decided_on_iff_decided": {"outcome": Outcome.NO, "decided_on": None},
    "ask_decided_after_asked": {"outcome": Outcome.NO, "decided_on": D(2026, 11, 1)},
    "ask_feedback_only_on_no": {
        "outcome": Outcome.YES,
        "decided_on": D(2026, 11, 3),
        "feedback": "form",
    },
    "ask_amount_not_negative": {"amount": Decimal("-5")},
}


def test_every_check_constraint_has_a_breaking_example():
    names = {constraint.name for constraint in Ask._meta.constraints}
    assert names == set(BREAKING)


@pytest.mark.parametrize("name", BREAKING)
def test_clean_refuses_in_words_what_the_database_refuses(owner, name):
    ask = Ask(user=owner, title="Pitch", asked_on=D(2026, 11, 2), **BREAKING[name])
    with pytest.raises(ValidationError) as refused:
        ask.clean()
    assert all(message.endswith(".") for message in refused.value.messages)
    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        Ask.objects.bulk_create([ask])
    assert not Ask.objects.exists()


def test_saving_an_ask_refuses_a_broken_rule_and_stores_nothing(owner):
    ask = Ask(user=owner, title="Pitch", asked_on=D(2026, 11, 2), amount=Decimal("-1"))
    with pytest.raises(ValidationError, match="cannot be negative"):
        save_ask(ask, D(2026, 11, 2))
    assert not Ask.objects.exists()
