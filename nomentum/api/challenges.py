"""Challenges the caller takes part in: their own, and their groups'.

Anyone else's challenge answers 404. A personal challenge is managed by its
owner, a group's by the group's organizers: a member gets 403 for that.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.errors import HttpError

from nomentum import numbers
from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.base import Detail, Page
from nomentum.api.schemas.challenges import (
    BoardOut,
    BoardQuery,
    ChallengeIn,
    ChallengeList,
    ChallengeOut,
    ChallengePatch,
    CheckInIn,
    CheckInList,
    CheckInOut,
    CheckInQuery,
    GoalIn,
    GoalOut,
)
from nomentum.challenges import feed, services
from nomentum.challenges.models import Challenge, Goal

router = Router(tags=["challenges"])


@router.get(
    "/challenges",
    response=ChallengeList,
    description="Every challenge the caller takes part in, their own and their groups', "
    "newest first.",
)
def list_challenges(request: AuthedRequest, page: Query[Page]):
    challenges = services.challenges_of(request.auth)
    items = list(challenges[page.offset : page.offset + page.limit])
    return {"count": challenges.count(), "items": items}


@router.post(
    "/challenges",
    response={201: ChallengeOut, 422: Detail},
    description="Create a personal challenge, for the caller alone.",
)
def create_challenge(request: AuthedRequest, payload: ChallengeIn):
    challenge = Challenge(owner=request.auth, **payload.dict())
    return Status(201, services.save_challenge(challenge))


@router.get(
    "/challenges/{int:challenge_id}",
    response={200: ChallengeOut, 404: Detail},
    description="A challenge the caller takes part in, with its weeks.",
)
def get_challenge(request: AuthedRequest, challenge_id: int):
    challenge, _ = services.get_challenge_for_user(request.auth, challenge_id)
    return challenge


MANAGER_ONLY = (
    "A group challenge's organizers only (a member gets 403, anyone outside the group 404); "
    "a personal challenge's owner."
)
POINTS = ("points_per_rejection", "points_per_yes")


@router.patch(
    "/challenges/{int:challenge_id}",
    response={200: ChallengeOut, 403: Detail, 404: Detail, 422: Detail},
    description="Change a challenge's name, dates or (a group's) points; a field left out "
    f"stays as it is. {MANAGER_ONLY}",
)
def update_challenge(request: AuthedRequest, challenge_id: int, payload: ChallengePatch):
    user = request.auth
    challenge, membership = services.get_challenge_for_user(user, challenge_id)
    services.require_manager(challenge, user, membership)
    fields = {name: value for name, value in payload.dict().items() if value is not None}
    points = [name for name in POINTS if name in fields]
    if challenge.group_id is None and points:
        raise ValidationError({points[0]: "Points rank a group; a personal challenge has none."})
    for name, value in fields.items():
        setattr(challenge, name, value)
    return services.save_challenge(challenge)


@router.post(
    "/challenges/{int:challenge_id}/end",
    response={200: ChallengeOut, 400: Detail, 403: Detail, 404: Detail},
    description="End a running challenge today (400 for one that is upcoming or finished); "
    f"its board stays readable. {MANAGER_ONLY}",
)
def end_challenge(request: AuthedRequest, challenge_id: int):
    user = request.auth
    challenge, membership = services.get_challenge_for_user(user, challenge_id)
    services.require_manager(challenge, user, membership)
    services.end_challenge(challenge, user.today())
    return challenge


@router.get(
    "/challenges/{int:challenge_id}/goal",
    response={200: GoalOut, 404: Detail},
    description="The caller's own goal; 404 when they have not set one.",
)
def get_goal(request: AuthedRequest, challenge_id: int):
    challenge, _ = services.get_challenge_for_user(request.auth, challenge_id)
    goal = Goal.objects.filter(challenge=challenge, user=request.auth).first()
    if goal is None:
        raise HttpError(404, "You have not set a goal in this challenge yet.")
    goal.challenge = challenge  # for rejections_target, without a query
    return goal


@router.put(
    "/challenges/{int:challenge_id}/goal",
    response={200: GoalOut, 404: Detail, 422: Detail},
    description="Set the caller's own goal, replacing it whole: a target left out is "
    "cleared. It needs rejections_per_week or rejections_total.",
)
def set_goal(request: AuthedRequest, challenge_id: int, payload: GoalIn):
    challenge, _ = services.get_challenge_for_user(request.auth, challenge_id)
    goal = services.set_goal(challenge, request.auth, **payload.dict())
    goal.challenge = challenge  # for rejections_target, without a query
    return goal


@router.get(
    "/challenges/{int:challenge_id}/board",
    response={200: BoardOut, 404: Detail},
    description="Every participant's numbers, whole and per week, and the totals. Members "
    "hidden from the ranking count in the totals; only they see their own row.",
)
def get_board(request: AuthedRequest, challenge_id: int, query: Query[BoardQuery]):
    user = request.auth
    challenge, _ = services.get_challenge_for_user(user, challenge_id)
    board = numbers.board(challenge, user.today(), user, query.sort)
    return {
        "challenge": board.challenge,
        "sort": board.sort,
        "totals": board.totals,
        "members": board.members,
    }


@router.post(
    "/challenges/{int:challenge_id}/checkins",
    response={201: CheckInOut, 404: Detail, 409: Detail, 422: Detail},
    description="The caller's check-in for a week: a note, and optionally a tally that "
    "creates the asks behind its numbers. 409 for a second check-in in the same week.",
)
def create_checkin(request: AuthedRequest, challenge_id: int, payload: CheckInIn):
    user = request.auth
    challenge, _ = services.get_challenge_for_user(user, challenge_id)
    tally = None
    if payload.tally is not None:
        tally = {name: n for name, n in payload.tally.dict().items() if n is not None}
    checkin = services.check_in(challenge, user, payload.week, user.today(), payload.note, tally)
    return Status(201, checkin)


@router.get(
    "/challenges/{int:challenge_id}/checkins",
    response={200: CheckInList, 404: Detail, 422: Detail},
    description="The participants' check-ins, latest week first. A note shows when it is the "
    "caller's own or its author shares details; a tally's numbers always show.",
)
def list_checkins(request: AuthedRequest, challenge_id: int, query: Query[CheckInQuery]):
    user = request.auth
    challenge, _ = services.get_challenge_for_user(user, challenge_id)
    checkins = feed.challenge_checkins(challenge, user)
    if query.week is not None:
        checkins = checkins.filter(week=query.week)
    checkins = checkins.order_by("-week", "-created_at", "-id")
    page = list(checkins[query.offset : query.offset + query.limit])
    tally = feed.checkin_tallies([checkin.pk for checkin in page])
    items = [
        {
            "id": checkin.pk,
            "user_id": checkin.user_id,
            "username": checkin.user.username,
            "name": str(checkin.user),
            "week": checkin.week,
            "note": checkin.note if feed.shows_details(checkin, user) else None,
            "tally": tally.get(checkin.pk),
            "created_at": checkin.created_at,
        }
        for checkin in page
    ]
    return {"count": checkins.count(), "items": items}
