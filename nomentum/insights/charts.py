"""Charts drawn on the server as inline SVG: pure functions from plain numbers to safe HTML.

Every chart is a <figure> holding an <svg role="img"> named by its <title> and
<desc> (a sentence that says what the numbers are), followed by the numbers
themselves as a table inside <details>. Colours come from classes that
app.css fills with the theme's custom properties, so one drawing serves the
light and the dark theme; the size comes from the viewBox, so a chart scales
with its container from a 320 px phone to a wide screen. Names people typed
(a category, a member) only ever pass through format_html, which escapes them.
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from nomentum.insights import stats

if TYPE_CHECKING:
    from nomentum.challenges.queries import GoalRoad

# The share of the yes rate's credible interval behind the band of likely no's.
MASS = 0.9
# Font sizes are in viewBox units: charts are drawn about as wide as a phone shows them.
LABEL_CHARS = 15


class WeekLike(Protocol):
    """A week's counts, as in challenges.queries.WeekCount."""

    @property
    def number(self) -> int: ...
    @property
    def asks(self) -> int: ...
    @property
    def rejections(self) -> int: ...
    @property
    def yeses(self) -> int: ...


class MemberWeekLike(WeekLike, Protocol):
    @property
    def goal_met(self) -> bool | None: ...


# Words and numbers ----------------------------------------------------------------


def number(value: float) -> str:
    """Format a count or an estimate for people: 12, or 3.5 (one decimal at most)."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def nos(count: int) -> str:
    return counted(count, "no", "no's")


def day_label(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


def _series(words: list[str]) -> str:
    """Join words as a sentence does: "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _xy(value: float) -> str:
    return f"{value:.1f}"


def _scale(maximum: float, most_steps: int = 4) -> tuple[int, int]:
    """Return (top, step): a round top at or above maximum, in at most most_steps round steps."""
    maximum = max(maximum, 1)
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * magnitude
            steps = math.ceil(maximum / step)
            if steps <= most_steps:
                return steps * step, step
        magnitude *= 10


