"""The stats page: the caller's own numbers over a range, by category, and the forecast.

The numbers come from nomentum.numbers.stats and .forecast, the functions the
API's /stats and /forecast call.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from nomentum import numbers
from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.asks.counting import Window, window_of
from nomentum.asks.models import FIRST_DAY, LAST_DAY, Category
from nomentum.challenges.models import Challenge
from nomentum.challenges.services import challenges_of, get_challenge_for_user
from nomentum.insights import charts
from nomentum.insights.forecast import DEFAULT_CONFIDENCE
from nomentum.insights.results import Forecast
from nomentum.web.forms import ForecastForm, StatsForm

Params = list[tuple[str, str]]


@dataclass
class ForecastPanel:
    """What templates/insights/_forecast.html shows: the form, and the forecast when it is valid."""

    form: ForecastForm
    result: Forecast | None
    category: Category | None
    keep: Params  # the page's other query parameters, carried along by the form


def forecast_panel(
    user: User,
    params: QueryDict,
    categories: Sequence[Category] | None = None,
    keep: Params | None = None,
    category_slug: str = "",
) -> ForecastPanel:
    """Return the forecast panel for these query parameters (forecast-yeses, -confidence,
    -category): the forecast is cached (numbers.forecast); one more query when `categories`
    (the user's) are not given.

    Until the person picks one, the forecast is of `category_slug` (all asks when empty).
    """
    if categories is None:
        categories = list(Category.objects.filter(user=user))
    # Unbound until the person changes something, so that the form shows its defaults.
    given = any(name.startswith(f"{ForecastForm.prefix}-") for name in params)
    form = ForecastForm(
        params if given else None, categories=categories, initial={"category": category_slug}
    )
    if given and not form.is_valid():
        return ForecastPanel(form, None, None, list(keep or []))
    chosen = form.cleaned_data if given else {"category": category_slug}
    slug = chosen["category"]
    category = next((c for c in categories if c.slug == slug), None) if slug else None
    result = numbers.forecast(
        user, category, chosen.get("yeses", 1), chosen.get("confidence", DEFAULT_CONFIDENCE)
    )
    return ForecastPanel(form, result, category, list(keep or []))


def _params(params: QueryDict, names: Iterable[str]) -> Params:
    return [(name, value) for name in names for value in params.getlist(name) if value]


def _span(window: Window) -> tuple[dt.date | None, dt.date | None]:
    """Return the window's first and last day, None for an end left open."""
    return (
        window.start if window.start != FIRST_DAY else None,
        window.end if window.end != LAST_DAY else None,
    )


@login_required
def stats_page(request: AuthedRequest) -> HttpResponse:
    user = request.user
    content = numbers.page(
        request,
        "insights/_stats.html",
        numbers.user_version(user.pk),
        (user.pk, user.today()),
        lambda: _stats_context(request, user),
    )
    return render(request, "insights/stats.html", {"content": content})


def _stats_context(request: AuthedRequest, user: User) -> dict:
    categories = list(Category.objects.filter(user=user))
    form = StatsForm(request.GET, categories=categories, challenges=challenges_of(user))
    stats_names = list(form.fields)
    forecast_names = [f"{ForecastForm.prefix}-{name}" for name in ForecastForm.base_fields]
    context: dict = {
        "form": form,
        "filtered": bool(_params(request.GET, stats_names)),
        "keep": _params(request.GET, forecast_names),
        "forecast": forecast_panel(
            user,
            request.GET,
            categories,
            keep=_params(request.GET, stats_names),
            # The forecast follows the category the numbers are filtered by, until changed.
            category_slug=form.cleaned_data["category"] if form.is_valid() else "",
        ),
    }
    if form.is_valid():
        filters = form.cleaned_data
        challenge: Challenge | None = None
        if filters["challenge"]:
            challenge, _ = get_challenge_for_user(user, filters["challenge"])
        within = Window(challenge.starts_on, challenge.ends_on) if challenge else None
        window = window_of(filters["date_from"], filters["date_to"], within)
        category = next((c for c in categories if c.slug == filters["category"]), None)
        stats = numbers.stats(user, category, window)
        by_rejections = sorted(stats.by_category, key=lambda row: -row.rejections)
        context.update(
            stats=stats,
            span=_span(window),
            empty_window=window.start > window.end,
            category=category,
            challenge=challenge,
            chart=charts.category_chart([(row.name, row.rejections) for row in by_rejections])
            if stats.rejections
            else None,
        )
    return context
