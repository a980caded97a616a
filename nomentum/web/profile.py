"""The profile at /accounts/profile: the account's settings and notify's email choices, in one
form. It lives here, above both apps, because accounts imports no app above it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from nomentum.accounts import forms as account_forms
from nomentum.accounts.types import AuthedRequest
from nomentum.notify.forms import WithEmailPreferences


class ProfileForm(WithEmailPreferences, account_forms.ProfileForm):
    """The account's fields, then the email choices, saved together."""


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
