"""What a digest and a reminder say: the numbers come from asks.queries and challenges.queries.

Nothing is counted here. The week and the month are the home page's windows and
tallies, a challenge's numbers are its board's, overdue asks and the forecast
are the home page's, so an email never disagrees with what the person sees.
"""

import datetime as dt
from dataclasses import dataclass

from nomentum.accounts.models import User
from nomentum.asks import queries as ask_queries
from nomentum.asks.models import Ask, Outcome
from nomentum.asks.queries import Forecast, Tally, Window
from nomentum.challenges import queries as challenge_queries
from nomentum.challenges.models import Challenge
from nomentum.challenges.queries import Totals
from nomentum.insights.forms import DEFAULT_CONFIDENCE

DIGEST_OVERDUE = 5  # as many as the home page lists


@dataclass
class ChallengeLine:
    challenge: Challenge
    rejections: int
    rejections_target: int | None
    # A group's challenge: the person's place on its board (None when hidden from the
    # ranking), how many are ranked, and the whole group's numbers.
    rank: int | None = None
    ranked: int = 0
    totals: Totals | None = None

    @property
    def progress_percent(self) -> int | None:
        if not self.rejections_target:
            return None
        return round(100 * self.rejections / self.rejections_target)


@dataclass
class Digest:
    user: User
    today: dt.date
    this_week: Tally
    last_week: Tally
    month: Tally
    windows: dict[str, Window]
    pending: int
    challenges: list[ChallengeLine]
    overdue: list[Ask]
    more_overdue: bool
    forecast: Forecast
    has_asks: bool

    @property
    def is_empty(self) -> bool:
        """Nothing to tell: no ask ever and no challenge running. Such a digest would only nag."""
        return not self.has_asks and not self.challenges

    @property
    def glance(self) -> list[tuple[str, Tally, Window]]:
        """The rows of the digest's table: (label, numbers, window), the week's first."""
        rows = [
            ("This week", self.this_week, self.windows["this_week"]),
            ("Last week", self.last_week, self.windows["last_week"]),
        ]
        if self.week_label == "Last week":
            rows.reverse()
        return [*rows, ("This month", self.month, self.windows["month"])]

    @property
    def week_label(self) -> str:
        # From Friday on, the week under way says more than the one before it.
        return "This week" if self.today.weekday() >= 4 else "Last week"

    @property
    def week(self) -> Tally:
        return self.this_week if self.week_label == "This week" else self.last_week

    @property
    def week_window(self) -> Window:
        return self.windows["this_week" if self.week_label == "This week" else "last_week"]


def digest_for(user: User, today: dt.date) -> Digest:
    """Return the user's digest as of their `today`, in about 5 queries plus 3 per group board."""
    asks = Ask.objects.filter(user=user)
    windows = {
        # The home page's windows: Monday to Sunday, and the calendar month.
        "this_week": Window.week_of(today),
        "last_week": Window.week_of(today - dt.timedelta(days=7)),
        "month": Window.month_of(today),
    }
    counts, pending = ask_queries.tallies(asks, windows, today)
    lines = []
    for item in challenge_queries.running_for(user, today):
        line = ChallengeLine(item.challenge, item.rejections, item.rejections_target)
        if item.challenge.group_id is not None:
            board = challenge_queries.board(item.challenge, today, viewer=user)
            me = next((row for row in board.members if row.is_viewer), None)
            line.rank = me.rank if me is not None and not me.hidden else None
            line.ranked = sum(1 for row in board.members if not row.hidden)
            line.totals = board.totals
        lines.append(line)
    overdue = list(ask_queries.overdue_asks(asks, today)[: DIGEST_OVERDUE + 1])
    return Digest(
        user=user,
        today=today,
        this_week=counts["this_week"],
        last_week=counts["last_week"],
        month=counts["month"],
        windows=windows,
        pending=pending,
        challenges=lines,
        overdue=overdue[:DIGEST_OVERDUE],
        more_overdue=len(overdue) > DIGEST_OVERDUE,
        # The home page's forecast before anyone changes it: one more yes, all asks.
        forecast=ask_queries.forecast(asks, today, 1, DEFAULT_CONFIDENCE),
        has_asks=asks.exists(),
    )


def follow_ups(user: User, day: dt.date) -> list[Ask]:
    """Return the user's asks still waiting for an answer that they meant to follow up on `day`."""
    return list(
        Ask.objects.filter(user=user, outcome=Outcome.PENDING, follow_up_on=day)
        .select_related("category")
        .order_by("asked_on", "id")
    )
