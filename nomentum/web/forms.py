"""The stats page's two GET forms: which asks to count, and what to forecast."""

from collections.abc import Iterable
from typing import Any

from django import forms

from nomentum.asks.forms import DateInput
from nomentum.asks.models import Category
from nomentum.challenges.models import Challenge
from nomentum.insights.forecast import DEFAULT_CONFIDENCE, MAX_FORECAST_YESES

CONFIDENCES = [("0.5", "50%"), ("0.8", "80%"), ("0.9", "90%"), ("0.95", "95%")]


class AnyChallengeField(forms.TypedChoiceField):
    """A list of the user's challenges that takes any id: the view answers 404 for a challenge
    the user is not in, as for any other object of someone else's."""

    def valid_value(self, value: Any) -> bool:
        return True


class StatsForm(forms.Form):
    date_from = forms.DateField(required=False, widget=DateInput(), label="From")
    date_to = forms.DateField(required=False, widget=DateInput(), label="To")
    category = forms.ChoiceField(required=False)
    challenge = AnyChallengeField(required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        categories: Iterable[Category],
        challenges: Iterable[Challenge],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "Every category")] + [(c.slug, c.name) for c in categories]
        challenge = self.fields["challenge"]
        assert isinstance(challenge, forms.ChoiceField)
        challenge.choices = [("", "Any time")] + [(c.pk, c.name) for c in challenges]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the range cannot be before its start.")
        return cleaned


class ForecastForm(forms.Form):
    """Prefixed ("forecast-yeses"), so that it shares a page's query string with other forms."""

    prefix = "forecast"

    yeses = forms.IntegerField(
        min_value=1, max_value=MAX_FORECAST_YESES, initial=1, required=False, label="More yeses"
    )
    confidence = forms.TypedChoiceField(
        choices=CONFIDENCES,
        coerce=float,
        initial=str(DEFAULT_CONFIDENCE),
        required=False,
        label="Confidence",
    )
    category = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, categories: Iterable[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["yeses"].widget.attrs.update({"inputmode": "numeric"})
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "All my asks")] + [(c.slug, c.name) for c in categories]

    def clean_yeses(self) -> int:
        return self.cleaned_data.get("yeses") or 1

    def clean_confidence(self) -> float:
        return self.cleaned_data.get("confidence") or DEFAULT_CONFIDENCE
