"""Pages for groups: a group, its members and their settings, invites, removals, joining.

Each view goes through a permission helper in challenges.services (outsiders get 404,
members trying an organizer's action get 403 with its sentence), calls one service, and
redirects. A group's challenges have their pages in web.pages.challenges.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.challenges import services
from nomentum.challenges.feed import group_feed
from nomentum.challenges.forms import GroupForm, InviteForm, MembershipForm, add_service_errors
from nomentum.challenges.models import Membership
from nomentum.lib.errors import Conflict, Refusal


def _group_url(group_id: int, anchor: str = "") -> str:
    url = reverse("challenges:group", args=[group_id])
    return f"{url}#{anchor}" if anchor else url


# Groups ---------------------------------------------------------------------


@login_required
def group_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                user, form.cleaned_data["name"], form.cleaned_data["description"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Created {group.name}. Invite people with a link below.")
            return redirect(_group_url(group.pk, "invites"))
    return render(
        request, "challenges/groups.html", {"form": form, "groups": services.groups_of(user)}
    )


def _group_page(
    request: AuthedRequest,
    membership: Membership,
    settings_form: MembershipForm | None = None,
    invite_form: InviteForm | None = None,
) -> HttpResponse:
    group = membership.group
    today = request.user.today()
    invites = []
    if membership.is_organizer:
        usable = group.invites.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        invites = [
            (invite, request.build_absolute_uri(reverse("challenges:join", args=[invite.code])))
            for invite in usable.order_by("-created_at", "-id")
        ]
    removals = list(services.removals_of(membership)) if membership.is_organizer else []
    return render(
        request,
        "challenges/group.html",
        {
            "group": group,
            "membership": membership,
            "members": group.memberships.select_related("user").order_by("-role", "id"),
            "challenges": [(c, c.state(today)) for c in group.challenges.all()],
            "feed": group_feed(group.pk, request.user),
            "invites": invites,
            "removals": removals,
            "settings_form": settings_form or MembershipForm(instance=membership),
            "invite_form": invite_form or InviteForm(),
        },
    )


@login_required
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _group_page(request, services.get_membership(request.user, pk))


@login_required
@require_POST
def membership_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = services.get_membership(request.user, pk)
    form = MembershipForm(request.POST, instance=membership)
    if not form.is_valid():
        return _group_page(request, membership, settings_form=form)
    form.save()
    messages.success(request, "Saved your settings for this group.")
    return redirect(_group_url(pk, "settings"))


@login_required
@require_POST
def invite_create(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = services.get_membership(request.user, pk)
    services.require_organizer(membership)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invite = services.create_invite(
                membership.group, request.user, timezone.now(), form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            expires = timezone.localtime(invite.expires_at)
            messages.success(
                request, f"New invite link, valid until {expires:%b} {expires.day}. Copy it below."
            )
            return redirect(_group_url(pk, "invites"))
    return _group_page(request, membership, invite_form=form)


@login_required
@require_POST
def invite_revoke(request: AuthedRequest, pk: int, invite_pk: int) -> HttpResponse:
    membership = services.get_membership(request.user, pk)
    services.require_organizer(membership)
    invite = get_object_or_404(membership.group.invites, pk=invite_pk)
    services.revoke_invite(invite, timezone.now())
    messages.success(request, "Revoked the invite link: it no longer lets anyone join.")
    return redirect(_group_url(pk, "invites"))


def _target_member(
    request: AuthedRequest, pk: int, member_pk: int
) -> tuple[Membership, Membership]:
    """Return the organizer's membership and the member they act on, in the same group."""
    membership = services.get_membership(request.user, pk)
    services.require_organizer(membership)
    target = get_object_or_404(membership.group.memberships.select_related("user"), pk=member_pk)
    return membership, target


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    membership, target = _target_member(request, pk, member_pk)
    try:
        services.remove_member(membership, target)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            f"Removed {target.user} from the group. No invite link lets them in again unless "
            "you let them back in.",
        )
    return redirect(_group_url(pk, "members"))


@login_required
@require_POST
def removal_let_back_in(request: AuthedRequest, pk: int, removal_pk: int) -> HttpResponse:
    membership = services.get_membership(request.user, pk)
    services.require_organizer(membership)
    removal = get_object_or_404(membership.group.removals.select_related("user"), pk=removal_pk)
    services.let_back_in(membership, removal)
    messages.success(request, f"{removal.user} can join again with an invite link.")
    return redirect(_group_url(pk, "members"))


@login_required
@require_POST
def member_hand_over(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    membership, target = _target_member(request, pk, member_pk)
    try:
        services.hand_over(membership, target)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{target.user} is the organizer now; you are a member.")
    return redirect(_group_url(pk, "members"))


@login_required
def group_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = services.get_membership(request.user, pk)
    group = membership.group
    if request.method != "POST":
        return render(request, "challenges/leave.html", {"group": group})
    try:
        deleted = services.leave_group(membership)
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return redirect(_group_url(pk, "members"))
    if deleted:
        messages.success(
            request, f"You left {group.name}. You were its last member, so it is gone."
        )
    else:
        messages.success(request, f"You left {group.name}.")
    return redirect(reverse("challenges:groups"))


# Invites --------------------------------------------------------------------


def join(request: HttpRequest, code: str) -> HttpResponse:
    """Show an invite and join by it; an anonymous visitor logs in or signs up and comes back."""
    now = timezone.now()
    try:
        invite = services.usable_invite(code, now)
    except Refusal as refusal:
        return render(request, "challenges/join.html", {"refusal": refusal}, status=refusal.status)
    context = {"group": invite.group, "next": request.path}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        return render(request, "challenges/join.html", context)
    user = request.user
    assert isinstance(user, User)
    try:
        if request.method == "POST":
            services.accept_invite(user, code, now)
        else:
            # Told before they press Join: someone removed would only be refused after.
            services.check_not_removed(user, invite.group)
    except Refusal as refusal:
        context.update(refusal=refusal, member=isinstance(refusal, Conflict))
        return render(request, "challenges/join.html", context, status=refusal.status)
    if request.method == "POST":
        messages.success(request, f"Welcome to {invite.group.name}! Set your goal on a challenge.")
        return redirect(_group_url(invite.group.pk))
    return render(request, "challenges/join.html", context)
