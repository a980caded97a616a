import copy
from typing import Any

from django import forms

from nomentum.notify import services
from nomentum.notify.models import Preferences

# The fields a page that sends no value for keeps as they are (a checkbox sends none when off).
KEPT_WHEN_MISSING = ("digest_weekday", "hour")


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = services.PREFERENCE_FIELDS


class WithEmailPreferences(forms.ModelForm):
    """A form on a User that also edits their email choices (notify.Preferences), saved with it.

    The profile page is one form; the choices live in notify, one row per person,
    written the first time they save.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email_preferences = Preferences.of(self.instance)
        for name, field in EmailPreferencesForm.base_fields.items():
            self.fields[name] = copy.deepcopy(field)
            self.initial.setdefault(name, getattr(self.email_preferences, name))
        for name in KEPT_WHEN_MISSING:
            self.fields[name].required = False

    @property
    def email_field_names(self) -> list[str]:
        return services.PREFERENCE_FIELDS

    @property
    def email_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in services.PREFERENCE_FIELDS]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name in KEPT_WHEN_MISSING:
            if cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(self.email_preferences, name)
        return cleaned

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit)
        if commit:
            services.save_preferences(
                user, **{name: self.cleaned_data[name] for name in services.PREFERENCE_FIELDS}
            )
        return user
