"""The asks' part of a person's account: their categories and asks, in its export.

Nothing to do at its deletion: the database cascades to both.
"""

from typing import Any

from django.db import models

from nomentum.accounts.models import User
from nomentum.accounts.services import Contribution, json_row
from nomentum.asks.models import Ask, Category


def export(user: User) -> dict[str, Any]:
    asks = (
        Ask.objects.filter(user=user)
        .select_related("category")
        # Cheers are the challenges' rows, counted here through the relation they add to Ask.
        .annotate(cheer_count=models.Count("cheers"))
        .order_by("asked_on", "id")
    )
    return {
        "categories": [
            json_row(category, exclude={"user"})
            for category in Category.objects.filter(user=user).order_by("name", "id")
        ],
        "asks": [
            json_row(
                ask,
                exclude={"user"},
                category=ask.category.name if ask.category else None,
                cheers_received=ask.cheer_count,
            )
            for ask in asks
        ],
    }


CONTRIBUTION = Contribution(export=export, covers={"asks.Ask", "asks.Category"})
