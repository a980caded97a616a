"""Each chart says its numbers three ways: drawn, in its description, and in its data table."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from scipy import stats as scipy_stats

from nomentum.insights import charts
from nomentum.insights.results import GoalRoad

NOV = [dt.date(2026, 11, day) for day in range(1, 31)]


@dataclass
class Week:
    number: int
    asks: int
    rejections: int
    yeses: int
    goal_met: bool | None = None


def road(**fields) -> GoalRoad:
    """A November road seen on the 11th: no's on the 3rd, the 9th and two on the 11th."""
    values: dict = {
        "days": NOV,
        "cumulative": [0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 4],
        "today": dt.date(2026, 11, 11),
        "target": 12,
        "pending": 3,
        "yeses": 2,
        "rejections": 8,
    }
    values.update(fields)
    return GoalRoad(**values)


def tables(html: str) -> list[list[list[str]]]:
    """Return every table's body rows as lists of cell texts."""
    result = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        result.append([re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows])
    return result


def element_text(html: str, tag: str) -> str:
    found = re.search(rf"<{tag} id=\"[^\"]+\">(.*?)</{tag}>", html, re.S)
    assert found is not None
    return found.group(1)


def desc(html: str) -> str:
    return element_text(html, "desc")


def title(html: str) -> str:
    return element_text(html, "title")


def parsed(html: str) -> ET.Element:
    """Parse the figure as XML: the markup is well formed, the SVG within it too."""
    return ET.fromstring(html)  # noqa: S314 (our own markup, not untrusted input)


SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> ET.Element:
    figure = parsed(html.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def one(svg: ET.Element, path: str) -> ET.Element:
    """Return the only element at path, in the SVG namespace: "line[@class='goal-line']"."""
    found = svg.findall(f"{SVG}{path}")
    assert len(found) == 1, path
    return found[0]


def attr(element: ET.Element, name: str) -> str:
    value = element.get(name)
    assert value is not None, name
    return value


def test_every_chart_is_an_image_named_by_its_title_and_description():
    weeks = [Week(1, 2, 1, 0, False)]
    for html, chart_id in [
        (charts.goal_road_chart(road()), "goal-road"),
        (charts.weekly_chart(weeks), "weekly"),
        (charts.category_chart([("Pitches", 2)]), "by-category"),
        (charts.member_weeks_chart("June", weeks, 2, chart_id="m1"), "m1"),
    ]:
        assert html.startswith('<figure class="chart ')
        assert f'id="{chart_id}"' in html
        assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
        assert f'<title id="{chart_id}-title">' in html
        assert f'<desc id="{chart_id}-desc">' in html
        assert re.search(r'viewBox="0 0 \d+ \d+"', html)
        assert '<details class="chart-data"><summary>Data</summary><table' in html
        parsed(html)


# (a) The goal road -----------------------------------------------------------------------


def test_the_goal_road_lists_the_days_that_brought_a_no_against_the_goal_line():
    html = charts.goal_road_chart(road())
    days, facts = tables(html)
    # The goal line reaches 12 at the end of day 30: 12 x 3 / 30 = 1.2 by the 3rd.
    assert days == [
        ["Nov 3", "1", "1", "1.2"],
        ["Nov 9", "1", "2", "3.6"],
        ["Nov 11", "2", "4", "4.4"],
    ]
    low, high = scipy_stats.beta.ppf([0.05, 0.95], 1 + 2, 1 + 8)
    likely = (3 * (1 - high), 3 * (1 - low))
    assert likely == pytest.approx((1.59, 2.76), abs=0.01)
    assert facts == [
        ["Challenge", "Nov 1 to Nov 30, 30 days"],
        ["Goal", "12 no&#x27;s"],
        ["Asks still out", "3"],
        ["Answers so far, all time", "2 yeses, 8 no&#x27;s"],
        ["Likely more no&#x27;s (90%)", "1.6 to 2.8"],
    ]


def test_the_goal_road_says_where_i_stand_and_what_the_asks_out_will_bring():
    html = charts.goal_road_chart(road())
    assert title(html) == "Your road to the goal"
    assert desc(html) == (
        "Day 11 of 30: 4 no&#x27;s of your goal of 12; the goal line is at 4.4."
        " Your 3 asks still out will likely bring 2 to 3 more no&#x27;s (90% interval)."
    )


def test_the_goal_road_draws_the_road_the_goal_today_and_the_band():
    svg = svg_of(charts.goal_road_chart(road()))
    line = one(svg, "polyline[@class='road-line']")
    # From the origin, one point at the end of each day so far.
    assert len(attr(line, "points").split()) == 1 + 11
    goal = one(svg, "line[@class='goal-line']")
    assert one(svg, "text[@class='label today-count']").text == "4"
    band = attr(one(svg, "polygon[@class='band']"), "points").split()
    assert len(band) == 3
    # The band starts at today's point and fans out to the last day.
    today_x = band[0].split(",")[0]
    assert attr(one(svg, "line[@class='today-line']"), "x1") == today_x
    assert band[1].split(",")[0] == band[2].split(",")[0] == attr(goal, "x2")
    assert "Goal 12" in [text.text for text in svg.iter(f"{SVG}text")]


def test_without_asks_the_goal_road_says_so():
    empty = road(cumulative=[0] * 11, pending=0, yeses=0, rejections=0)
    html = charts.goal_road_chart(empty)
    assert desc(html) == (
        "No asks yet: log one and your road starts here. A goal of 12 no&#x27;s by Nov 30."
    )
    texts = [text.text for text in svg_of(html).iter(f"{SVG}text")]
    assert "No asks yet" in texts
    assert svg_of(html).find(f"{SVG}polygon[@class='band']") is None


def test_before_any_answer_the_band_waits_for_one():
    html = charts.goal_road_chart(road(cumulative=[0] * 11, yeses=0, rejections=0))
    assert desc(html).endswith(
        "3 asks still out; once some asks are answered, "
        "the chart shows how many no&#x27;s they will likely bring."
    )
    assert 'polygon class="band"' not in html
    assert "No no&#x27;s yet in this challenge" in html


def test_without_a_goal_the_road_has_no_goal_line():
    html = charts.goal_road_chart(road(target=None, pending=0))
    assert desc(html) == (
        "Day 11 of 30: 4 no&#x27;s so far; no goal set. No asks are waiting for an answer."
    )
    assert 'class="goal-line"' not in html
    days, facts = tables(html)
    assert days[-1] == ["Nov 11", "2", "4"]
    assert ["Goal", "not set"] in facts


def test_a_challenge_to_come_and_one_that_ended():
    upcoming = charts.goal_road_chart(road(cumulative=[], today=dt.date(2026, 10, 20)))
    assert desc(upcoming) == "The challenge starts on Nov 1, with a goal of 12 no&#x27;s."
    assert "road-line" not in upcoming and "today-line" not in upcoming

    ended = road(cumulative=[0] * 20 + [5] * 10, today=dt.date(2026, 12, 3))
    html = charts.goal_road_chart(ended)
    assert desc(html) == (
        "The challenge ended on Nov 30 with 5 no&#x27;s against a goal of 12 no&#x27;s."
    )
    assert "today-line" not in html and 'class="band"' not in html
    assert tables(html)[0] == [["Nov 21", "5", "5", "8.4"], ["Nov 30", "0", "5", "12"]]


def test_a_road_past_the_goal_says_so():
    html = charts.goal_road_chart(road(cumulative=[1] * 10 + [12], pending=0))
    assert desc(html) == (
        "Day 11 of 30: 12 no&#x27;s of your goal of 12; the goal line is at 4.4. Goal reached."
        " No asks are waiting for an answer."
    )


def test_the_goal_road_escapes_its_title():
    html = charts.goal_road_chart(road(), title='Road in <b onclick="x()">Nov</b>')
    assert "<b " not in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;Nov&lt;/b&gt;" in title(html)


# (b) Weekly bars -------------------------------------------------------------------------


def test_weekly_bars_count_asks_no_s_and_yeses():
    weeks = [Week(1, 4, 2, 1), Week(2, 3, 1, 0), Week(3, 0, 0, 0)]
    html = charts.weekly_chart(weeks)
    assert tables(html) == [[["1", "4", "2", "1"], ["2", "3", "1", "0"], ["3", "0", "0", "0"]]]
    assert desc(html) == (
        "Over 3 weeks: 7 asks, 3 no&#x27;s and 1 yes. The most no&#x27;s came in week 1: 2."
    )
    svg = svg_of(html)
    bars = [(rect.get("class"), float(attr(rect, "height"))) for rect in svg.iter(f"{SVG}rect")]
    # Zero draws nothing; the rest stand in proportion (the scale tops out at 4).
    assert [css for css, _ in bars] == ["bar-asks", "bar-no", "bar-yes", "bar-asks", "bar-no"]
    heights = [height for _, height in bars]
    assert heights[0] == pytest.approx(4 * heights[2]) == pytest.approx(2 * heights[1])
    assert [text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "tick"][-3:] == [
        "W1",
        "W2",
        "W3",
    ]


def test_weekly_bars_without_asks_say_so():
    html = charts.weekly_chart([Week(1, 0, 0, 0), Week(2, 0, 0, 0)])
    assert desc(html) == "No asks yet in these 2 weeks."
    assert "No asks yet in these weeks" in html
    assert "<rect" not in html


# (c) No's by category --------------------------------------------------------------------


def test_category_bars_stand_in_proportion():
    html = charts.category_chart([("Pitches", 5), ("Jobs", 2), ("Grants", 0)])
    assert tables(html) == [[["Pitches", "5"], ["Jobs", "2"], ["Grants", "0"]]]
    assert title(html) == "No&#x27;s by category"
    assert desc(html) == "No&#x27;s by category: Pitches 5, Jobs 2 and Grants 0."
    widths = [float(attr(rect, "width")) for rect in svg_of(html).iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2.5 * widths[1], abs=0.2)
    assert widths[0] > 200 and widths[2] == 0


def test_a_malicious_category_name_is_only_text():
    name = '<script>alert("no")</script>&'
    html = charts.category_chart([(name, 3)])
    assert "<script>" not in html
    escaped = "&lt;script&gt;alert(&quot;no&quot;)&lt;/script&gt;&amp;"
    assert tables(html) == [[[escaped, "3"]]]
    assert escaped in desc(html)
    # The drawing shortens a long name; the table keeps it whole.
    labels = [t.text for t in svg_of(html).iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["<script>alert(…"]


def test_no_categories_say_so():
    for rows in ([], [("Pitches", 0)]):
        html = charts.category_chart(rows)
        assert desc(html) == "No no&#x27;s in any category yet."
        assert "No no&#x27;s in any category yet</text>" in html


# (d) A member's weeks on the board -------------------------------------------------------


def test_a_members_weeks_mark_the_weekly_goal():
    weeks = [Week(1, 2, 1, 0, False), Week(2, 4, 3, 1, True), Week(3, 0, 0, 0, False)]
    html = charts.member_weeks_chart("June", weeks, 2, chart_id="june", top=6)
    assert title(html) == "June&#x27;s no&#x27;s per week"
    assert desc(html) == "No&#x27;s per week, weeks 1 to 3: 1, 3, 0. Weekly goal 2, met in 1 week."
    assert tables(html) == [
        [
            ["1", "2", "1", "0", "missed"],
            ["2", "4", "3", "1", "yes"],
            ["3", "0", "0", "0", "missed"],
        ]
    ]
    svg = svg_of(html)
    bars = list(svg.iter(f"{SVG}rect"))
    assert [bar.get("class") for bar in bars] == ["bar-no", "bar-no met"]
    # On the shared scale of 6, 3 no's stand half as high as the chart.
    assert float(attr(bars[1], "height")) == pytest.approx((40 - 2 - 3) / 2, abs=0.1)
    goal = one(svg, "line[@class='goal-line']")
    assert float(attr(goal, "y1")) == pytest.approx(38 - 35 * 2 / 6, abs=0.1)


def test_a_member_without_no_s_or_goal():
    html = charts.member_weeks_chart(
        '<img src=x onerror="alert(1)">', [Week(1, 0, 0, 0)], None, chart_id="m"
    )
    assert desc(html) == "No no&#x27;s yet."
    assert "<img" not in html
    assert "goal-line" not in html
    assert tables(html) == [[["1", "0", "0", "0", "—"]]]


# Numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, (1, 1)), (3, (3, 1)), (4, (4, 1)), (5, (6, 2)), (12, (15, 5)), (37, (40, 10))],
)
def test_scales_end_on_a_round_number(maximum, expected):
    assert charts._scale(maximum) == expected


def test_numbers_read_as_people_write_them():
    assert [charts.number(x) for x in (3, 3.0, 2.76, 0.04, 12.25)] == ["3", "3", "2.8", "0", "12.2"]
