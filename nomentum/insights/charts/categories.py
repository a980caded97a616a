"""No's by category: a horizontal bar per category, the longest for the most no's."""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString

from nomentum.insights.charts.drawing import counted, figure, join, note, series, short, table, xy

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
    if biggest:
        parts = [
            _category_bar(index, name, count, biggest) for index, (name, count) in enumerate(rows)
        ]
    else:
        parts = [note(200, 24, "No no's in any category yet")]
    return figure(
        chart_id=chart_id,
        kind="categories",
        title=title,
        desc=_categories_words(rows, title) if biggest else "No no's in any category yet.",
        size=(400, max(height, 40)),
        body=join(parts),
        data=table(["Category", "No's"], rows),
        caption=caption,
    )


def _category_bar(index: int, name: str, count: int, biggest: int) -> SafeString:
    """The category's name, its bar in proportion to the biggest count, and its count."""
    middle = 6 + CATEGORY_ROW * index + CATEGORY_ROW / 2
    width = (CATEGORY_BAR_RIGHT - CATEGORY_BAR_LEFT) * count / biggest
    return format_html(
        '<text class="label" x="{lx}" y="{ty}" text-anchor="end">{name}</text>'
        '<rect class="bar-no" x="{bx}" y="{by}" width="{width}" height="{height}"/>'
        '<text class="value" x="{vx}" y="{ty}">{count}</text>',
        lx=xy(CATEGORY_LABEL_RIGHT),
        ty=xy(middle + 5),
        name=short(name),
        bx=xy(CATEGORY_BAR_LEFT),
        by=xy(middle - 8),
        width=xy(width),
        height="16",
        vx=xy(CATEGORY_BAR_LEFT + width + 5),
        count=count,
    )


def _categories_words(rows: Sequence[tuple[str, int]], title: str) -> str:
    """Return the first six categories with their no's, and how many more there are."""
    shown = [f"{name} {count}" for name, count in rows[:6]]
    if len(rows) > 6:
        shown.append(counted(len(rows) - 6, "more category", "more categories"))
    return f"{title}: {series(shown)}."
