"""The group feed, and cheers on another member's rejection or yes.

The feed shows what each member shares (challenges.feed.group_feed decides): never a
private ask, titles and recipients and notes only of members who share details.
"""

from ninja import Query, Router, Status

from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.base import Detail, Page
from nomentum.api.schemas.feed import CheerOut, FeedOut
from nomentum.asks.models import Ask
from nomentum.challenges import services
from nomentum.challenges.feed import FeedItem, checkin_tallies, feed_size, group_feed
from nomentum.challenges.models import Cheer

router = Router(tags=["feed"])


def _feed_ask(item: FeedItem) -> dict | None:
    ask = item.ask
    if ask is None:
        return None
    return {
        "id": ask.pk,
        "title": ask.title if item.details else None,
        "recipient": ask.recipient if item.details else None,
        "outcome": ask.outcome,
        "feedback": ask.feedback,
        "decided_on": ask.decided_on,
    }


def _feed_checkin(item: FeedItem, tally: dict[int, dict[str, int]]) -> dict | None:
    checkin = item.checkin
    if checkin is None:
        return None
    return {
        "id": checkin.pk,
        "challenge_id": checkin.challenge_id,
        "challenge_name": checkin.challenge.name,
        "week": checkin.week,
        "note": checkin.note if item.details else None,
        "tally": tally.get(checkin.pk),
    }


def _feed_item(item: FeedItem, tally: dict[int, dict[str, int]]) -> dict:
    author = item.ask.user if item.ask else item.checkin.user if item.checkin else None
    return {
        "kind": item.kind,
        "at": item.at,
        "user_id": item.user_id,
        "username": author.username if author else "",
        "name": item.name,
        "ask": _feed_ask(item),
        "cheers": item.cheers,
        "cheered": item.cheered,
        "checkin": _feed_checkin(item, tally),
    }


@router.get(
    "/groups/{int:group_id}/feed",
    response={200: FeedOut, 404: Detail},
    description="The members' newest rejections, yeses and check-ins, newest first; members "
    "only. A private ask never shows; a title, recipient or note only when its author shares "
    "details.",
)
def get_feed(request: AuthedRequest, group_id: int, page: Query[Page]):
    membership = services.get_membership(request.auth, group_id)
    feed = group_feed(membership.group_id, request.auth, limit=page.offset + page.limit)
    items = feed[page.offset :]
    tally = checkin_tallies([item.checkin.pk for item in items if item.checkin])
    return {
        "count": feed_size(membership.group_id),
        "items": [_feed_item(item, tally) for item in items],
    }


def _cheers(ask: Ask, cheered: bool) -> dict:
    return {"cheered": cheered, "cheers": Cheer.objects.filter(ask=ask).count()}


@router.post(
    "/asks/{int:ask_id}/cheer",
    response={200: CheerOut, 201: CheerOut, 404: Detail},
    description="Cheer another member's answered, non-private ask in a group you share "
    "(anything else is 404). 201 for a new cheer, 200 when you cheered it already: a cheer "
    "counts once.",
)
def cheer(request: AuthedRequest, ask_id: int):
    ask = services.cheerable_ask(request.auth, ask_id)
    created = services.cheer(request.auth, ask)
    return Status(201 if created else 200, _cheers(ask, cheered=True))


@router.delete(
    "/asks/{int:ask_id}/cheer",
    response={200: CheerOut, 404: Detail},
    description="Take your cheer back; 200 also when there was none.",
)
def uncheer(request: AuthedRequest, ask_id: int):
    ask = services.cheerable_ask(request.auth, ask_id)
    services.uncheer(request.auth, ask)
    return _cheers(ask, cheered=False)
