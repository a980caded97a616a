"""The charts render in Chromium: visible, sized by their container, themed light and dark."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from nomentum.asks.models import Outcome
from nomentum.challenges import services
from nomentum.challenges.models import Challenge
from tests.conftest import join, make_ask, make_challenge, make_group, make_user

from .conftest import PHONE, Person

pytestmark = pytest.mark.browser


def seed() -> Challenge:
    """Return a running group challenge, ten days in, where three members ask."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=10)
    june = make_user("june", display_name="June")
    ravi = make_user("ravi", display_name="Ravi")
    amara = make_user("amara", display_name="Amara")
    group = make_group(june, ravi, name="November of NO")
    join(group, amara)
    challenge = make_challenge(
        group=group, name="Thirty days of no", starts_on=start, ends_on=start + dt.timedelta(29)
    )
    for person, per_week, nos in [(june, 3, [1, 2, 4, 8, 9]), (ravi, 2, [3, 7]), (amara, 4, [])]:
        services.set_goal(challenge, person, rejections_per_week=per_week)
        for day in nos:
            asked = start + dt.timedelta(day - 1)
            make_ask(person, asked_on=asked, outcome=Outcome.NO, decided_on=asked + dt.timedelta(1))
    make_ask(june, asked_on=start + dt.timedelta(3), outcome=Outcome.YES, decided_on=today)
    for days_ago in (1, 2, 3):
        make_ask(june, asked_on=today - dt.timedelta(days_ago))  # still out
    return challenge


def assert_drawn(chart: Locator, at_most: float) -> None:
    """The chart's SVG is visible, has a size, and fits the width it was given."""
    svg = chart.locator("svg")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None
    assert box["width"] > 0 and box["height"] > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= at_most


def test_the_board_draws_the_road_my_weeks_and_each_members_weeks(
    desktop: Page, live_server, tmp_path: Path
):
    challenge = seed()
    Person(desktop, touch=False).log_in(live_server.url, "june")
    desktop.goto(f"{live_server.url}/challenges/{challenge.pk}/")

    road = desktop.locator("#goal-road")
    assert_drawn(road, 1280)
    expect(road.locator("figcaption")).to_have_text("Your road to the goal")
    # The image is named by its title and its description.
    expect(road.get_by_role("img")).to_have_accessible_name(
        re.compile(r"^Your road to the goal Day 11 of 30: 5 no's of your goal of 12;")
    )
    expect(road.locator("polygon.band")).to_have_count(1)
    expect(road.locator("text.today-count")).to_have_text("5")
    assert_drawn(desktop.locator("#weekly"), 1280)
    # Side by side on a desktop.
    road_box, weeks_box = road.bounding_box(), desktop.locator("#weekly").bounding_box()
    assert road_box and weeks_box and road_box["y"] == weeks_box["y"]

    members = desktop.locator("figure.chart-member")
    expect(members).to_have_count(3)
    for index in range(3):
        assert_drawn(members.nth(index), 1280)

    # The numbers behind a chart open with one click.
    road.get_by_text("Data", exact=True).click()
    expect(road.locator("table").first).to_be_visible()
    expect(road.locator("tbody tr").first).to_contain_text("1")

    path = tmp_path / "board-desktop.png"
    desktop.screenshot(path=str(path), full_page=True)
    print(f"\nbrowser: board screenshot at {path}")


def test_the_home_page_draws_the_road_on_a_phone_light_and_dark(
    chromium: Browser, live_server, tmp_path: Path
):
    seed()
    colours = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(**PHONE, color_scheme=scheme)
        try:
            page = context.new_page()
            Person(page).log_in(live_server.url, "june")
            road = page.locator("#home-road")
            assert_drawn(road, 390)
            expect(road.get_by_role("img")).to_have_accessible_name(
                re.compile(r"^Your road to the goal Day 11 of 30")
            )
            colours[scheme] = road.locator(".road-line").evaluate(
                "line => getComputedStyle(line).stroke"
            )
            # Text in the drawing stays legible on a phone: at least 10 CSS pixels.
            tick = road.locator("text.tick").first.bounding_box()
            assert tick is not None and tick["height"] >= 10
            path = tmp_path / f"home-phone-{scheme}.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"\nbrowser: home screenshot at {path}")
        finally:
            context.close()
    assert colours["light"] != colours["dark"]
