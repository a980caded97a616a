"""Groups, challenges, goals, check-ins and cheers: every rule about them, in one place.

Permission helpers return the object or raise: Http404 when the user may not
know it exists (another person's challenge, a group they are not in),
PermissionDenied when they are a member but the action is an organizer's.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges import finished
from nomentum.challenges.models import (
    MAX_CHALLENGE_DAYS,
    Challenge,
    CheckIn,
    Cheer,
    Goal,
    GoalChange,
    Group,
    Invite,
    Membership,
    Removal,
    Role,
)
from nomentum.lib.errors import Barred, Conflict, Gone, Refusal

INVITE_DAYS = 14
ORGANIZER_ONLY = "Only the group's organizers can do that."


# Access ---------------------------------------------------------------------


def get_membership(user: User, group_id: int) -> Membership:
    """Return the user's membership of the group, or raise Http404: outsiders see nothing."""
    return get_object_or_404(
        Membership.objects.select_related("group"), group_id=group_id, user=user
    )


def require_organizer(membership: Membership) -> None:
    if not membership.is_organizer:
        raise PermissionDenied(ORGANIZER_ONLY)


def get_challenge_for_user(user: User, challenge_id: int) -> tuple[Challenge, Membership | None]:
    """Return a challenge the user takes part in, and their membership if it is a group's.

    Raise Http404 for anyone else.
    """
    challenge = get_object_or_404(Challenge.objects.select_related("group"), pk=challenge_id)
    if challenge.group_id is None:
        if challenge.owner_id != user.pk:
            raise Http404
        return challenge, None
    membership = Membership.objects.filter(group_id=challenge.group_id, user=user).first()
    if membership is None:
        raise Http404
    return challenge, membership


def require_manager(challenge: Challenge, user: User, membership: Membership | None) -> None:
    """A personal challenge is managed by its owner, a group's by the group's organizers."""
    if challenge.group_id is None:
        if challenge.owner_id != user.pk:
            raise Http404
        return
    if membership is None or not membership.is_organizer:
        raise PermissionDenied(ORGANIZER_ONLY)


def groups_of(user: User) -> QuerySet[Group]:
    return Group.objects.filter(memberships__user=user).order_by("name", "id")


def challenges_of(user: User) -> QuerySet[Challenge]:
    """Every challenge the user takes part in: their own and their groups'."""
    return (
        Challenge.objects.filter(Q(owner=user) | Q(group__memberships__user=user))
        .select_related("group")
        .order_by("-starts_on", "-id")
    )


# Groups and members ---------------------------------------------------------


@transaction.atomic
def create_group(user: User, name: str, description: str = "") -> Group:
    group = Group(name=name.strip(), description=description.strip())
    group.full_clean()
    group.save()
    Membership.objects.create(group=group, user=user, role=Role.ORGANIZER)
    return group


def create_invite(group: Group, by: User, now: dt.datetime, days: int = INVITE_DAYS) -> Invite:
    if not 1 <= days <= 90:
        raise ValidationError({"days": "An invite lasts from 1 to 90 days."})
    return Invite.objects.create(
        group=group, created_by=by, expires_at=now + dt.timedelta(days=days)
    )


def revoke_invite(invite: Invite, now: dt.datetime) -> None:
    if invite.revoked_at is None:
        invite.revoked_at = now
        invite.save(update_fields=["revoked_at"])


def usable_invite(code: str, now: dt.datetime) -> Invite:
    """Return the invite for a code, or refuse with a sentence saying why it cannot be used."""
    invite = Invite.objects.select_related("group").filter(code=code).first()
    if invite is None:
        raise Http404
    if invite.revoked_at is not None:
        raise Gone("This invite link was revoked. Ask the organizer for a new one.")
    if now >= invite.expires_at:
        raise Gone("This invite link has expired. Ask the organizer for a new one.")
    return invite


def check_not_removed(user: User, group: Group) -> None:
    """Refuse someone an organizer removed from the group, until an organizer lets them back."""
    if Removal.objects.filter(group=group, user=user).exists():
        raise Barred(
            f"You were removed from {group.name}: an organizer has to let you back in before "
            "you can join again."
        )


