"""The group feed and check-ins: what members see of each other's answers and notes.

A private ask never shows; a member sharing counts shows only as "a no", a
member sharing details with its title and recipient (shows_details decides).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value

from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.models import Challenge, CheckIn, Cheer, Membership, Sharing


@dataclass
class FeedItem:
    kind: str  # "no", "yes", "no_response" or "checkin"
    at: dt.datetime
    user_id: int
    name: str
    ask: Ask | None = None
    details: bool = False
    cheers: int = 0
    cheered: bool = False
    checkin: CheckIn | None = None


def _feed_asks(group_id: int) -> QuerySet[Ask]:
    """Answers the group may see: current members' answered asks, never a private one."""
    members = Membership.objects.filter(group_id=group_id).values("user")
    return Ask.objects.filter(
        user__in=members, private=False, outcome__in=[Outcome.NO, Outcome.YES, Outcome.NO_RESPONSE]
    )


def _feed_checkins(group_id: int) -> QuerySet[CheckIn]:
    members = Membership.objects.filter(group_id=group_id).values("user")
    return CheckIn.objects.filter(challenge__group_id=group_id, user__in=members)


def _authors_sharing(group_id: int) -> Subquery:
    """Return, for each row's user, how that member of the group shares: one subquery."""
    members = Membership.objects.filter(group_id=group_id)
    return Subquery(members.filter(user=OuterRef("user")).values("sharing")[:1])


def feed_size(group_id: int) -> int:
    """Return how many items the whole feed holds (two queries)."""
    return _feed_asks(group_id).count() + _feed_checkins(group_id).count()


def checkin_tallies(checkin_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return each check-in's tally, counted from the asks it created as they stand now.

    One query; a check-in without a tally (a note only) is missing from the answer.
    """
    if not checkin_ids:
        return {}
    rows = (
        CheckIn.asks.through.objects.filter(checkin_id__in=checkin_ids)
        .values("checkin_id")
        .order_by()
        .annotate(
            asks=Count("pk"),
            rejections=Count("pk", filter=Q(ask__outcome__in=[Outcome.NO, Outcome.NO_RESPONSE])),
            yeses=Count("pk", filter=Q(ask__outcome=Outcome.YES)),
        )
    )
    return {
        row["checkin_id"]: {name: row[name] for name in ("asks", "rejections", "yeses")}
        for row in rows
    }


def challenge_checkins(challenge: Challenge, viewer: User) -> QuerySet[CheckIn]:
    """Return the check-ins the viewer may see, annotated with their authors' sharing.

    Members who left take their check-ins with them, as in the feed.
    """
    checkins = CheckIn.objects.filter(challenge=challenge).select_related("user")
    if challenge.group_id is None:
        return checkins.filter(user=viewer).annotate(sharing=Value(Sharing.DETAILS))
    members = Membership.objects.filter(group_id=challenge.group_id).values("user")
    return checkins.filter(user__in=members).annotate(sharing=_authors_sharing(challenge.group_id))


def shows_details(item: Ask | CheckIn, viewer: User) -> bool:
    """Whether the viewer may read an item's words: their own, or an author who shares details."""
    return item.user_id == viewer.pk or getattr(item, "sharing", "") == Sharing.DETAILS


def group_feed(group_id: int, viewer: User, limit: int = 30) -> list[FeedItem]:
    """Return the newest answers and check-ins of a group's members, as the viewer may see them.

    A private ask never appears; a member sharing counts only shows as "a no",
    a member sharing details with its title and recipient.
    """
    items = _answer_items(group_id, viewer, limit) + _checkin_items(group_id, viewer, limit)
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def _answer_items(group_id: int, viewer: User, limit: int) -> list[FeedItem]:
    """Return the newest answers the group may see, with their cheers."""
    asks = (
        _feed_asks(group_id)
        .select_related("user", "category")
        .annotate(
            sharing=_authors_sharing(group_id),
            cheer_count=Count("cheers"),
            cheered=Exists(Cheer.objects.filter(ask=OuterRef("pk"), user=viewer)),
        )
        .order_by("-updated_at", "-id")[:limit]
    )
    return [
        FeedItem(
            kind=ask.outcome,
            at=ask.updated_at,
            user_id=ask.user_id,
            name=str(ask.user),
            ask=ask,
            details=shows_details(ask, viewer),
            cheers=ask.cheer_count,
            cheered=ask.cheered,
        )
        for ask in asks
    ]


def _checkin_items(group_id: int, viewer: User, limit: int) -> list[FeedItem]:
    """Return the newest check-ins of the group's members."""
    checkins = (
        _feed_checkins(group_id)
        .select_related("user", "challenge")
        .annotate(sharing=_authors_sharing(group_id))
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        FeedItem(
            kind="checkin",
            at=checkin.created_at,
            user_id=checkin.user_id,
            name=str(checkin.user),
            checkin=checkin,
            details=shows_details(checkin, viewer),
        )
        for checkin in checkins
    ]
