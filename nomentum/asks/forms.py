from django import forms

from nomentum.accounts.models import User
from nomentum.asks import importing
from nomentum.asks.models import (
    MAX_REPLY_DAYS,
    MIN_REPLY_DAYS,
    REPLY_DAYS_MESSAGE,
    Ask,
    Category,
    Feedback,
    Outcome,
    category_key,
    category_slug,
)
from nomentum.asks.services import DEFAULT_SNOOZE_DAYS, SNOOZE_DAYS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AskForm(forms.ModelForm):
    class Meta:
        model = Ask
        fields = [
            "title",
            "recipient",
            "category",
            "asked_on",
            "outcome",
            "feedback",
            "decided_on",
            "amount",
            "follow_up_on",
            "notes",
            "private",
        ]
        widgets = {
            "asked_on": DateInput(),
            "decided_on": DateInput(),
            "follow_up_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "title": forms.TextInput(
                # The form's one required field: the cursor starts there.
                attrs={
                    "autocomplete": "off",
                    "placeholder": "Pitch: the night-train essay",
                    "autofocus": True,
                }
            ),
            "recipient": forms.TextInput(attrs={"list": "recipients", "autocomplete": "off"}),
        }
        labels = {
            "title": "What did you ask for?",
            "recipient": "Whom did you ask?",
            "asked_on": "Asked on",
            "decided_on": "Answered on",
            "follow_up_on": "Follow up on",
            "private": "Private (counted, never shown to anyone else)",
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.user = user
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.filter(user=user)
        category.empty_label = "(none)"
        self.fields["amount"].widget.attrs.update(
            {"min": "0", "step": "0.01", "inputmode": "decimal"}
        )
        self.fields[
            "feedback"
        ].help_text = "For a no: was it a form no, a personal one, an invitation back?"

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        outcome = cleaned.get("outcome")
        # The browser sends every field, and those the chosen outcome hides still hold
        # what they held: the feedback of a no turned into a yes, the date of an answer
        # taken back to pending. They are dropped, not refused over a field out of sight.
        if outcome != Outcome.NO:
            cleaned["feedback"] = ""
        if outcome == Outcome.PENDING:
            cleaned["decided_on"] = None
        asked_on = cleaned.get("asked_on")
        if outcome and asked_on and "decided_on" not in self.errors:
            # The answer rule (Ask.set_outcome) runs before the model checks the answer,
            # which would refuse one given without a date.
            self.instance.asked_on = asked_on
            self.instance.set_outcome(
                outcome,
                self.user.today(),
                cleaned.get("feedback", ""),
                decided_on=cleaned.get("decided_on"),
            )
            cleaned["decided_on"] = self.instance.decided_on
        return cleaned


ANSWERS = [(o.value, o.label) for o in Outcome] + [(f"no:{f.value}", f.label) for f in Feedback]


class AnswerForm(forms.Form):
    """One tap on a list: the button's value is an outcome, or "no:<feedback>"."""

    answer = forms.ChoiceField(choices=ANSWERS)

    def outcome_and_feedback(self) -> tuple[str, str]:
        outcome, _, feedback = self.cleaned_data["answer"].partition(":")
        return outcome, feedback


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not category_slug(name):
            raise forms.ValidationError("Use at least one letter or digit.")
        if Category.objects.filter(user=self.instance.user, key=category_key(name)).exists():
            raise forms.ValidationError("You already have that category.")
        return name


class FilterForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "Any outcome"), *Outcome.choices], required=False)
    category = forms.ChoiceField(required=False)
    date_from = forms.DateField(required=False, widget=DateInput(), label="From")
    date_to = forms.DateField(required=False, widget=DateInput(), label="To")
    q = forms.CharField(required=False, label="Search", max_length=100)
    recipient = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, categories: list[Category], **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "Any category")] + [(c.slug, c.name) for c in categories]


class ReplyWindowsForm(forms.Form):
    """Each category's expected reply window in days, in one form: reply_days_<category id>."""

    def __init__(self, *args, categories: list[Category], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[self.field_name(category)] = forms.IntegerField(
                required=False,
                min_value=MIN_REPLY_DAYS,
                max_value=MAX_REPLY_DAYS,
                label=category.name,
                initial=category.reply_days,
                error_messages={
                    "min_value": REPLY_DAYS_MESSAGE,
                    "max_value": REPLY_DAYS_MESSAGE,
                    "invalid": "Use a whole number of days, or leave it empty.",
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "silence"}),
            )

    @staticmethod
    def field_name(category: Category) -> str:
        return f"reply_days_{category.pk}"

    def changed_categories(self) -> list[Category]:
        """Return the categories whose window changed, set to their new values (not yet saved)."""
        changed = []
        for category in self.categories:
            days = self.cleaned_data[self.field_name(category)]
            if days != category.reply_days:
                category.reply_days = days
                changed.append(category)
        return changed


class SnoozeForm(forms.Form):
    days = forms.TypedChoiceField(
        choices=[(days, f"{days} days") for days in SNOOZE_DAYS],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean_days(self) -> int:
        return self.cleaned_data["days"] or DEFAULT_SNOOZE_DAYS


# Import ----------------------------------------------------------------------------

IMPORT_HELP = (
    f"A CSV file of at most {importing.MAX_BYTES // (1024 * 1024)} MB and "
    f"{importing.MAX_ROWS:,} rows, with a header row of at most {importing.MAX_COLUMNS} "
    "columns: UTF-8, commas or semicolons. "
    "Nothing is saved until you confirm on the next page."
)
MAPPING_CHOICES = [("", "(ignore)")] + [
    (name, importing.FIELD_LABELS[name]) for name in importing.FIELDS
]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (CSV)",
        help_text=IMPORT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(importing.TOO_LARGE)
        return upload


class ImportMappingForm(forms.Form):
    """The preview's choices: the ask field each column fills (column_<n>), and duplicates."""

    skip_duplicates = forms.BooleanField(
        required=False, initial=True, label="Skip asks I already have (duplicates)"
    )

    def __init__(self, *args, headers: list[str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                choices=MAPPING_CHOICES,
                required=False,
                label=header,
                initial=mapping.get(header, ""),
            )

    def columns(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{index}"]
            for index, header in enumerate(self.headers)
        }
