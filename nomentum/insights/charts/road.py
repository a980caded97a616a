"""The goal road: one person's no's so far, day by day, against the line to the goal."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from nomentum.insights import stats
from nomentum.insights.charts.drawing import (
    Axis,
    counted,
    day_label,
    figure,
    grid,
    join,
    nos,
    note,
    number,
    scale,
    table,
    xy,
)
from nomentum.insights.results import GoalRoad

# The share of the yes rate's credible interval behind the band of likely no's.
MASS = 0.9

ROAD_SIZE = (400, 220)
ROAD_LEFT, ROAD_RIGHT, ROAD_TOP, ROAD_BOTTOM = 32.0, 390.0, 16.0, 192.0

Band = tuple[float, float]


def likely_rejections(pending: int, yeses: int, rejections: int) -> Band | None:
    """Return how many no's the pending asks will likely bring, low and high.

    pending x (1 - yes rate), with the yes rate at either end of its 90% credible
    interval from the person's own history; None before any ask was answered,
    when the interval would be the prior's alone.
    """
    if not pending or not yeses + rejections:
        return None
    low, high = stats.credible_interval(yeses, rejections, mass=MASS)
    return pending * (1 - high), pending * (1 - low)


def goal_road_chart(
    road: GoalRoad,
    *,
    chart_id: str = "goal-road",
    title: str = "Your road to the goal",
    caption: bool = True,
) -> SafeString:
    """Return the goal road: no's so far, day by day, against the line from 0 to the target.

    Today is marked, and while the challenge runs the asks still out fan out
    from today to the last day as the band of no's they will likely bring.
    """
    running = road.starts_on <= road.today <= road.ends_on
    band = likely_rejections(road.pending, road.yeses, road.rejections) if running else None
    plot = _Plot(road, band)
    parts = [grid(plot.top, plot.step, ROAD_LEFT, ROAD_RIGHT, plot.y)]
    if band:
        parts.append(_band(plot, band))
    if road.target:
        parts.append(_goal_line(plot, road.target))
    if road.cumulative:
        parts.append(_road_line(plot))
    parts += _days_marked(plot, running)
    words = _road_words(road, band)
    empty = _empty_note(road, plot.so_far)
    if empty:
        parts.append(note(200, 100, empty))
    return figure(
        chart_id=chart_id,
        kind="road",
        title=title,
        desc=words,
        size=ROAD_SIZE,
        body=join(parts),
        data=_road_table(road, band),
        legend=_road_legend(road, band),
        caption=caption,
    )


class _Plot:
    """Where the road's days and no's fall in the drawing: high enough for the goal and the band."""

    def __init__(self, road: GoalRoad, band: Band | None) -> None:
        self.road = road
        self.so_far = road.cumulative[-1] if road.cumulative else 0
        self.elapsed = len(road.cumulative)
        likely = band[1] if band else 0
        self.top, self.step = scale(max(road.target or 0, self.so_far + likely))
        self.y = Axis(self.top, ROAD_BOTTOM, ROAD_TOP)

    def x(self, day: float) -> float:
        return ROAD_LEFT + (ROAD_RIGHT - ROAD_LEFT) * day / len(self.road.days)


def _band(plot: _Plot, band: Band) -> SafeString:
    """The no's the asks still out will likely bring, fanning out from today to the last day."""
    return format_html(
        '<polygon class="band" points="{},{} {},{} {},{}"/>',
        xy(plot.x(plot.elapsed)),
        xy(plot.y(plot.so_far)),
        xy(ROAD_RIGHT),
        xy(plot.y(plot.so_far + band[1])),
        xy(ROAD_RIGHT),
        xy(plot.y(plot.so_far + band[0])),
    )


def _goal_line(plot: _Plot, target: int) -> SafeString:
    return format_html(
        '<line class="goal-line" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="label goal-label" x="{}" y="{}" text-anchor="end">Goal {}</text>',
        xy(ROAD_LEFT),
        xy(plot.y(0)),
        xy(ROAD_RIGHT),
        xy(plot.y(target)),
        xy(ROAD_RIGHT - 2),
        xy(plot.y(target) - 6),
        target,
    )


def _road_line(plot: _Plot) -> SafeString:
    x, y = plot.x, plot.y
    points = [(x(0), y(0))] + [(x(i + 1), y(c)) for i, c in enumerate(plot.road.cumulative)]
    line = " ".join(f"{xy(px)},{xy(py)}" for px, py in points)
    area = f"{line} {xy(x(plot.elapsed))},{xy(y(0))}"
    return format_html(
        '<polygon class="road-area" points="{}"/><polyline class="road-line" points="{}"/>',
        area,
        line,
    )


def _days_marked(plot: _Plot, running: bool) -> list[SafeString]:
    """The first and last days under the road, and today while the challenge runs."""
    road = plot.road
    dates = [
        (ROAD_LEFT, "start", day_label(road.starts_on)),
        (ROAD_RIGHT, "end", day_label(road.ends_on)),
    ]
    parts = []
    if running:
        today_x = plot.x(plot.elapsed)
        # Today's label takes the place of a date it would overlap.
        dates = [date for date in dates if abs(date[0] - today_x) > 56]
        dates.append((today_x, _anchor(today_x), "Today"))
        parts.append(_today(plot, today_x))
    ticks = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="{}">{}</text>',
        ((xy(px), xy(ROAD_BOTTOM + 18), anchor, text) for px, anchor, text in dates),
    )
    return [*parts, ticks]


def _anchor(today_x: float) -> str:
    """Return how today's label hangs from its line: inwards near either edge."""
    if today_x < ROAD_LEFT + 24:
        return "start"
    return "end" if today_x > ROAD_RIGHT - 24 else "middle"


def _today(plot: _Plot, today_x: float) -> SafeString:
    return format_html(
        '<line class="today-line" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>'
        '<circle class="today-dot" cx="{x}" cy="{y}" r="4.5"/>'
        '<text class="label today-count" x="{lx}" y="{ly}" text-anchor="end">'
        "{count}</text>",
        x=xy(today_x),
        top=xy(ROAD_TOP),
        bottom=xy(ROAD_BOTTOM),
        y=xy(plot.y(plot.so_far)),
        lx=xy(today_x - 7),
        ly=xy(plot.y(plot.so_far) - 7),
        count=plot.so_far,
    )


def _empty_note(road: GoalRoad, so_far: int) -> str:
    """Return the sentence an empty road shows in its middle, "" for one with no's."""
    if road.today < road.starts_on:
        return f"Starts on {day_label(road.starts_on)}"
    if not road.yeses + road.rejections + road.pending:
        return "No asks yet"
    return "" if so_far else "No no's yet in this challenge"


def _road_legend(road: GoalRoad, band: Band | None) -> list[tuple[str, str]]:
    legend = [("key-road", "No's so far")]
    if road.target:
        legend.append(("key-goal", "Goal line"))
    if band:
        legend.append(("key-band", "Likely from asks still out"))
    return legend


def _road_words(road: GoalRoad, band: Band | None) -> str:
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


def _road_table(road: GoalRoad, band: Band | None) -> SafeString:
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
        table(head, rows)
        if rows
        else format_html('<p class="empty">{}</p>', "No days counted yet.")
    )
    return format_html("{}{}", days, table(["Fact", "Value"], facts))
