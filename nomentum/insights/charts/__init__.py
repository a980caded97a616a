"""Charts drawn on the server as inline SVG: pure functions from plain numbers to safe HTML.

Every chart is a <figure> holding an <svg role="img"> named by its <title> and
<desc> (a sentence that says what the numbers are), followed by the numbers
themselves as a table inside <details>. Colours come from classes that
app.css fills with the theme's custom properties, so one drawing serves the
light and the dark theme; the size comes from the viewBox, so a chart scales
with its container from a 320 px phone to a wide screen. Names people typed
(a category, a member) only ever pass through format_html, which escapes them.

One module per chart (road, weeks, categories, member); drawing holds what
they share. Pages import the charts from here.
"""

from nomentum.insights.charts.categories import category_chart
from nomentum.insights.charts.drawing import number
from nomentum.insights.charts.drawing import scale as _scale
from nomentum.insights.charts.member import MemberWeekLike, member_weeks_chart
from nomentum.insights.charts.road import goal_road_chart, likely_rejections
from nomentum.insights.charts.weeks import WeekLike, weekly_chart

__all__ = [
    "MemberWeekLike",
    "WeekLike",
    "_scale",
    "category_chart",
    "goal_road_chart",
    "likely_rejections",
    "member_weeks_chart",
    "number",
    "weekly_chart",
]
