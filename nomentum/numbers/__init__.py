"""The numbers people see, each from one function here, cached until their data changes.

Pages, the API, the digest and the demo ask here, so that a page and its JSON,
the home page and the weekly email, never disagree. The counting itself is
nomentum.asks.counting's and the board's nomentum.challenges.board's; this
package picks the windows and limits they are shown with, and keeps them in the
shared cache under their data's versions (nomentum.numbers.cache).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from nomentum.accounts.models import User
from nomentum.asks import counting
from nomentum.asks.counting import Window
from nomentum.asks.models import Ask, Category
from nomentum.challenges import queries as challenge_queries
from nomentum.challenges.board import Board, board_rows, ranked_board
from nomentum.challenges.models import Challenge
from nomentum.challenges.queries import Running
from nomentum.insights.results import Forecast, GoalRoad, Stats, Tally
from nomentum.numbers.cache import board_version, remember, remember_html, user_version

__all__ = [
    "HOME_OVERDUE",
    "HOME_WAITING",
    "Glance",
    "Home",
    "board",
    "board_version",
    "forecast",
    "glance",
    "home",
    "page",
    "stats",
    "user_version",
]

# How many overdue asks the home page and the digest list, oldest first.
HOME_OVERDUE = 5
# How many of the asks still waiting the home page lists, oldest first.
HOME_WAITING = 10


@dataclass
class Glance:
    """What the home page and the digest tell of a person's asks and challenges today."""

    windows: dict[str, Window]  # this_week, last_week (Monday to Sunday) and month
    counts: dict[str, Tally]  # by the same names
    pending: int  # still waiting today
    running: list[Running]  # the challenges under way, the one ending first first
    overdue: list[Ask]  # the oldest HOME_OVERDUE
    more_overdue: bool


def glance(user: User, today: dt.date) -> Glance:
    """Return the person's glance as of their `today` (three queries, four with challenges)."""
    asks = Ask.objects.filter(user=user)
    windows = {
        "this_week": Window.week_of(today),
        "last_week": Window.week_of(today - dt.timedelta(days=7)),
        "month": Window.month_of(today),
    }
    counts, pending = counting.tallies(asks, windows, today)
    # One more than shown, to know whether to link to the rest without counting them.
    overdue = list(counting.overdue_asks(asks, today)[: HOME_OVERDUE + 1])
    return Glance(
        windows=windows,
        counts=counts,
        pending=pending,
        running=challenge_queries.running_for(user, today),
        overdue=overdue[:HOME_OVERDUE],
        more_overdue=len(overdue) > HOME_OVERDUE,
    )


@dataclass
class Home:
    """The home page's numbers: the glance, the oldest asks waiting, and a road."""

    glance: Glance
    waiting: list[Ask]
    road: GoalRoad | None  # through the running challenge that ends first


def home(user: User, today: dt.date) -> Home:
    """Return the home page's numbers (at most six queries)."""
    summary = glance(user, today)
    waiting = list(
        Ask.objects.filter(user=user)
        .filter(counting.still_pending(today))
        .select_related("category")
        .order_by("asked_on", "id")[:HOME_WAITING]
    )
    first = summary.running[0] if summary.running else None
    road = (
        challenge_queries.goal_road(first.challenge, user, today, first.rejections_target)
        if first
        else None
    )
    return Home(summary, waiting, road)


def own_asks(user: User, category: Category | None = None) -> QuerySet[Ask]:
    asks = Ask.objects.filter(user=user)
    return asks.filter(category=category) if category else asks


def stats(user: User, category: Category | None, window: Window) -> Stats:
    """Return the user's own stats in the window (of one category when given)."""
    version, today = user_version(user.pk), user.today()
    return remember(
        "stats",
        version,
        (user.pk, category.pk if category else None, window.start, window.end, today),
        lambda: counting.stats(own_asks(user, category), window, today).settle(),
    )


def forecast(user: User, category: Category | None, wanted: int, confidence: float) -> Forecast:
    """Return the user's forecast from all their history (of one category when given)."""
    version, today = user_version(user.pk), user.today()
    return remember(
        "forecast",
        version,
        (user.pk, category.pk if category else None, wanted, confidence, today),
        lambda: counting.forecast(own_asks(user, category), today, wanted, confidence).settle(),
    )


def board(challenge: Challenge, today: dt.date, viewer: User, sort: str = "rejections") -> Board:
    """Return the challenge's board as the viewer may see it.

    The counts are cached until a participant's data changes (board_version); on a miss
    they take three queries, whatever the size.
    """
    weeks = challenge.weeks()
    rows, totals = remember(
        "board",
        board_version(challenge),
        (challenge.pk, today),
        lambda: board_rows(challenge, weeks, today),
    )
    return ranked_board(challenge, weeks, rows, totals, today, viewer, sort)


def page(
    request: HttpRequest,
    template: str,
    versions: object,
    parts: tuple,
    build: Callable[[], dict],
) -> SafeString:
    """Return the part of a page that `template` renders with build(), cached.

    `versions` are the data versions of everything it shows (user_version(),
    board_version()), `parts` whatever else it depends on, such as the viewer and
    their day; the query string and the browser are added (remember_html).
    """
    return remember_html(request, template, versions, parts, build)
