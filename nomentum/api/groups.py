"""Groups, their members, invite links and the group's challenges.

Outsiders get 404 for everything about a group (not even its existence shows);
members get 403 with a sentence for an organizer's action.
"""

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Body, Query, Router, Status

from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.base import Detail, Page
from nomentum.api.schemas.challenges import ChallengeList, ChallengeOut, GroupChallengeIn
from nomentum.api.schemas.groups import (
    GroupDetail,
    GroupIn,
    GroupList,
    HandOverIn,
    InviteIn,
    InviteList,
    InviteOut,
    JoinedOut,
    LeftOut,
    MembershipOut,
    MembershipPatch,
    RemovalList,
)
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Membership

router = Router(tags=["groups"])

ORGANIZER_ONLY = "Organizer only: a member gets 403, anyone outside the group 404."


def _detail(membership: Membership) -> dict:
    group = membership.group
    members = group.memberships.select_related("user").order_by("joined_at", "id")
    return {
        "id": group.pk,
        "name": group.name,
        "description": group.description,
        "role": membership.role,
        "created_at": group.created_at,
        "members": list(members),
    }


@router.get("/groups", response=GroupList, description="The caller's groups, by name.")
def list_groups(request: AuthedRequest, page: Query[Page]):
    user = request.auth
    mine = Membership.objects.filter(group=OuterRef("pk"), user=user).values("role")[:1]
    groups = services.groups_of(user).annotate(role=Subquery(mine))
    return page.of(groups)


@router.post(
    "/groups",
    response={201: GroupDetail, 422: Detail},
    description="Create a group; the caller becomes its organizer.",
)
def create_group(request: AuthedRequest, payload: GroupIn):
    group = services.create_group(request.auth, payload.name, payload.description)
    return Status(201, _detail(services.get_membership(request.auth, group.pk)))


@router.get(
    "/groups/{int:group_id}",
    response={200: GroupDetail, 404: Detail},
    description="The group and its members; members only.",
)
def get_group(request: AuthedRequest, group_id: int):
    return _detail(services.get_membership(request.auth, group_id))


@router.post(
    "/groups/{int:group_id}/invites",
    response={201: InviteOut, 403: Detail, 404: Detail, 422: Detail},
    description=f"Create an invite link that anyone can use until it expires. {ORGANIZER_ONLY}",
)
def create_invite(request: AuthedRequest, group_id: int, payload: Body[InviteIn | None] = None):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    days = payload.days if payload else services.INVITE_DAYS
    invite = services.create_invite(membership.group, request.auth, timezone.now(), days)
    url = request.build_absolute_uri(reverse("challenges:join", args=[invite.code]))
    return Status(201, {"code": invite.code, "url": url, "expires_at": invite.expires_at})


@router.get(
    "/groups/{int:group_id}/invites",
    response={200: InviteList, 403: Detail, 404: Detail},
    description="Every invite link of the group, newest first, with how many joined by it; "
    f"revoked and expired ones too. {ORGANIZER_ONLY}",
)
def list_invites(request: AuthedRequest, group_id: int, page: Query[Page]):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    invites = membership.group.invites.order_by("-created_at", "-id")
    return page.of(invites)


@router.delete(
    "/groups/{int:group_id}/invites/{code}",
    response={204: None, 403: Detail, 404: Detail},
    description="Revoke an invite link: no one can join by it any more. Revoking it again "
    f"changes nothing. {ORGANIZER_ONLY}",
)
def revoke_invite(request: AuthedRequest, group_id: int, code: str):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    invite = get_object_or_404(membership.group.invites, code=code)
    services.revoke_invite(invite, timezone.now())
    return Status(204, None)


@router.post(
    "/invites/{code}/accept",
    response={200: JoinedOut, 403: Detail, 404: Detail, 409: Detail, 410: Detail},
    description="Join the invite's group. 410 when the link expired or was revoked, "
    "409 when the caller is a member already, 403 when an organizer removed them and has not "
    "let them back in.",
)
def accept_invite(request: AuthedRequest, code: str):
    membership = services.accept_invite(request.auth, code, timezone.now())
    return {"group_id": membership.group_id}


@router.get(
    "/groups/{int:group_id}/challenges",
    response={200: ChallengeList, 404: Detail},
    description="The group's challenges, newest first; members only.",
)
def list_group_challenges(request: AuthedRequest, group_id: int, page: Query[Page]):
    membership = services.get_membership(request.auth, group_id)
    challenges = Challenge.objects.filter(group=membership.group)
    items = list(challenges[page.offset : page.offset + page.limit])
    return {"count": challenges.count(), "items": items}


