"""What every chart draws with: numbers in words, the figure around the SVG, its grid and tables."""

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Font sizes are in viewBox units: charts are drawn about as wide as a phone shows them.
LABEL_CHARS = 15


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


def series(words: list[str]) -> str:
    """Join words as a sentence does: "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def xy(value: float) -> str:
    return f"{value:.1f}"


def scale(maximum: float, most_steps: int = 4) -> tuple[int, int]:
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


def short(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else f"{text[: chars - 1].rstrip()}…"


# Pieces every chart shares -------------------------------------------------------------


def figure(
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


def join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> SafeString:
    """Return a table whose first column heads each row; every row has a cell per heading."""
    # One format_html a row, not one a cell: a 1,000-member board draws 1,000 of these.
    headings = '<th scope="col">{}</th>' * len(head)
    line = '<tr><th scope="row">{}</th>' + "<td>{}</td>" * (len(head) - 1) + "</tr>"
    return format_html(
        '<table class="table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        format_html(headings, *head),
        format_html_join("", line, rows),
    )


def note(x: float, y: float, text: str) -> SafeString:
    """A sentence in the middle of an empty chart."""
    return format_html(
        '<text class="chart-note" x="{}" y="{}" text-anchor="middle">{}</text>',
        xy(x),
        xy(y),
        text,
    )


class Axis:
    """Map a value in 0..top onto a vertical extent, bottom up."""

    def __init__(self, top: int, bottom_y: float, top_y: float) -> None:
        self.top, self.bottom_y, self.top_y = max(top, 1), bottom_y, top_y

    def __call__(self, value: float) -> float:
        return self.bottom_y - (self.bottom_y - self.top_y) * value / self.top


def grid(top: int, step: int, x0: float, x1: float, y: Axis) -> SafeString:
    """Horizontal lines at each step, numbered on the left."""
    return format_html_join(
        "",
        '<line class="grid" x1="{x0}" x2="{x1}" y1="{y}" y2="{y}"/>'
        '<text class="tick" x="{label_x}" y="{label_y}" text-anchor="end">{value}</text>',
        (
            {
                "x0": xy(x0),
                "x1": xy(x1),
                "y": xy(y(value)),
                "label_x": xy(x0 - 4),
                "label_y": xy(y(value) + 5),
                "value": value,
            }
            for value in range(0, top + 1, step)
        ),
    )
