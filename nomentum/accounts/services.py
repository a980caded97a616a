"""A person's whole account: everything of it in one JSON document, and its deletion.

Accounts is the bottom app and knows none of the apps above it: each hands in its part
(its sections of the export, its step of the deletion) from its AppConfig.ready().
"""

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from nomentum.accounts.models import ApiToken, CalendarToken, User

EXPORT_FORMAT = "nomentum-account"
EXPORT_VERSION = 1
# Never in an export: a password hash is no use to its owner and a gift to anyone else.
PROFILE_SECRETS = {"password"}
# The account's own sections that follow the apps' ones.
TAIL = ("api_tokens", "calendar_feed", "more")


@dataclass(frozen=True)
class Contribution:
    """An app's part of every account."""

    # Return the app's sections of the export, in their order, as JSON-ready values.
    export: Callable[[User], dict[str, Any]]
    # Models whose rows the sections hold, or whose rows are not the user's own: "more",
    # which exports the rows of every other model that points at the user, leaves them out.
    covers: Collection[str] = ()
    # Run in the deletion's transaction while the user's row is still there, before the
    # database cascades; return what it did, in words for a log.
    delete: Callable[[User], list[str]] | None = None


# By app label, in the order the apps registered (INSTALLED_APPS order): the export's order.
CONTRIBUTIONS: dict[str, Contribution] = {}


def contribute(app_label: str, contribution: Contribution) -> None:
    """Add an app's part to every account's export and deletion; call it from its ready()."""
    CONTRIBUTIONS[app_label] = contribution


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def json_row(obj: models.Model, *, exclude: Collection[str] = (), **extra: Any) -> dict[str, Any]:
    """Return every concrete column of a row as JSON values, foreign keys as their ids."""
    row = {
        field.attname: json_value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in exclude and field.attname not in exclude
    }
    row.update(extra)
    return row


def export_account(user: User) -> dict[str, Any]:
    """Return everything of the user as JSON-ready values, in a constant number of queries.

    The profile, then each app's sections in the order the apps registered, then the
    account's tokens and calendar feed, then "more". Profile columns are read from the
    model, so a field added to User later is exported without a change here.
    """
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": json_row(user, exclude=PROFILE_SECRETS),
    }
    for app_label, contribution in CONTRIBUTIONS.items():
        sections = contribution.export(user)
        # A section of the same name would silently replace another's.
        assert not sections.keys() & {*data, *TAIL}, (app_label, list(sections))
        data.update(sections)
    calendar = CalendarToken.objects.filter(user=user).first()
    data["api_tokens"] = [
        json_row(token, exclude={"user", "key_hash"})
        for token in ApiToken.objects.filter(user=user).order_by("created_at", "id")
    ]
    data["calendar_feed"] = {"created_at": json_value(calendar.created_at)} if calendar else None
    data["more"] = _more(user)
    return data


# Exported above; the apps name theirs in their contributions.
COVERED = {"accounts.User", "accounts.ApiToken", "accounts.CalendarToken"}
SECRET_WORDS = ("password", "hash", "secret", "token", "key", "code")


def _more(user: User) -> dict[str, list[dict[str, Any]]]:
    """Return rows of every other model that points at the user, e.g. email preferences.

    Found through the model graph, so that an app added later is exported
    too; columns that look like secrets are left out. One query per model.
    """
    covered = COVERED.union(*(part.covers for part in CONTRIBUTIONS.values()))
    found: dict[str, list[dict[str, Any]]] = {}
    for relation in User._meta.related_objects:
        model = cast(type[models.Model], relation.related_model)
        label = model._meta.label
        if label in covered or relation.many_to_many or not relation.field.concrete:
            continue
        secret = {
            field.name
            for field in model._meta.concrete_fields
            if any(word in field.name for word in SECRET_WORDS)
        }
        rows = model._default_manager.filter(**{relation.field.name: user}).order_by("pk")
        found[label] = [json_row(row, exclude={relation.field.name, *secret}) for row in rows]
    return found


def export_filename(user: User, today: dt.date) -> str:
    return f"nomentum-{user.username}-{today.isoformat()}.json"


@transaction.atomic
def delete_account(user: User) -> list[str]:
    """Delete the user and everything of theirs; return what the apps' steps did, in words.

    1. Each app's step, in the order the apps registered; the challenges' leaves every
       group by the group rules, so that no group is left without an organizer.
    2. Delete the user: the database cascades to every row that points at them (asks,
       categories, tokens, goals, check-ins, cheers given, personal challenges, email
       preferences). Invites they made stay usable, with no author.
    """
    outcome = [
        line
        for contribution in CONTRIBUTIONS.values()
        if contribution.delete is not None
        for line in contribution.delete(user)
    ]
    user.delete()
    return outcome