@transaction.atomic
def accept_invite(user: User, code: str, now: dt.datetime) -> Membership:
    invite = usable_invite(code, now)
    check_not_removed(user, invite.group)
    if Membership.objects.filter(group=invite.group, user=user).exists():
        raise Conflict(f"You are already a member of {invite.group.name}.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=invite.group, user=user)
    except IntegrityError:  # the same person joining twice at the same moment
        raise Conflict(f"You are already a member of {invite.group.name}.") from None
    # F() adds in SQL: two people joining at once both count.
    Invite.objects.filter(pk=invite.pk).update(uses=F("uses") + 1)
    return membership


def _lock_memberships(group: Group) -> list[Membership]:
    # Locking the group's rows serialises concurrent leave/remove/hand-over on
    # PostgreSQL, so two organizers leaving at once cannot leave none behind.
    return list(Membership.objects.select_for_update().filter(group=group).order_by("id"))


def _as_locked(membership: Membership, locked: list[Membership]) -> Membership:
    # The caller read the membership before the lock: since then its role may
    # have changed (a hand-over) or it may be gone (it left). Decide on the row as it is now.
    for row in locked:
        if row.pk == membership.pk:
            return row
    raise Http404


@transaction.atomic
def leave_group(membership: Membership) -> bool:
    """Leave the group; return True when the group was deleted because its last member left."""
    members = _lock_memberships(membership.group)
    membership = _as_locked(membership, members)
    if len(members) == 1:
        membership.group.delete()
        return True
    organizers = [m for m in members if m.role == Role.ORGANIZER]
    if membership.is_organizer and len(organizers) == 1:
        raise Refusal("You are the group's only organizer: hand the role to another member first.")
    membership.delete()
    return False


@transaction.atomic
def remove_member(organizer: Membership, target: Membership) -> None:
    """Remove the member and keep them out: no invite, old or new, lets them in again
    until an organizer lets them back (let_back_in)."""
    require_organizer(organizer)
    if target.group_id != organizer.group_id:
        raise Http404
    if target.pk == organizer.pk:
        raise Refusal("To leave the group yourself, use Leave.")
    members = _lock_memberships(organizer.group)
    require_organizer(_as_locked(organizer, members))
    _as_locked(target, members).delete()
    Removal.objects.update_or_create(
        group_id=organizer.group_id,
        user_id=target.user_id,
        defaults={"removed_by_id": organizer.user_id, "removed_at": timezone.now()},
    )


def removals_of(membership: Membership) -> QuerySet[Removal]:
    """Return who was removed from the membership's group, newest first; organizers only."""
    require_organizer(membership)
    return (
        Removal.objects.filter(group_id=membership.group_id)
        .select_related("user", "removed_by")
        .order_by("-removed_at", "-id")
    )


def let_back_in(organizer: Membership, removal: Removal) -> None:
    """Lift a removal: the person may join again by an invite, as anyone may."""
    require_organizer(organizer)
    if removal.group_id != organizer.group_id:
        raise Http404
    removal.delete()


@transaction.atomic
def hand_over(organizer: Membership, target: Membership) -> None:
    """Make another member the organizer; the current organizer becomes a member."""
    require_organizer(organizer)
    if target.group_id != organizer.group_id:
        raise Http404
    if target.pk == organizer.pk:
        raise Refusal("You are already the organizer.")
    members = _lock_memberships(organizer.group)
    require_organizer(_as_locked(organizer, members))
    _as_locked(target, members)
    Membership.objects.filter(pk=target.pk).update(role=Role.ORGANIZER)
    Membership.objects.filter(pk=organizer.pk).update(role=Role.MEMBER)


# Challenges and goals -------------------------------------------------------


def check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date cannot be before the start date."})
    days = (ends_on - starts_on).days + 1
    if days > MAX_CHALLENGE_DAYS:
        raise ValidationError(
            {"ends_on": f"A challenge lasts at most {MAX_CHALLENGE_DAYS} days, not {days}."}
        )


def save_challenge(challenge: Challenge) -> Challenge:
    check_dates(challenge.starts_on, challenge.ends_on)
    challenge.full_clean()
    challenge.save()
    return challenge


def end_challenge(challenge: Challenge, today: dt.date) -> None:
    """End a running challenge today; its numbers stay readable for ever."""
    if challenge.state(today) != "running":
        raise Refusal("Only a running challenge can be ended.")
    challenge.ends_on = today
    challenge.save(update_fields=["ends_on"])


TARGETS = ("rejections_per_week", "rejections_total", "asks_total", "yeses_total")


@transaction.atomic
def set_goal(challenge: Challenge, user: User, **targets: int | None) -> Goal:
    """Set the user's goal, keeping what it was before so a change mid-challenge shows."""
    finished.refuse_goal_change(challenge, user.today())
    values = {name: targets.get(name) for name in TARGETS}
    for name, value in values.items():
        if value is not None and value < 0:
            raise ValidationError({name: "A target cannot be negative."})
        # rejections_per_week is a small integer column: PostgreSQL refuses above 32767.
        limit = 10_000 if name == "rejections_per_week" else 100_000
        if value is not None and value > limit:
            raise ValidationError({name: "That target is larger than any challenge needs."})
    if values["rejections_per_week"] is None and values["rejections_total"] is None:
        raise ValidationError(
            {"rejections_total": "Set a rejection target: per week, in total, or both."}
        )
    goal = Goal.objects.select_for_update().filter(challenge=challenge, user=user).first()
    if goal is None:
        return Goal.objects.create(challenge=challenge, user=user, **values)
    before = {name: getattr(goal, name) for name in TARGETS}
    if before != values:
        GoalChange.objects.create(goal=goal, **before)
        for name, value in values.items():
            setattr(goal, name, value)
        goal.save()
    return goal


# Check-ins and cheers -------------------------------------------------------


@transaction.atomic
def check_in(
    challenge: Challenge,
    user: User,
    week_number: int,
    today: dt.date,
    note: str = "",
    tally: dict[str, int] | None = None,
) -> CheckIn:
    """Write the week's check-in; a tally creates the minimal asks behind its numbers."""
    finished.refuse_late_check_in(challenge, today)
    weeks = {week.number: week for week in challenge.weeks()}
    week = weeks.get(week_number)
    if week is None:
        raise ValidationError({"week": f"This challenge has weeks 1 to {len(weeks)}."})
    if week.starts_on > today:
        raise ValidationError({"week": f"Week {week_number} has not started yet."})
    note = note.strip()
    asks = _tally_asks(user, tally, week.starts_on, min(week.ends_on, today)) if tally else []
    if not note and not asks:
        raise ValidationError({"note": "Write a line, or give a tally."})
    if CheckIn.objects.filter(challenge=challenge, user=user, week=week_number).exists():
        raise Conflict(f"You checked in for week {week_number} already.")
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                challenge=challenge, user=user, week=week_number, note=note
            )
    except IntegrityError:
        raise Conflict(f"You checked in for week {week_number} already.") from None
    if asks:
        Ask.objects.bulk_create(asks)
        checkin.asks.set(asks)
    return checkin


