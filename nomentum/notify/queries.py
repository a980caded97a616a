"""What a digest and a reminder say: the numbers come from nomentum.numbers.

Nothing is counted here. The weeks, the month, the asks pending and overdue are
the home page's glance (numbers.glance), a challenge's numbers are its board's
and the forecast is the home page's before anyone changes it, so an email never
disagrees with what the person sees.
"""

import datetime as dt
from dataclasses import dataclass

from nomentum import numbers
from nomentum.accounts.models import User
from nomentum.asks.counting import Window
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.board import Totals
from nomentum.challenges.models import Challenge
from nomentum.challenges.queries import Running
from nomentum.insights.forecast import DEFAULT_CONFIDENCE
from nomentum.insights.results import Forecast, Tally


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
    """Return the user's digest as of their `today`, in about 6 queries plus 3 per group board."""
    glance = numbers.glance(user, today)
    return Digest(
        user=user,
        today=today,
        this_week=glance.counts["this_week"],
        last_week=glance.counts["last_week"],
        month=glance.counts["month"],
        windows=glance.windows,
        pending=glance.pending,
        challenges=[_line(item, user, today) for item in glance.running],
        overdue=glance.overdue,
        more_overdue=glance.more_overdue,
        # The home page's forecast before anyone changes it: one more yes, all asks.
        forecast=numbers.forecast(user, None, 1, DEFAULT_CONFIDENCE),
        has_asks=Ask.objects.filter(user=user).exists(),
    )


def _line(item: Running, user: User, today: dt.date) -> ChallengeLine:
    line = ChallengeLine(item.challenge, item.rejections, item.rejections_target)
    if item.challenge.group_id is not None:
        board = numbers.board(item.challenge, today, viewer=user)
        me = next((row for row in board.members if row.is_viewer), None)
        line.rank = me.rank if me is not None and not me.hidden else None
        line.ranked = sum(1 for row in board.members if not row.hidden)
        line.totals = board.totals
    return line


def follow_ups(user: User, day: dt.date) -> list[Ask]:
    """Return the user's asks still waiting for an answer that they meant to follow up on `day`."""
    return list(
        Ask.objects.filter(user=user, outcome=Outcome.PENDING, follow_up_on=day)
        .select_related("category")
        .order_by("asked_on", "id")
    )
