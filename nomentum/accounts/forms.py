from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.db import IntegrityError, transaction

from nomentum.accounts import throttle
from nomentum.accounts.models import (
    DEMO_PREFIX,
    LONGEST_SILENCE_DAYS,
    USERNAME_TAKEN,
    User,
    same_username,
    timezone_choices,
)


def check_username_free(username: str) -> None:
    """Raise ValidationError unless a newcomer may take this name: every sign-up asks here.

    Taken means taken in any case; names starting with the demo's prefix are the demo
    loader's alone (`nomentum demo`), so that nobody can pass for one of its people.
    """
    if username.casefold().startswith(DEMO_PREFIX.casefold()):
        raise forms.ValidationError(
            f"Usernames starting with {DEMO_PREFIX} are kept for the demo group. Choose another.",
            code="reserved",
        )
    if User.objects.filter(same_username(username)).exists():
        raise forms.ValidationError(USERNAME_TAKEN, code="unique")


class SignupForm(UserCreationForm):
    """Sign-up in as few taps as a phone allows: one password field (browsers offer to show
    or generate it), still checked by every password validator."""

    email = forms.EmailField(
        required=True, help_text="For password resets and, if you want them, digests."
    )
    password2 = None  # type: ignore[assignment]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autofocus"] = True
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"

    def create_user(self) -> User | None:
        """Save the valid form's user, or add an error and return None if the name was just taken.

        Two people can pass validation with the same username at the same moment; the
        database's unique constraint decides, and the loser gets a form error, not a 500.
        """
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            self.add_error("username", "That username was just taken. Choose another.")
            return None

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        check_username_free(username)
        return username

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        # Django validates the confirmation field, which this form does without.
        # (django-stubs does not know SetPasswordMixin's methods yet.)
        self.validate_password_for_user(  # type: ignore[attr-defined]
            self.instance,
            password_field_name="password1",  # noqa: S106 (a field's name, not a password)
        )

    class Meta:
        model = User
        fields = ["username", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in or reset the password."
            )
        return email


class ProfileForm(forms.ModelForm):
    """The account's own settings; the profile page adds the email choices (nomentum.web)."""

    timezone = forms.TypedChoiceField(choices=timezone_choices, label="Time zone")

    class Meta:
        model = User
        fields = ["display_name", "email", "timezone", "silence_days"]
        labels = {"silence_days": "Silence rule (days)"}
        widgets = {
            "silence_days": forms.NumberInput(attrs={"min": 0, "max": LONGEST_SILENCE_DAYS})
        }

    def clean_email(self) -> str:
        # As at sign-up: one account per address, or a password reset reaches two accounts.
        email = self.cleaned_data["email"].strip()
        others = User.objects.exclude(pk=self.instance.pk)
        if email and others.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another account uses this email address.")
        return email


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        required=False,
        label="Name",
        help_text="What uses it, e.g. “phone shortcut”.",
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        refusal = throttle.check_password_throttled(self.user, password)
        if refusal:
            raise forms.ValidationError(f"{refusal} Nothing was deleted.")
        return password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's, with the current password's tries limited like log-ins, and the offer to take
    back what the old password could have handed out."""

    revoke_access = forms.BooleanField(
        required=False,
        initial=True,
        label="Also sign out API tokens and change my calendar address",
        help_text="Whoever knew the old password may have made a token or copied the address.",
    )

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        refusal = throttle.check_password_throttled(self.user, password)
        if refusal == throttle.WRONG_PASSWORD:
            # Django's own words for a wrong old password.
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        if refusal:
            raise forms.ValidationError(refusal, code="password_incorrect")
        return password
