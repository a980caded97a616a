"""The three short steps after sign-up: what you ask for, a first goal, a first ask.

Each step is one page that works without JavaScript and can be skipped. The
onboarding is over once the user has logged an ask: from then on every step
sends them home, so a bookmark or the back button cannot start it again.
"""

import calendar
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.asks import services as ask_services
from nomentum.asks.forms import AskForm
from nomentum.asks.models import Ask, Category
from nomentum.challenges import services as challenge_services
from nomentum.challenges.forms import add_service_errors
from nomentum.challenges.models import Challenge

# What a newcomer may pick in step 1, as (category slug, button label).
KINDS = [
    ("pitch", "Pitches"),
    ("job", "Jobs"),
    ("grant", "Grants"),
    ("funding", "Funding"),
    ("date", "Dates"),
    ("other", "Other"),
]
# Kept in the session until step 3 preselects it: the account has no field for it.
CHOSEN = "welcome_category"
FIRST_TARGET = 12
# A month holds at most 31 days; a thousand no's in one is a typo, not a goal.
MAX_TARGET = 1000


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=KINDS)


class FirstGoalForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80)
    rejections_total = forms.IntegerField(
        label="No's to collect by the end of the month",
        min_value=1,
        max_value=MAX_TARGET,
        error_messages={
            "min_value": "Aim for at least one no.",
            "max_value": f"That is more than a month can hold: aim for {MAX_TARGET} or fewer.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class FirstAskForm(forms.ModelForm):
    """The log form cut to what a first ask needs: the rest keeps its defaults (pending)."""

    class Meta:
        model = Ask
        fields = ["title", "recipient", "category"]
        widgets = {name: AskForm.Meta.widgets[name] for name in ("title", "recipient")}
        labels = {name: AskForm.Meta.labels[name] for name in ("title", "recipient")}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.filter(user=user)
        category.empty_label = "(none)"


def _finished(user: User) -> bool:
    return Ask.objects.filter(user=user).exists()


@login_required
def welcome(request: AuthedRequest) -> HttpResponse:
    """Step 1: what do you ask for? One tap on a kind picks it and moves on."""
    if _finished(request.user):
        return redirect("home")
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[CHOSEN] = form.cleaned_data["kind"]
        return redirect("welcome_goal")
    return render(request, "web/welcome_kind.html", {"form": form, "kinds": KINDS})


@login_required
def welcome_goal(request: AuthedRequest) -> HttpResponse:
    """Step 2: a personal challenge from today to the end of the month, with a target."""
    user = request.user
    if _finished(user):
        return redirect("home")
    today = user.today()
    form = FirstGoalForm(
        request.POST or None,
        initial={"name": f"My {today:%B} of NO", "rejections_total": FIRST_TARGET},
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = form.cleaned_data["rejections_total"]
            challenge = _start_challenge(user, form.cleaned_data["name"], today, target)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{challenge.name}: {target} no's to collect by {challenge.ends_on:%b} "
                f"{challenge.ends_on.day}. Go get them.",
            )
            return redirect("welcome_ask")
    return render(request, "web/welcome_goal.html", {"form": form, "ends_on": month_end(today)})


@transaction.atomic
def _start_challenge(user: User, name: str, today: dt.date, target: int) -> Challenge:
    # Submitting twice (a double tap, the back button) finds the same challenge again.
    challenge = Challenge.objects.filter(
        owner=user, group=None, name=name, starts_on=today
    ).first() or challenge_services.save_challenge(
        Challenge(owner=user, name=name, starts_on=today, ends_on=month_end(today))
    )
    challenge_services.set_goal(challenge, user, rejections_total=target)
    return challenge


@login_required
def welcome_ask(request: AuthedRequest) -> HttpResponse:
    """Step 3: log a first ask, then home, where it waits for its answer."""
    user = request.user
    if _finished(user):
        return redirect("home")
    today = user.today()
    if request.method == "POST":
        form = FirstAskForm(request.POST, user=user)
        if form.is_valid():
            form.instance.asked_on = today
            ask = ask_services.save_ask(form.instance, today)
            request.session.pop(CHOSEN, None)
            messages.success(
                request, f"Logged: {ask.title}. Your first ask is out: now wait for the answer."
            )
            return redirect("home")
    else:
        chosen = Category.objects.filter(user=user, slug=request.session.get(CHOSEN, "")).first()
        form = FirstAskForm(user=user, initial={"category": chosen})
    return render(request, "web/welcome_ask.html", {"form": form})
