"""A person's whole account: everything of it in one JSON document, and its deletion."""

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from nomentum.accounts.models import ApiToken, CalendarToken, User
from nomentum.asks.models import Ask, Category
from nomentum.challenges import services as challenge_services
from nomentum.challenges.models import Challenge, CheckIn, Cheer, Goal, Membership, Role

EXPORT_FORMAT = "nomentum-account"
EXPORT_VERSION = 1
# Never in an export: a password hash is no use to its owner and a gift to anyone else.
PROFILE_SECRETS = {"password"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: models.Model, *, exclude: Collection[str] = (), **extra: Any) -> dict[str, Any]:
    """Return every concrete column of a row as JSON values, foreign keys as their ids."""
    row = {
        field.attname: _plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in exclude and field.attname not in exclude
    }
    row.update(extra)
    return row


def export_account(user: User) -> dict[str, Any]:
    """Return everything of the user as JSON-ready values, in a constant number of queries.

    Profile columns are read from the model, so a field added to User later
    (email preferences, say) is exported without a change here.
    """
    asks = list(
        Ask.objects.filter(user=user)
        .select_related("category")
        .annotate(cheer_count=models.Count("cheers"))
        .order_by("asked_on", "id")
    )
    goals = list(
        Goal.objects.filter(user=user)
        .select_related("challenge__group")
        .prefetch_related("changes")
        .order_by("challenge__starts_on", "id")
    )
    checkins = list(
        CheckIn.objects.filter(user=user)
        .select_related("challenge")
        .prefetch_related("asks")
        .order_by("challenge__starts_on", "week", "id")
    )
    memberships = list(
        Membership.objects.filter(user=user).select_related("group").order_by("joined_at", "id")
    )
    cheers = list(
        Cheer.objects.filter(user=user).select_related("ask__user").order_by("created_at", "id")
    )
    calendar = CalendarToken.objects.filter(user=user).first()
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": _row(user, exclude=PROFILE_SECRETS),
        "categories": [
            _row(category, exclude={"user"})
            for category in Category.objects.filter(user=user).order_by("name", "id")
        ],
        "asks": [
            _row(
                ask,
                exclude={"user"},
                category=ask.category.name if ask.category else None,
                cheers_received=ask.cheer_count,
            )
            for ask in asks
        ],
        "personal_challenges": [
            _row(challenge, exclude={"owner", "group"})
            for challenge in Challenge.objects.filter(owner=user).order_by("starts_on", "id")
        ],
        "goals": [
            _row(
                goal,
                exclude={"user"},
                challenge=goal.challenge.name,
                group=goal.challenge.group.name if goal.challenge.group else None,
                rejections_target=goal.rejections_target(goal.challenge),
                earlier_versions=[
                    _row(change, exclude={"goal", "id"}) for change in goal.changes.all()
                ],
            )
            for goal in goals
        ],
        "checkins": [
            _row(
                checkin,
                exclude={"user"},
                challenge=checkin.challenge.name,
                tally_ask_ids=sorted(ask.pk for ask in checkin.asks.all()),
            )
            for checkin in checkins
        ],
        "memberships": [
            _row(
                membership,
                exclude={"user"},
                group_name=membership.group.name,
                group_description=membership.group.description,
            )
            for membership in memberships
        ],
        # Another member's ask is theirs: only whose it was and when, not what it said.
        "cheers_given": [
            {
                "ask_id": cheer.ask_id,
                "ask_owner": cheer.ask.user.username,
                "created_at": _plain(cheer.created_at),
            }
            for cheer in cheers
        ],
        "api_tokens": [
            _row(token, exclude={"user", "key_hash"})
            for token in ApiToken.objects.filter(user=user).order_by("created_at", "id")
        ],
        "calendar_feed": {"created_at": _plain(calendar.created_at)} if calendar else None,
        "more": _more(user),
    }


# Exported above, or not the user's own (an invite belongs to its group).
COVERED = {
    "accounts.User",
    "accounts.ApiToken",
    "accounts.CalendarToken",
    "asks.Ask",
    "asks.Category",
    "challenges.Challenge",
    "challenges.Goal",
    "challenges.CheckIn",
    "challenges.Membership",
    "challenges.Cheer",
    "challenges.Invite",
}
SECRET_WORDS = ("password", "hash", "secret", "token", "key", "code")


def _more(user: User) -> dict[str, list[dict[str, Any]]]:
    """Return rows of every other model that points at the user, e.g. email preferences.

    Found through the model graph, so that an app added later is exported
    too; columns that look like secrets are left out. One query per model.
    """
    found: dict[str, list[dict[str, Any]]] = {}
    for relation in User._meta.related_objects:
        model = cast(type[models.Model], relation.related_model)
        label = model._meta.label
        if label in COVERED or relation.many_to_many or not relation.field.concrete:
            continue
        secret = {
            field.name
            for field in model._meta.concrete_fields
            if any(word in field.name for word in SECRET_WORDS)
        }
        rows = model._default_manager.filter(**{relation.field.name: user}).order_by("pk")
        found[label] = [_row(row, exclude={relation.field.name, *secret}) for row in rows]
    return found


def export_filename(user: User, today: dt.date) -> str:
    return f"nomentum-{user.username}-{today.isoformat()}.json"


def _leave(membership: Membership) -> str:
    """Leave a group on the way out; return what happened to it, in words for a log."""
    members = list(
        Membership.objects.select_for_update()
        .filter(group_id=membership.group_id)
        .order_by("joined_at", "id")
    )
    others = [m for m in members if m.pk != membership.pk]
    organizers = [m for m in members if m.role == Role.ORGANIZER]
    if others and membership.role == Role.ORGANIZER and len(organizers) == 1:
        # A group never loses its last organizer: the longest-standing member takes over.
        successor = others[0]
        Membership.objects.filter(pk=successor.pk).update(role=Role.ORGANIZER)
        challenge_services.leave_group(membership)
        return f"handed {membership.group.name} to member {successor.user_id}"
    deleted = challenge_services.leave_group(membership)
    return f"deleted {membership.group.name}" if deleted else f"left {membership.group.name}"


@transaction.atomic
def delete_account(user: User) -> list[str]:
    """Delete the user and everything of theirs; return what happened to their groups.

    1. Leave every group by the group rules: a sole organizer hands the role
       to the longest-standing member; the last member deletes the group.
    2. Delete the user: the database cascades to their asks (and the cheers
       and check-in links on them), categories, tokens, calendar feed,
       goals, check-ins, cheers given and personal challenges. Invites they
       made stay usable, with no author.
    """
    memberships = list(Membership.objects.filter(user=user).select_related("group").order_by("id"))
    outcome = [_leave(membership) for membership in memberships]
    user.delete()
    return outcome