def _tally_asks(
    user: User, tally: dict[str, int], asked_on: dt.date, answered_by: dt.date
) -> list[Ask]:
    rejections = tally.get("rejections") or 0
    yeses = tally.get("yeses") or 0
    asks = tally.get("asks")
    if min(rejections, yeses, asks or 0) < 0:
        raise ValidationError({"tally": "A tally cannot be negative."})
    if asks is None:
        asks = rejections + yeses
    if asks < rejections + yeses:
        raise ValidationError({"tally": "Asks must be at least the no's plus the yeses."})
    if asks > 500:
        raise ValidationError({"tally": "A weekly tally takes at most 500 asks; import the rest."})

    def ask(outcome: str, title: str) -> Ask:
        tallied = Ask(user=user, title=title, asked_on=asked_on)
        # A tally says how many, not when: its answers came by the week's last day so far.
        tallied.set_outcome(outcome, answered_by)
        return tallied

    return (
        [ask(Outcome.NO, "Quick tally: a no") for _ in range(rejections)]
        + [ask(Outcome.YES, "Quick tally: a yes") for _ in range(yeses)]
        + [ask(Outcome.PENDING, "Quick tally: an ask") for _ in range(asks - rejections - yeses)]
    )


def cheerable_ask(user: User, ask_id: int) -> Ask:
    """Return another member's answered, non-private ask in a group the user is in; else Http404."""
    shared_groups = Membership.objects.filter(user=user).values("group")
    ask = (
        Ask.objects.filter(
            pk=ask_id,
            private=False,
            outcome__in=[Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE],
            user__memberships__group__in=shared_groups,
        )
        .exclude(user=user)
        .first()
    )
    if ask is None:
        raise Http404
    return ask


def toggle_cheer(user: User, ask: Ask) -> bool:
    """Cheer, or take the cheer back; return whether the user now cheers the ask."""
    deleted, _ = Cheer.objects.filter(ask=ask, user=user).delete()
    if deleted:
        return False
    Cheer.objects.get_or_create(ask=ask, user=user)
    return True


def cheer(user: User, ask: Ask) -> bool:
    """Cheer the ask, once however often it is asked; return whether this made a new cheer."""
    _, created = Cheer.objects.get_or_create(ask=ask, user=user)
    return created


def uncheer(user: User, ask: Ask) -> None:
    """Take the user's cheer back; nothing happens when there is none."""
    Cheer.objects.filter(ask=ask, user=user).delete()
