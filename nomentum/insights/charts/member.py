"""A member's weeks, small, for the board: no's per week against the weekly goal."""

from collections.abc import Sequence
from typing import Protocol

from django.utils.html import format_html
from django.utils.safestring import SafeString

from nomentum.insights.charts.drawing import Axis, counted, figure, join, table, xy
from nomentum.insights.charts.weeks import WeekLike

MEMBER_SIZE = (160, 40)


class MemberWeekLike(WeekLike, Protocol):
    @property
    def goal_met(self) -> bool | None: ...


def member_weeks_chart(
    name: str,
    weeks: Sequence[MemberWeekLike],
    per_week: int | None,
    *,
    chart_id: str,
    top: int | None = None,
    summary: str = "Data",
) -> SafeString:
    """Return a small bar chart of a member's no's per week, the weekly goal drawn across it.

    Pass the same `top` to every member's chart so that bars compare across the board.
    """
    width, height = MEMBER_SIZE
    y = Axis(max(top or 0, per_week or 0, *(week.rejections for week in weeks), 1), height - 2, 3)
    parts = _member_bars(weeks, y)
    if per_week:
        parts.append(
            format_html(
                '<line class="goal-line" x1="0" x2="{}" y1="{}" y2="{}"/>',
                width,
                xy(y(per_week)),
                xy(y(per_week)),
            )
        )
    return figure(
        chart_id=chart_id,
        kind="member",
        title=f"{name}'s no's per week",
        desc=_member_words(weeks, per_week),
        size=MEMBER_SIZE,
        body=join(parts),
        data=table(["Week", "Asks", "No's", "Yeses", "Goal met"], _member_rows(weeks)),
        caption=False,
        summary=summary,
    )


def _member_bars(weeks: Sequence[MemberWeekLike], y: Axis) -> list[SafeString]:
    """The baseline, and a bar for each week that brought a no, marked when it met the goal."""
    width = MEMBER_SIZE[0]
    slot = width / max(len(weeks), 1)
    baseline = format_html(
        '<line class="axis" x1="0" x2="{}" y1="{}" y2="{}"/>', width, xy(y(0)), xy(y(0))
    )
    bars = [
        format_html(
            '<rect class="bar-no{}" x="{}" y="{}" width="{}" height="{}"/>',
            " met" if week.goal_met else "",
            xy(slot * index + slot * 0.15),
            xy(y(week.rejections)),
            xy(slot * 0.7),
            xy(y(0) - y(week.rejections)),
        )
        for index, week in enumerate(weeks)
        if week.rejections
    ]
    return [baseline, *bars]


def _member_words(weeks: Sequence[MemberWeekLike], per_week: int | None) -> str:
    if not any(week.rejections for week in weeks):
        words = "No no's yet."
    else:
        span = "week 1" if len(weeks) == 1 else f"weeks 1 to {len(weeks)}"
        counts = ", ".join(str(week.rejections) for week in weeks)
        words = f"No's per week, {span}: {counts}."
    if per_week:
        met = sum(1 for week in weeks if week.goal_met)
        words += f" Weekly goal {per_week}, met in {counted(met, 'week', 'weeks')}."
    return words


def _member_rows(weeks: Sequence[MemberWeekLike]) -> list[list[object]]:
    return [
        [
            week.number,
            week.asks,
            week.rejections,
            week.yeses,
            "yes" if week.goal_met else "missed" if week.goal_met is False else "—",
        ]
        for week in weeks
    ]
