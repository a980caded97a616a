"""History pages: two of my challenges side by side, a year in review, a group's recipients.

Only the viewer's own asks are counted, except on the group's recipients page,
which pools what members sharing details agreed to show. Counting happens in
asks.counting and challenges.queries; these views pick, check and render.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.asks import counting
from nomentum.asks.models import FIRST_DAY, LAST_DAY, Ask
from nomentum.challenges import queries as challenge_queries
from nomentum.challenges import services as challenge_services
from nomentum.challenges.models import Challenge, Sharing
from nomentum.insights import stats
from nomentum.insights.results import Tally


def _problem(request: AuthedRequest, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request, "history/problem.html", {"title": title, "message": message}, status=status
    )


@login_required
def history_index(request: AuthedRequest) -> HttpResponse:
    return redirect("history:year", year=str(request.user.today().year))


# A year in review -------------------------------------------------------------------


@login_required
def year_review(request: AuthedRequest, year: str) -> HttpResponse:
    # The path takes any text, so that "abcd" gets a sentence rather than a bare 404.
    if not (year.isascii() and year.isdigit()):
        return _problem(
            request, "Not a year", f"“{year[:20]}” is not a year: use four digits, like 2026.", 404
        )
    number = int(year)
    if not FIRST_DAY.year <= number <= LAST_DAY.year:
        return _problem(
            request,
            "No such year",
            f"Nomentum keeps asks from {FIRST_DAY.year} to {LAST_DAY.year}; "
            f"{number} is outside them.",
            404,
        )
    user = request.user
    review = counting.year_review(Ask.objects.filter(user=user), number, user.today())
    return render(
        request,
        "history/year.html",
        {
            "review": review,
            "rate": stats.describe_rate(review.yeses, review.rejections),
            "previous_year": number - 1 if number > FIRST_DAY.year else None,
            "next_year": number + 1 if number < LAST_DAY.year else None,
        },
    )


# Two challenges side by side -----------------------------------------------------------


class BadChoice(Exception):
    pass


@dataclass
class Side:
    challenge: Challenge
    tally: Tally

    @property
    def yes_rate(self) -> str:
        rate = stats.yes_rate(self.tally.yeses, self.tally.rejections)
        return "no answer yet" if rate is None else stats.format_percent(rate)

    @property
    def described(self) -> str:
        return stats.describe_rate(self.tally.yeses, self.tally.rejections)


def _chosen(value: str, mine: dict[int, Challenge]) -> Challenge | None:
    """Return the challenge a query parameter names; Http404 for one that is not the viewer's."""
    value = value.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise BadChoice
    challenge = mine.get(int(value))
    if challenge is None:
        raise Http404("No challenge of yours has that number.")
    return challenge


def _before(challenge: Challenge, mine: list[Challenge]) -> Challenge | None:
    """Return the challenge that started last before this one (the one before it)."""
    earlier = [c for c in mine if (c.starts_on, c.pk) < (challenge.starts_on, challenge.pk)]
    return max(earlier, key=lambda c: (c.starts_on, c.pk), default=None)


def _latest_finished(mine: list[Challenge], today: dt.date) -> Challenge | None:
    finished = [c for c in mine if c.ends_on < today]
    return max(finished, key=lambda c: (c.ends_on, c.starts_on, c.pk), default=None)


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else str(number).replace("-", "\N{MINUS SIGN}")


def _pair(
    request: AuthedRequest, mine: list[Challenge], today: dt.date
) -> tuple[Challenge | None, Challenge | None]:
    """Return the two challenges to compare: those chosen, else the latest finished and the
    one before it (None where there is none); BadChoice or Http404 for a bad choice."""
    by_id = {challenge.pk: challenge for challenge in mine}
    a = _chosen(request.GET.get("a", ""), by_id)
    b = _chosen(request.GET.get("b", ""), by_id)
    a = a or _latest_finished(mine, today)
    b = b or (_before(a, mine) if a else None)
    return a, b


Row = tuple[str, int, int, str]


def _side_by_side(
    user: User, a: Challenge, b: Challenge, today: dt.date
) -> tuple[list[Side], list[Row]]:
    """Return both sides' tallies, and a row per number with its difference."""
    windows = {
        "a": counting.Window(a.starts_on, a.ends_on),
        "b": counting.Window(b.starts_on, b.ends_on),
    }
    counts, _ = counting.tallies(Ask.objects.filter(user=user), windows, today)
    sides = [Side(a, counts["a"]), Side(b, counts["b"])]
    rows: list[Row] = []
    for label, name in (("Asks", "asks"), ("No's", "rejections"), ("Yeses", "yeses")):
        first, second = getattr(sides[0].tally, name), getattr(sides[1].tally, name)
        rows.append((label, first, second, _signed(first - second)))
    return sides, rows


@login_required
def compare(request: AuthedRequest) -> HttpResponse:
    """Compare my own asks in two of my challenges' windows: a against b.

    By default the latest finished challenge against the one before it.
    """
    user = request.user
    today = user.today()
    mine = list(challenge_services.challenges_of(user))
    context: dict = {"mine": mine, "sides": None, "rows": None, "error": ""}
    try:
        a, b = _pair(request, mine, today)
    except BadChoice:
        context["error"] = "Pick two of your challenges from the lists."
        return render(request, "history/compare.html", context, status=400)
    context.update(a=a, b=b)
    if a is None or b is None:
        context["error"] = (
            "Comparing needs two of your challenges: pick them above."
            if len(mine) >= 2
            else "Comparing needs two challenges: once you have taken part in two, come back."
        )
        return render(request, "history/compare.html", context)
    if a.pk == b.pk:
        context["error"] = "Pick two different challenges."
        return render(request, "history/compare.html", context, status=400)
    context["sides"], context["rows"] = _side_by_side(user, a, b, today)
    return render(request, "history/compare.html", context)


# A group's recipients, pooled --------------------------------------------------------


@login_required
def group_recipients(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = challenge_services.get_membership(request.user, pk)
    return render(
        request,
        "history/group_recipients.html",
        {
            "group": membership.group,
            "recipients": challenge_queries.pooled_recipients(pk, request.user.today()),
            "min_members": challenge_queries.POOL_MIN_MEMBERS,
            "shares_details": membership.sharing == Sharing.DETAILS,
        },
    )