def _short(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else f"{text[: chars - 1].rstrip()}…"


def likely_rejections(pending: int, yeses: int, rejections: int) -> tuple[float, float] | None:
    """Return how many no's the pending asks will likely bring, low and high.

    pending x (1 - yes rate), with the yes rate at either end of its 90% credible
    interval from the person's own history; None before any ask was answered,
    when the interval would be the prior's alone.
    """
    if not pending or not yeses + rejections:
        return None
    low, high = stats.credible_interval(yeses, rejections, mass=MASS)
    return pending * (1 - high), pending * (1 - low)


# Pieces every chart shares -------------------------------------------------------------


def _figure(
    *,
    chart_id: str,
    kind: str,
    title: str,
    desc: str,
    size: tuple[int, int],
    body: SafeString,
    data: SafeString,
    legend: Sequence[tuple[str, str]] = (),
    caption: bool = True,
    summary: str = "Data",
) -> SafeString:
    keys = format_html_join(
        "",
        '<li><span class="key {}" aria-hidden="true"></span>{}</li>',
        ((css, label) for css, label in legend),
    )
    return format_html(
        '<figure class="chart chart-{kind}" id="{id}">{caption}'
        '<svg class="chart-svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>'
        "{legend}"
        '<details class="chart-data"><summary>{summary}</summary>{data}</details>'
        "</figure>",
        kind=kind,
        id=chart_id,
        caption=format_html("<figcaption>{}</figcaption>", title) if caption else "",
        width=size[0],
        height=size[1],
        title=title,
        desc=desc,
        body=body,
        legend=format_html('<ul class="chart-legend">{}</ul>', keys) if legend else "",
        summary=summary,
        data=data,
    )


def _join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> SafeString:
    """Return a table whose first column heads each row; every row has a cell per heading."""
    # One format_html a row, not one a cell: a 1,000-member board draws 1,000 of these.
    headings = '<th scope="col">{}</th>' * len(head)
    line = '<tr><th scope="row">{}</th>' + "<td>{}</td>" * (len(head) - 1) + "</tr>"
    return format_html(
        '<table class="table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        format_html(headings, *head),
        format_html_join("", line, rows),
    )


def _note(x: float, y: float, text: str) -> SafeString:
    """A sentence in the middle of an empty chart."""
    return format_html(
        '<text class="chart-note" x="{}" y="{}" text-anchor="middle">{}</text>',
        _xy(x),
        _xy(y),
        text,
    )


def _grid(top: int, step: int, x0: float, x1: float, y: "_Axis") -> SafeString:
    """Horizontal lines at each step, numbered on the left."""
    return format_html_join(
        "",
        '<line class="grid" x1="{x0}" x2="{x1}" y1="{y}" y2="{y}"/>'
        '<text class="tick" x="{label_x}" y="{label_y}" text-anchor="end">{value}</text>',
        (
            {
                "x0": _xy(x0),
                "x1": _xy(x1),
                "y": _xy(y(value)),
                "label_x": _xy(x0 - 4),
                "label_y": _xy(y(value) + 5),
                "value": value,
            }
            for value in range(0, top + 1, step)
        ),
    )


class _Axis:
    """Map a value in 0..top onto a vertical extent, bottom up."""

    def __init__(self, top: int, bottom_y: float, top_y: float) -> None:
        self.top, self.bottom_y, self.top_y = max(top, 1), bottom_y, top_y

    def __call__(self, value: float) -> float:
        return self.bottom_y - (self.bottom_y - self.top_y) * value / self.top


# (a) The goal road -----------------------------------------------------------------

ROAD_SIZE = (400, 220)
ROAD_LEFT, ROAD_RIGHT, ROAD_TOP, ROAD_BOTTOM = 32.0, 390.0, 16.0, 192.0


def _road_words(road: "GoalRoad", band: tuple[float, float] | None) -> str:
    """Return the road's numbers as sentences: the chart's description."""
    target = road.target
    goal = f"a goal of {nos(target)}" if target else "no goal set"
    if road.today < road.starts_on:
        return f"The challenge starts on {day_label(road.starts_on)}, with {goal}."
    so_far = road.cumulative[-1] if road.cumulative else 0
    if not road.yeses + road.rejections + road.pending:
        start = "No asks yet: log one and your road starts here."
        return f"{start} {goal.capitalize()} by {day_label(road.ends_on)}."
    reached = " Goal reached." if target and so_far >= target else ""
    if road.today > road.ends_on:
        words = f"The challenge ended on {day_label(road.ends_on)} with {nos(so_far)}"
        return f"{words} against {goal}.{reached}" if target else f"{words}."
    elapsed = len(road.cumulative)
    words = f"Day {elapsed} of {len(road.days)}: "
    if target:
        on_line = target * elapsed / len(road.days)
        words += f"{nos(so_far)} of your goal of {target}; the goal line is at {number(on_line)}."
        words += reached
    else:
        words += f"{nos(so_far)} so far; no goal set."
    if not road.pending:
        return f"{words} No asks are waiting for an answer."
    out = counted(road.pending, "ask", "asks")
    if band is None:
        later = "once some asks are answered, the chart shows how many no's they will likely bring"
        return f"{words} {out} still out; {later}."
    low, high = round(band[0]), round(band[1])
    likely = f"about {low}" if low == high else f"{low} to {high}"
    more = "more no" if high == 1 else "more no's"
    return f"{words} Your {out} still out will likely bring {likely} {more} (90% interval)."


def goal_road_chart(
    road: "GoalRoad",
    *,
    chart_id: str = "goal-road",
    title: str = "Your road to the goal",
    caption: bool = True,
) -> SafeString:
    """Return the goal road: no's so far, day by day, against the line from 0 to the target.

    Today is marked, and while the challenge runs the asks still out fan out
    from today to the last day as the band of no's they will likely bring.
    """
    n = len(road.days)
    elapsed = len(road.cumulative)
    so_far = road.cumulative[-1] if road.cumulative else 0
    running = road.starts_on <= road.today <= road.ends_on
    band = likely_rejections(road.pending, road.yeses, road.rejections) if running else None
    top, step = _scale(max(road.target or 0, so_far + (band[1] if band else 0)))
    y = _Axis(top, ROAD_BOTTOM, ROAD_TOP)

    def x(day: float) -> float:
        return ROAD_LEFT + (ROAD_RIGHT - ROAD_LEFT) * day / n

    parts = [_grid(top, step, ROAD_LEFT, ROAD_RIGHT, y)]
    if band:
        parts.append(
            format_html(
                '<polygon class="band" points="{},{} {},{} {},{}"/>',
                _xy(x(elapsed)),
                _xy(y(so_far)),
                _xy(ROAD_RIGHT),
                _xy(y(so_far + band[1])),
                _xy(ROAD_RIGHT),
                _xy(y(so_far + band[0])),
            )
        )
    if road.target:
        parts.append(
            format_html(
                '<line class="goal-line" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="label goal-label" x="{}" y="{}" text-anchor="end">Goal {}</text>',
                _xy(ROAD_LEFT),
                _xy(y(0)),
                _xy(ROAD_RIGHT),
                _xy(y(road.target)),
                _xy(ROAD_RIGHT - 2),
                _xy(y(road.target) - 6),
                road.target,
            )
        )
    if elapsed:
        points = [(x(0), y(0))] + [(x(i + 1), y(c)) for i, c in enumerate(road.cumulative)]
        line = " ".join(f"{_xy(px)},{_xy(py)}" for px, py in points)
        area = f"{line} {_xy(x(elapsed))},{_xy(y(0))}"
        parts.append(
            format_html(
                '<polygon class="road-area" points="{}"/><polyline class="road-line" points="{}"/>',
                area,
                line,
            )
        )
    dates = [
        (ROAD_LEFT, "start", day_label(road.starts_on)),
        (ROAD_RIGHT, "end", day_label(road.ends_on)),
    ]
    if running:
        today_x = x(elapsed)
        anchor = (
            "start"
            if today_x < ROAD_LEFT + 24
            else "end"
            if today_x > ROAD_RIGHT - 24
            else "middle"
        )
        # Today's label takes the place of a date it would overlap.
        dates = [date for date in dates if abs(date[0] - today_x) > 56]
        dates.append((today_x, anchor, "Today"))
        parts.append(
            format_html(
                '<line class="today-line" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>'
                '<circle class="today-dot" cx="{x}" cy="{y}" r="4.5"/>'
                '<text class="label today-count" x="{lx}" y="{ly}" text-anchor="end">'
                "{count}</text>",
                x=_xy(today_x),
                top=_xy(ROAD_TOP),
                bottom=_xy(ROAD_BOTTOM),
                y=_xy(y(so_far)),
                lx=_xy(today_x - 7),
                ly=_xy(y(so_far) - 7),
                count=so_far,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<text class="tick" x="{}" y="{}" text-anchor="{}">{}</text>',
            ((_xy(px), _xy(ROAD_BOTTOM + 18), anchor, text) for px, anchor, text in dates),
        )
    )
    words = _road_words(road, band)
    if road.today < road.starts_on:
        parts.append(_note(200, 100, f"Starts on {day_label(road.starts_on)}"))
    elif not road.yeses + road.rejections + road.pending:
        parts.append(_note(200, 100, "No asks yet"))
    elif not so_far:
        parts.append(_note(200, 100, "No no's yet in this challenge"))

    legend = [("key-road", "No's so far")]
    if road.target:
        legend.append(("key-goal", "Goal line"))
    if band:
        legend.append(("key-band", "Likely from asks still out"))
    return _figure(
        chart_id=chart_id,
        kind="road",
        title=title,
        desc=words,
        size=ROAD_SIZE,
        body=_join(parts),
        data=_road_table(road, band),
        legend=legend,
        caption=caption,
    )


def _road_table(road: "GoalRoad", band: tuple[float, float] | None) -> SafeString:
    """The days that brought a no, and today, with the running total and the goal line."""
    n = len(road.days)
    head = ["Day", "No's that day", "No's so far"]
    if road.target:
        head.append("Goal line")
    rows = []
    previous = 0
    for index, total in enumerate(road.cumulative):
        last = index == len(road.cumulative) - 1
        if total != previous or last:
            row: list[object] = [day_label(road.days[index]), total - previous, total]
            if road.target:
                row.append(number(road.target * (index + 1) / n))
            rows.append(row)
        previous = total
    facts: list[tuple[str, str]] = [
        ("Challenge", f"{day_label(road.starts_on)} to {day_label(road.ends_on)}, {n} days"),
        ("Goal", nos(road.target) if road.target else "not set"),
        ("Asks still out", str(road.pending)),
        (
            "Answers so far, all time",
            f"{counted(road.yeses, 'yes', 'yeses')}, {nos(road.rejections)}",
        ),
    ]
    if band:
        facts.append(("Likely more no's (90%)", f"{number(band[0])} to {number(band[1])}"))
    days = (
        _table(head, rows)
        if rows
        else format_html('<p class="empty">{}</p>', "No days counted yet.")
    )
    return format_html("{}{}", days, _table(["Fact", "Value"], facts))


# (b) Weekly bars ---------------------------------------------------------------------

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
    totals = {name: sum(getattr(week, name) for week in weeks) for name, _, _ in WEEK_SERIES}
    top, step = _scale(
        max((getattr(w, name) for w in weeks for name, _, _ in WEEK_SERIES), default=0)
    )
    y = _Axis(top, WEEKS_BOTTOM, WEEKS_TOP)
    group = (WEEKS_RIGHT - WEEKS_LEFT) / max(len(weeks), 1)
    bar = min(group * 0.8 / 3, 24)
    parts = [_grid(top, step, WEEKS_LEFT, WEEKS_RIGHT, y)]
    for index, week in enumerate(weeks):
        start = WEEKS_LEFT + group * index + (group - 3 * bar) / 2
        for position, (name, css, _) in enumerate(WEEK_SERIES):
            value = getattr(week, name)
            bar_x = start + bar * position
            if value:
                parts.append(
                    format_html(
                        '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>',
                        css,
                        _xy(bar_x + 0.5),
                        _xy(y(value)),
                        _xy(bar - 1),
                        _xy(y(0) - y(value)),
                    )
                )
                if bar >= 12:
                    parts.append(
                        format_html(
                            '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
                            _xy(bar_x + bar / 2),
                            _xy(y(value) - 3),
                            value,
                        )
                    )
        # Label every week while they fit, then every few.
        every = math.ceil(28 / group)
        if index % every == 0:
            parts.append(
                format_html(
                    '<text class="tick" x="{}" y="{}" text-anchor="middle">W{}</text>',
                    _xy(WEEKS_LEFT + group * (index + 0.5)),
                    _xy(WEEKS_BOTTOM + 18),
                    week.number,
                )
            )
    if not any(totals.values()):
        parts.append(_note(212, 90, "No asks yet in these weeks"))
        desc = f"No asks yet in these {counted(len(weeks), 'week', 'weeks')}."
    else:
        busiest = max(weeks, key=lambda week: (week.rejections, -week.number))
        sums = [
            counted(totals["asks"], "ask", "asks"),
            nos(totals["rejections"]),
            counted(totals["yeses"], "yes", "yeses"),
        ]
        desc = f"Over {counted(len(weeks), 'week', 'weeks')}: {_series(sums)}."
        if busiest.rejections:
            desc += f" The most no's came in week {busiest.number}: {busiest.rejections}."
    rows = [[week.number, week.asks, week.rejections, week.yeses] for week in weeks]
    return _figure(
        chart_id=chart_id,
        kind="weeks",
        title=title,
        desc=desc,
        size=WEEKS_SIZE,
        body=_join(parts),
        data=_table(["Week", "Asks", "No's", "Yeses"], rows),
        legend=[(f"key-{css}", label) for _, css, label in WEEK_SERIES],
        caption=caption,
    )


# (c) No's by category ---------------------------------------------------------------

CATEGORY_ROW = 28
CATEGORY_LABEL_RIGHT, CATEGORY_BAR_LEFT, CATEGORY_BAR_RIGHT = 128.0, 134.0, 360.0


def category_chart(
    rows: Sequence[tuple[str, int]],
    *,
    chart_id: str = "by-category",
    title: str = "No's by category",
    caption: bool = True,
) -> SafeString:
    """Return horizontal bars of no's per category, in the order given."""
    height = 12 + CATEGORY_ROW * max(len(rows), 1)
    biggest = max((count for _, count in rows), default=0)
    parts = []
    for index, (name, count) in enumerate(rows):
        middle = 6 + CATEGORY_ROW * index + CATEGORY_ROW / 2
        width = (CATEGORY_BAR_RIGHT - CATEGORY_BAR_LEFT) * count / biggest if biggest else 0
        parts.append(
            format_html(
                '<text class="label" x="{lx}" y="{ty}" text-anchor="end">{name}</text>'
                '<rect class="bar-no" x="{bx}" y="{by}" width="{width}" height="{height}"/>'
                '<text class="value" x="{vx}" y="{ty}">{count}</text>',
                lx=_xy(CATEGORY_LABEL_RIGHT),
                ty=_xy(middle + 5),
                name=_short(name),
                bx=_xy(CATEGORY_BAR_LEFT),
                by=_xy(middle - 8),
                width=_xy(width),
                height="16",
                vx=_xy(CATEGORY_BAR_LEFT + width + 5),
                count=count,
            )
        )
    if not biggest:
        parts = [_note(200, 24, "No no's in any category yet")]
        desc = "No no's in any category yet."
    else:
        shown = [f"{name} {count}" for name, count in rows[:6]]
        if len(rows) > 6:
            shown.append(counted(len(rows) - 6, "more category", "more categories"))
        desc = f"{title}: {_series(shown)}."
    return _figure(
        chart_id=chart_id,
        kind="categories",
        title=title,
        desc=desc,
        size=(400, max(height, 40)),
        body=_join(parts),
        data=_table(["Category", "No's"], rows),
        caption=caption,
    )


# (d) A member's weeks, small, for the board ---------------------------------------------

MEMBER_SIZE = (160, 40)


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
    scale_top = max(top or 0, per_week or 0, *(week.rejections for week in weeks), 1)
    width, height = MEMBER_SIZE
    y = _Axis(scale_top, height - 2, 3)
    slot = width / max(len(weeks), 1)
    parts = [
        format_html(
            '<line class="axis" x1="0" x2="{}" y1="{}" y2="{}"/>', width, _xy(y(0)), _xy(y(0))
        )
    ]
    for index, week in enumerate(weeks):
        if week.rejections:
            parts.append(
                format_html(
                    '<rect class="bar-no{}" x="{}" y="{}" width="{}" height="{}"/>',
                    " met" if week.goal_met else "",
                    _xy(slot * index + slot * 0.15),
                    _xy(y(week.rejections)),
                    _xy(slot * 0.7),
                    _xy(y(0) - y(week.rejections)),
                )
            )
    if per_week:
        parts.append(
            format_html(
                '<line class="goal-line" x1="0" x2="{}" y1="{}" y2="{}"/>',
                width,
                _xy(y(per_week)),
                _xy(y(per_week)),
            )
        )
    counts = ", ".join(str(week.rejections) for week in weeks)
    if not any(week.rejections for week in weeks):
        desc = "No no's yet."
    else:
        span = "week 1" if len(weeks) == 1 else f"weeks 1 to {len(weeks)}"
        desc = f"No's per week, {span}: {counts}."
    if per_week:
        met = sum(1 for week in weeks if week.goal_met)
        desc += f" Weekly goal {per_week}, met in {counted(met, 'week', 'weeks')}."
    rows = [
        [
            week.number,
            week.asks,
            week.rejections,
            week.yeses,
            "yes" if week.goal_met else "not yet" if week.goal_met is False else "—",
        ]
        for week in weeks
    ]
    return _figure(
        chart_id=chart_id,
        kind="member",
        title=f"{name}'s no's per week",
        desc=desc,
        size=MEMBER_SIZE,
        body=_join(parts),
        data=_table(["Week", "Asks", "No's", "Yeses", "Goal met"], rows),
        caption=False,
        summary=summary,
    )
