"""Reading and writing asks: the one place pages and the API go through."""

import datetime as dt
from typing import Final

from django.db import IntegrityError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from nomentum.accounts.models import User
from nomentum.asks import counting
from nomentum.asks.models import (
    DEFAULT_CATEGORIES,
    Ask,
    Category,
    Outcome,
    category_key,
    category_slug,
)
from nomentum.lib.errors import Conflict, Refusal


def get_ask_for_user(user: User, pk: int) -> Ask:
    """Return the user's ask or raise Http404: another user's ask does not exist for them."""
    return get_object_or_404(Ask.objects.select_related("category"), pk=pk, user=user)


def create_default_categories(user: User) -> None:
    # Their slugs are distinct: none needs a number (Category.save, which this skips).
    Category.objects.bulk_create(
        [
            Category(user=user, name=name, key=category_key(name), slug=category_slug(name))
            for name in DEFAULT_CATEGORIES
        ],
        ignore_conflicts=True,
    )


def category_named(user: User, name: str) -> Category | None:
    """Return the user's category of that name, creating it on first use; None for a name
    without a letter or digit. The name is matched in any case and spacing (category_key)."""
    name = name.strip()[:40]
    if not category_slug(name):
        return None
    for _ in range(3):
        try:
            category, _ = Category.objects.get_or_create(
                user=user, key=category_key(name), defaults={"name": name}
            )
            return category
        except IntegrityError:
            # Another category took the slug this one was given, in a transaction that
            # committed in between (PostgreSQL): number it again.
            continue
    raise Conflict("Categories are being added at the same time: try again.")


def find_category(user: User, name_or_slug: str) -> Category | None:
    """Return the user's category of that name (in any case and spacing) or else that slug."""
    key = category_key(name_or_slug)
    found = list(
        Category.objects.filter(user=user).filter(
            Q(key=key) | Q(slug=name_or_slug.strip().lower())
        )[:2]
    )
    # A name before a slug: "c-2" is the category named so, not the second one of slug "c".
    return next((c for c in found if c.key == key), found[0] if found else None)


def filter_asks(
    user: User,
    *,
    today: dt.date,
    outcome: str = "",
    category: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str = "",
    recipient: str = "",
) -> QuerySet[Ask]:
    """Return the user's asks matching the filters, newest first.

    The outcome filter uses the outcome as counted: a silent pending ask is a
    no_response, and "pending" means still waiting today. Dates filter asked_on.
    A recipient matches as recipients are grouped: trimmed, in any case.
    """
    asks = Ask.objects.filter(user=user).select_related("category")
    if outcome == Outcome.PENDING:
        asks = asks.filter(counting.still_pending(today))
    elif outcome == Outcome.NO_RESPONSE:
        asks = asks.filter(Q(outcome=Outcome.NO_RESPONSE) | counting.silent(today))
    elif outcome:
        asks = asks.filter(outcome=outcome)
    if category:
        asks = asks.filter(category__slug=category)
    if date_from:
        asks = asks.filter(asked_on__gte=date_from)
    if date_to:
        asks = asks.filter(asked_on__lte=date_to)
    if q:
        asks = asks.filter(
            Q(title__icontains=q) | Q(recipient__icontains=q) | Q(notes__icontains=q)
        )
    if recipient.strip():
        asks = counting.with_recipient(asks, recipient)
    return asks


# Callers hand over the ask's user and category as loaded objects (the form's choices, the API's
# lookup by name, the ask itself), and the database enforces both keys: full_clean checking
# that they exist would cost a query each on every save.
LOADED_KEYS = ("user", "category")


def save_ask(ask: Ask, today: dt.date) -> Ask:
    """Validate and save an ask; an answer set without a date came today (Ask.set_outcome)."""
    ask.set_outcome(ask.outcome, today, ask.feedback, ask.decided_on)
    ask.full_clean(exclude=LOADED_KEYS)
    ask.save()
    return ask


def record_outcome(ask: Ask, outcome: str, today: dt.date, feedback: str = "") -> Ask:
    ask.set_outcome(outcome, today, feedback)
    ask.full_clean(exclude=LOADED_KEYS)
    ask.save(update_fields=["outcome", "feedback", "decided_on", "updated_at"])
    return ask


# Overdue asks -----------------------------------------------------------------

SNOOZE_DAYS = (3, 7, 14)
DEFAULT_SNOOZE_DAYS: Final = 7
ALREADY_ANSWERED = "That ask already has an answer."
SNOOZE_REFUSED = "Snooze for 3, 7 or 14 days."


def count_as_no_response(ask: Ask, today: dt.date, silence_days: int) -> Ask:
    """Record a pending ask as a no_response: the one tap an overdue ask offers.

    Dated the day it fell silent when the silence rule already counts it: it
    has been a no_response rejection of that day since, and today's date
    would move that no into another week (or out of a challenge) after the
    fact. An ask not yet silent (its category's window is shorter than the
    silence rule, or the rule is "never") is answered today, like any answer.
    """
    if ask.outcome != Outcome.PENDING:
        raise Conflict(ALREADY_ANSWERED)
    silent_on = ask.silent_on(silence_days)
    fell_silent = silent_on if silent_on is not None and silent_on <= today else None
    ask.set_outcome(Outcome.NO_RESPONSE, today, decided_on=fell_silent)
    ask.full_clean(exclude=LOADED_KEYS)
    ask.save(update_fields=["outcome", "feedback", "decided_on", "updated_at"])
    return ask


def snooze(ask: Ask, today: dt.date, days: int = DEFAULT_SNOOZE_DAYS) -> Ask:
    """Hide a pending ask from the overdue lists until today + days."""
    if days not in SNOOZE_DAYS:
        raise Refusal(SNOOZE_REFUSED)
    if ask.outcome != Outcome.PENDING:
        raise Conflict(ALREADY_ANSWERED)
    ask.snoozed_until = today + dt.timedelta(days=days)
    ask.save(update_fields=["snoozed_until", "updated_at"])
    return ask
