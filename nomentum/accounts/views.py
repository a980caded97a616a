from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nomentum.accounts import calendar, throttle
from nomentum.accounts import services as account_services
from nomentum.accounts.forms import DeleteAccountForm, ProfileForm, SignupForm, TokenForm
from nomentum.accounts.models import ApiToken, CalendarToken, hash_token
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
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


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


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the feed to whoever holds the address: calendar apps cannot log in."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    body = calendar.feed(
        found.user,
        timezone.now(),
        lambda ask: request.build_absolute_uri(reverse("asks:edit", args=[ask.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is the secret: keep the feed out of shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, refused (nothing sent) past the limits in accounts.throttle."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not throttle.allow_password_reset(self.request, form.cleaned_data["email"]):
            context = self.get_context_data(
                form=form, refusal=throttle.password_reset_refused_message()
            )
            return self.render_to_response(context, status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password form behind the emailed link.

    The new password changes the session hash, which ends every session of the account.
    The failed log-ins counted against the old password are forgotten: they were guesses at
    a password that no longer exists, and the pause page promises that a reset ends the pause.
    """

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        reset_login_failures(username=form.user.get_username())
        return response
