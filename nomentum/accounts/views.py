from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nomentum.accounts import recovery, tasks, throttle
from nomentum.accounts import services as account_services
from nomentum.accounts.forms import (
    DeleteAccountForm,
    PasswordChangeForm,
    SignupForm,
    TokenForm,
)
from nomentum.accounts.models import ApiToken, CalendarToken
from nomentum.accounts.types import AuthedRequest
from nomentum.lib.http import next_url


def signup(request: HttpRequest) -> HttpResponse:
    if not settings.OPEN_SIGNUP:
        return render(request, "accounts/signup_closed.html", status=403)
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    # Where sign-up interrupted the newcomer, e.g. the invite they opened.
    target = next_url(request, "")
    user = form.create_user() if request.method == "POST" and form.is_valid() else None
    if user is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # An invite (or another interrupted page) comes first; otherwise three short
        # onboarding steps lead to a first logged ask.
        if target:
            messages.success(
                request, "Welcome to Nomentum. Log your first ask: the first no is the hardest."
            )
            return redirect(target)
        messages.success(request, "Welcome to Nomentum. Three quick steps to your first ask.")
        return redirect("welcome")
    return render(request, "accounts/signup.html", {"form": form, "next": target})


@login_required
def tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, f"Revoked the token {token.prefix}…")
    return redirect(reverse("accounts:tokens"))


@login_required
def account_export(request: AuthedRequest) -> HttpResponse:
    """Return everything of the user as one JSON file to download."""
    user = request.user
    response = JsonResponse(account_services.export_account(user), json_dumps_params={"indent": 2})
    filename = account_services.export_filename(user, user.today())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_services.delete_account(request.user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted. Goodbye.")
        return redirect("login")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_POST
def calendar_new(request: AuthedRequest) -> HttpResponse:
    """Make a new feed address; the old one, if any, stops working at once."""
    raw = CalendarToken.issue(request.user)
    url = request.build_absolute_uri(reverse("accounts:calendar_feed", args=[raw]))
    return render(request, "accounts/calendar.html", {"feed_url": url})


@login_required
@require_POST
def calendar_off(request: AuthedRequest) -> HttpResponse:
    CalendarToken.objects.filter(user=request.user).delete()
    messages.success(request, "Calendar feed turned off: its address no longer works.")
    return redirect("accounts:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change (this session lives on, the others end), revoking API tokens and the
    calendar address too when the box is left checked."""

    form_class = PasswordChangeForm

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        revoked = None
        with transaction.atomic():
            response = super().form_valid(form)
            if form.cleaned_data["revoke_access"]:
                revoked = recovery.revoke_access(form.user)
        if revoked is not None:
            recovery.remember(self.request, form.user, revoked)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    def get_context_data(self, **kwargs):
        revoked = recovery.recall(self.request, only_for=self.request.user.pk)
        return super().get_context_data(revoked=revoked, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, with the email left to a task worker, and refused (nothing
    queued) past the limits in accounts.throttle.

    Whether the address has an account is for the task to find out: the request does the
    same work and gives the same answer either way, so neither its words nor its timing
    tell who has an account here.
    """

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not throttle.allow_password_reset(self.request, email):
            context = self.get_context_data(
                form=form, refusal=throttle.password_reset_refused_message()
            )
            return self.render_to_response(context, status=429)
        tasks.send_password_reset.enqueue(email)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password form behind the emailed link.

    The new password changes the session hash, which ends every session of the account;
    every API token and the calendar address go with it, as whoever knew the old password
    may hold them. The failed log-ins counted against the old password are forgotten: they
    were guesses at a password that no longer exists, and the pause page promises that a
    reset ends the pause.
    """

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            revoked = recovery.revoke_access(form.user)
        recovery.remember(self.request, form.user, revoked)
        reset_login_failures(username=throttle.login_username(form.user.get_username()))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(revoked=recovery.recall(self.request), **kwargs)