@router.post(
    "/groups/{int:group_id}/challenges",
    response={201: ChallengeOut, 403: Detail, 404: Detail, 422: Detail},
    description=f"Create a challenge for the group. {ORGANIZER_ONLY}",
)
def create_group_challenge(request: AuthedRequest, group_id: int, payload: GroupChallengeIn):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    challenge = Challenge(group=membership.group, **payload.dict(exclude_none=True))
    return Status(201, services.save_challenge(challenge))


# My membership, and an organizer's say over the others ------------------------


@router.get(
    "/groups/{int:group_id}/membership",
    response={200: MembershipOut, 404: Detail},
    description="The caller's own membership: role, sharing, and whether they hide from the "
    "ranking.",
)
def get_my_membership(request: AuthedRequest, group_id: int):
    return services.get_membership(request.auth, group_id)


@router.patch(
    "/groups/{int:group_id}/membership",
    response={200: MembershipOut, 404: Detail, 422: Detail},
    description="Change what the group sees of the caller's asks (sharing) and whether they "
    "are ranked; a field left out stays as it is.",
)
def update_my_membership(request: AuthedRequest, group_id: int, payload: MembershipPatch):
    membership = services.get_membership(request.auth, group_id)
    fields = {name: value for name, value in payload.dict().items() if value is not None}
    for name, value in fields.items():
        setattr(membership, name, value)
    if fields:
        # Only these columns: a hand-over at the same moment keeps the role it wrote.
        membership.save(update_fields=list(fields))
    return membership


@router.delete(
    "/groups/{int:group_id}/membership",
    response={200: LeftOut, 400: Detail, 404: Detail},
    description="Leave the group. The only organizer is refused (400) until they hand the "
    "role over; the last member leaving deletes the group.",
)
def leave_group(request: AuthedRequest, group_id: int):
    membership = services.get_membership(request.auth, group_id)
    return {"group_deleted": services.leave_group(membership)}


@router.delete(
    "/groups/{int:group_id}/members/{int:user_id}",
    response={204: None, 400: Detail, 403: Detail, 404: Detail},
    description="Remove a member from the group; their asks stay theirs. No invite lets them "
    "join again (403) until an organizer lets them back in (DELETE "
    "/groups/{id}/removals/{user_id}). 400 for the caller themselves (leave instead). "
    f"{ORGANIZER_ONLY}",
)
def remove_member(request: AuthedRequest, group_id: int, user_id: int):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    target = get_object_or_404(membership.group.memberships, user_id=user_id)
    services.remove_member(membership, target)
    return Status(204, None)


@router.get(
    "/groups/{int:group_id}/removals",
    response={200: RemovalList, 403: Detail, 404: Detail},
    description="The people removed from the group, newest first: no invite lets them join "
    f"again until an organizer lets them back in. {ORGANIZER_ONLY}",
)
def list_removals(request: AuthedRequest, group_id: int, page: Query[Page]):
    removals = services.removals_of(services.get_membership(request.auth, group_id))
    return page.of(removals)


@router.delete(
    "/groups/{int:group_id}/removals/{int:user_id}",
    response={204: None, 403: Detail, 404: Detail},
    description="Let a removed person back in: any usable invite lets them join again (they "
    f"are not made a member by this). 404 for someone not removed. {ORGANIZER_ONLY}",
)
def let_back_in(request: AuthedRequest, group_id: int, user_id: int):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    removal = get_object_or_404(membership.group.removals, user_id=user_id)
    services.let_back_in(membership, removal)
    return Status(204, None)


@router.post(
    "/groups/{int:group_id}/organizer",
    response={200: GroupDetail, 400: Detail, 403: Detail, 404: Detail, 422: Detail},
    description="Hand the organizer role to another member; the caller becomes a member. "
    f"Answers the group as the caller now sees it. {ORGANIZER_ONLY}",
)
def hand_over(request: AuthedRequest, group_id: int, payload: HandOverIn):
    membership = services.get_membership(request.auth, group_id)
    services.require_organizer(membership)
    target = membership.group.memberships.filter(user_id=payload.user_id).first()
    if target is None:
        raise ValidationError({"user_id": "That person is not a member of this group."})
    services.hand_over(membership, target)
    return _detail(services.get_membership(request.auth, group_id))
