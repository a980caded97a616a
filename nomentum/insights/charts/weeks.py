"""Weekly bars: each week's asks, no's and yeses side by side."""

import math
from collections.abc import Sequence
from typing import Protocol

from django.utils.html import format_html
from django.utils.safestring import SafeString

from nomentum.insights.charts.drawing import (
    Axis,
    counted,
    figure,
    grid,
    join,
    nos,
    note,
    scale,
    series,
    table,
    xy,
)


class WeekLike(Protocol):
    """A week's counts, as in challenges.board.WeekCount."""

    @property
    def number(self) -> int: ...
    @property
    def asks(self) -> int: ...
    @property
    def rejections(self) -> int: ...
    @property
    def yeses(self) -> int: ...


WEEKS_SIZE = (400, 200)
WEEKS_LEFT, WEEKS_RIGHT, WEEKS_TOP, WEEKS_BOTTOM = 30.0, 396.0, 14.0, 174.0
WEEK_SERIES = (
    ("asks", "bar-asks", "Asks"),
    ("rejections", "bar-no", "No's"),
    ("yeses", "bar-yes", "Yeses"),
)


def weekly_chart(
    weeks: Sequence[WeekLike],
    *,
    chart_id: str = "weekly",
    title: str = "Week by week",
    caption: bool = True,
) -> SafeString:
    """Return grouped bars of each week's asks, no's and yeses."""
    top, step = scale(
        max((getattr(w, name) for w in weeks for name, _, _ in WEEK_SERIES), default=0)
    )
    y = Axis(top, WEEKS_BOTTOM, WEEKS_TOP)
    group = (WEEKS_RIGHT - WEEKS_LEFT) / max(len(weeks), 1)
    parts = [grid(top, step, WEEKS_LEFT, WEEKS_RIGHT, y)]
    for index, week in enumerate(weeks):
        parts += _week_bars(week, index, group, y)
        # Label every week while they fit, then every few.
        if index % math.ceil(28 / group) == 0:
            parts.append(_week_label(week, index, group))
    totals = {name: sum(getattr(week, name) for week in weeks) for name, _, _ in WEEK_SERIES}
    if not any(totals.values()):
        parts.append(note(212, 90, "No asks yet in these weeks"))
    rows = [[week.number, week.asks, week.rejections, week.yeses] for week in weeks]
    return figure(
        chart_id=chart_id,
        kind="weeks",
        title=title,
        desc=_weeks_words(weeks, totals),
        size=WEEKS_SIZE,
        body=join(parts),
        data=table(["Week", "Asks", "No's", "Yeses"], rows),
        legend=[(f"key-{css}", label) for _, css, label in WEEK_SERIES],
        caption=caption,
    )


def _week_bars(week: WeekLike, index: int, group: float, y: Axis) -> list[SafeString]:
    """Return the week's bars side by side in its slot, each numbered while bars are wide enough."""
    bar = min(group * 0.8 / 3, 24)
    start = WEEKS_LEFT + group * index + (group - 3 * bar) / 2
    parts = []
    for position, (name, css, _) in enumerate(WEEK_SERIES):
        value = getattr(week, name)
        if not value:
            continue
        bar_x = start + bar * position
        parts.append(
            format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>',
                css,
                xy(bar_x + 0.5),
                xy(y(value)),
                xy(bar - 1),
                xy(y(0) - y(value)),
            )
        )
        if bar >= 12:
            parts.append(
                format_html(
                    '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
                    xy(bar_x + bar / 2),
                    xy(y(value) - 3),
                    value,
                )
            )
    return parts


def _week_label(week: WeekLike, index: int, group: float) -> SafeString:
    return format_html(
        '<text class="tick" x="{}" y="{}" text-anchor="middle">W{}</text>',
        xy(WEEKS_LEFT + group * (index + 0.5)),
        xy(WEEKS_BOTTOM + 18),
        week.number,
    )


def _weeks_words(weeks: Sequence[WeekLike], totals: dict[str, int]) -> str:
    """Return the weeks' sums as sentences, and the week that brought the most no's."""
    if not any(totals.values()):
        return f"No asks yet in these {counted(len(weeks), 'week', 'weeks')}."
    busiest = max(weeks, key=lambda week: (week.rejections, -week.number))
    sums = [
        counted(totals["asks"], "ask", "asks"),
        nos(totals["rejections"]),
        counted(totals["yeses"], "yes", "yeses"),
    ]
    words = f"Over {counted(len(weeks), 'week', 'weeks')}: {series(sums)}."
    if busiest.rejections:
        words += f" The most no's came in week {busiest.number}: {busiest.rejections}."
    return words
