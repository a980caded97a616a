"""Writing: the duplicates left out, the new categories made, the asks inserted in batches."""

import datetime as dt

from django.db import transaction

from nomentum.accounts.models import User
from nomentum.asks import services
from nomentum.asks.importing.cells import cached_key
from nomentum.asks.importing.reading import Row
from nomentum.asks.models import Ask, Category

BATCH_SIZE = 2000


def duplicate_key(title: str, recipient: str, asked_on: dt.date | None) -> tuple:
    """Return what makes two asks one: the title and recipient in any case and spacing, the day."""
    return (" ".join(title.casefold().split()), " ".join(recipient.casefold().split()), asked_on)


def find_duplicates(user: User, asks: list[Ask]) -> set[int]:
    """Return the id()s of the asks that repeat one of the user's or an earlier one in the file."""
    if not asks:
        return set()
    days = [ask.asked_on for ask in asks]
    seen = {
        duplicate_key(*values)
        for values in Ask.objects.filter(
            user=user, asked_on__gte=min(days), asked_on__lte=max(days)
        ).values_list("title", "recipient", "asked_on")
    }
    repeated = set()
    for ask in asks:
        key = duplicate_key(ask.title, ask.recipient, ask.asked_on)
        if key in seen:
            repeated.add(id(ask))
        seen.add(key)
    return repeated


@transaction.atomic
def write_asks(
    user: User,
    asks: list[tuple[Row, Ask, str]],
    categories: dict[str, Category],  # by category_key
    skip_duplicates: bool,
) -> tuple[int, int]:
    """Insert the asks in batches, creating their new categories; return (created, skipped)."""
    # One import at a time per person: a second import of the same file waits
    # for the first, then finds its rows and skips them (PostgreSQL; SQLite's
    # IMMEDIATE transactions serialise all writes already).
    User.objects.select_for_update().filter(pk=user.pk).exists()
    duplicates = find_duplicates(user, [ask for _, ask, _ in asks]) if skip_duplicates else set()
    chosen = [(ask, name) for _, ask, name in asks if id(ask) not in duplicates]
    for ask, name in chosen:
        key = cached_key(name)
        if key and key not in categories:
            # Only the asks written create categories. A category made since the
            # categories were read is found by category_named, not made twice.
            category = services.category_named(user, name)
            assert category is not None  # the name has a slug
            categories[key] = category
        ask.category = categories[key] if key else None
    Ask.objects.bulk_create([ask for ask, _ in chosen], batch_size=BATCH_SIZE)
    return len(chosen), len(duplicates)
