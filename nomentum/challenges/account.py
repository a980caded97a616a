"""The challenges' part of a person's account: in its export, their personal challenges,
goals, check-ins, memberships and the cheers they gave; at its deletion, leaving every group."""

from typing import Any

from nomentum.accounts.models import User
from nomentum.accounts.services import Contribution, json_row, json_value
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, CheckIn, Cheer, Goal, Membership, Role


def export(user: User) -> dict[str, Any]:
    return {
        "personal_challenges": [
            json_row(challenge, exclude={"owner", "group"})
            for challenge in Challenge.objects.filter(owner=user).order_by("starts_on", "id")
        ],
        "goals": _goals(user),
        "checkins": _checkins(user),
        "memberships": [
            json_row(
                membership,
                exclude={"user"},
                group_name=membership.group.name,
                group_description=membership.group.description,
            )
            for membership in Membership.objects.filter(user=user)
            .select_related("group")
            .order_by("joined_at", "id")
        ],
        "cheers_given": _cheers_given(user),
    }


def _goals(user: User) -> list[dict[str, Any]]:
    goals = (
        Goal.objects.filter(user=user)
        .select_related("challenge__group")
        .prefetch_related("changes")
        .order_by("challenge__starts_on", "id")
    )
    return [
        json_row(
            goal,
            exclude={"user"},
            challenge=goal.challenge.name,
            group=goal.challenge.group.name if goal.challenge.group else None,
            rejections_target=goal.rejections_target(goal.challenge),
            earlier_versions=[
                json_row(change, exclude={"goal", "id"}) for change in goal.changes.all()
            ],
        )
        for goal in goals
    ]


def _checkins(user: User) -> list[dict[str, Any]]:
    checkins = (
        CheckIn.objects.filter(user=user)
        .select_related("challenge")
        .prefetch_related("asks")
        .order_by("challenge__starts_on", "week", "id")
    )
    return [
        json_row(
            checkin,
            exclude={"user"},
            challenge=checkin.challenge.name,
            tally_ask_ids=sorted(ask.pk for ask in checkin.asks.all()),
        )
        for checkin in checkins
    ]


def _cheers_given(user: User) -> list[dict[str, Any]]:
    # Another member's ask is theirs: only whose it was and when, not what it said.
    cheers = (
        Cheer.objects.filter(user=user).select_related("ask__user").order_by("created_at", "id")
    )
    return [
        {
            "ask_id": cheer.ask_id,
            "ask_owner": cheer.ask.user.username,
            "created_at": json_value(cheer.created_at),
        }
        for cheer in cheers
    ]


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
        services.leave_group(membership)
        return f"handed {membership.group.name} to member {successor.user_id}"
    deleted = services.leave_group(membership)
    return f"deleted {membership.group.name}" if deleted else f"left {membership.group.name}"


def leave_every_group(user: User) -> list[str]:
    """Leave each of the user's groups by the group rules: a sole organizer hands the role to
    the longest-standing member, and the last member deletes the group."""
    memberships = list(Membership.objects.filter(user=user).select_related("group").order_by("id"))
    return [_leave(membership) for membership in memberships]


CONTRIBUTION = Contribution(
    export=export,
    # An invite belongs to its group, not to whoever made it.
    covers={
        "challenges.Challenge",
        "challenges.Goal",
        "challenges.CheckIn",
        "challenges.Membership",
        "challenges.Cheer",
        "challenges.Invite",
    },
    delete=leave_every_group,
)
