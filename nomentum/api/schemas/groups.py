"""Groups, their members and invites, and the members removed from them."""

import datetime as dt
from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import StringConstraints

from nomentum.api.schemas.base import Id, Input, Name, NoNul
from nomentum.challenges.models import Role, Sharing
from nomentum.challenges.services import INVITE_DAYS

Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), NoNul]
RoleValue = Literal["organizer", "member"]
SharingValue = Literal["counts", "details"]

assert set(RoleValue.__args__) == set(Role.values)  # type: ignore[attr-defined]
assert set(SharingValue.__args__) == set(Sharing.values)  # type: ignore[attr-defined]


class GroupIn(Input):
    name: Name
    description: Description = ""


class GroupOut(Schema):
    id: int
    name: str
    description: str
    role: RoleValue = Field(description="The caller's role in the group")
    created_at: dt.datetime


class GroupList(Schema):
    count: int
    items: list[GroupOut]


class MemberOut(Schema):
    user_id: int
    username: str
    role: RoleValue
    sharing: SharingValue
    joined_at: dt.datetime

    @staticmethod
    def resolve_username(membership) -> str:
        return membership.user.username


class GroupDetail(GroupOut):
    members: list[MemberOut]


class InviteIn(Input):
    days: int = Field(INVITE_DAYS, description="How long the link works: 1 to 90 days")


class InviteOut(Schema):
    code: str
    url: str = Field(description="The page a new member opens to join")
    expires_at: dt.datetime


class JoinedOut(Schema):
    group_id: int


class MembershipPatch(Input):
    sharing: SharingValue | None = Field(
        None, description="counts: the group sees your numbers only; details: titles too"
    )
    hidden_from_ranking: bool | None = Field(
        None, description="Leave the ranking; your numbers still count in the group's totals"
    )


class MembershipOut(MemberOut):
    group_id: int
    hidden_from_ranking: bool


class LeftOut(Schema):
    group_deleted: bool = Field(description="true when the caller was the last member")


class RemovalOut(Schema):
    user_id: int
    username: str
    removed_at: dt.datetime
    removed_by: str | None = Field(description="The organizer who removed them, if still here")

    @staticmethod
    def resolve_username(removal) -> str:
        return removal.user.username

    @staticmethod
    def resolve_removed_by(removal) -> str | None:
        return removal.removed_by.username if removal.removed_by else None


class RemovalList(Schema):
    count: int
    items: list[RemovalOut]


class HandOverIn(Input):
    user_id: Id = Field(description="The member who becomes the organizer")


class InviteItem(InviteOut):
    created_at: dt.datetime
    uses: int = Field(description="How many people joined by it")
    revoked: bool
    revoked_at: dt.datetime | None
    usable: bool = Field(description="Neither revoked nor expired")

    @staticmethod
    def resolve_revoked(invite) -> bool:
        return invite.revoked_at is not None

    @staticmethod
    def resolve_url(invite, context) -> str:
        return context["request"].build_absolute_uri(reverse("challenges:join", args=[invite.code]))

    @staticmethod
    def resolve_usable(invite) -> bool:
        return invite.is_usable(timezone.now())


class InviteList(Schema):
    count: int
    items: list[InviteItem]
