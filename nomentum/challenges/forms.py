from django import forms
from django.core.exceptions import ValidationError

from nomentum.asks.forms import DateInput
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, Group, Membership, Week


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def week_label(week: Week) -> str:
    """Return "Week 2 (Nov 8 - Nov 14)", with an en dash."""
    start, end = week.starts_on, week.ends_on
    return f"Week {week.number} ({start:%b} {start.day} \N{EN DASH} {end:%b} {end.day})"


# Targets are checked by the service, so that a negative one gets its sentence.
def _count_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
    )


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "description"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": "November of NO"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"name": "Group name", "description": "What is it for? (optional)"}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["sharing", "hidden_from_ranking"]
        widgets = {"sharing": forms.RadioSelect}
        labels = {
            "sharing": "What the group sees of your asks",
            "hidden_from_ranking": "Hide me from the ranking (still counted in the totals)",
        }
        help_texts = {"sharing": "A private ask is never shown, only counted."}


INVITE_DAYS = [(1, "1 day"), (7, "7 days"), (14, "14 days"), (30, "30 days"), (90, "90 days")]


class InviteForm(forms.Form):
    days = forms.TypedChoiceField(
        label="The link works for", choices=INVITE_DAYS, coerce=int, initial=services.INVITE_DAYS
    )


class ChallengeForm(forms.ModelForm):
    """A challenge's name and dates; a group's also its points."""

    class Meta:
        model = Challenge
        fields = ["name", "starts_on", "ends_on", "points_per_rejection", "points_per_yes"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "name": forms.TextInput(attrs={"placeholder": "November of NO"}),
        }
        labels = {
            "starts_on": "Starts on",
            "ends_on": "Ends on (inclusive)",
            "points_per_rejection": "Points for a rejection",
            "points_per_yes": "Points for a yes",
        }

    def __init__(self, *args, personal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if personal:
            # Points rank a group; one person's challenge keeps the defaults.
            del self.fields["points_per_rejection"]
            del self.fields["points_per_yes"]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            try:
                services.check_dates(starts_on, ends_on)
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


class GoalForm(forms.Form):
    rejections_per_week = _count_field("Rejections a week")
    rejections_total = _count_field(
        "Rejections in total", "Leave empty to take the weekly target times the whole weeks."
    )
    asks_total = _count_field("Asks in total (optional)")
    yeses_total = _count_field("Yeses in total (optional)")


class CheckInForm(forms.Form):
    week = forms.TypedChoiceField(label="Week", coerce=int)
    note = forms.CharField(
        label="What was this no a yes to?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    asks = _count_field("Asks")
    rejections = _count_field("No's")
    yeses = _count_field("Yeses")

    def __init__(self, *args, weeks: list[Week], **kwargs):
        super().__init__(*args, **kwargs)
        week = self.fields["week"]
        assert isinstance(week, forms.TypedChoiceField)
        week.choices = [(w.number, week_label(w)) for w in weeks]

    def tally(self) -> dict[str, int] | None:
        """Return the quick tally, or None when none of its numbers was given."""
        numbers = {name: self.cleaned_data.get(name) for name in ("asks", "rejections", "yeses")}
        if all(value is None for value in numbers.values()):
            return None
        return {name: value for name, value in numbers.items() if value is not None}
