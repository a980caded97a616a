"""The stats page reads a small history back: its counts, the rows by category, the forecast."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nomentum.asks.models import Outcome
from nomentum.insights.forecast import asks_needed
from tests.conftest import make_ask, make_user

from .conftest import Person

pytestmark = pytest.mark.browser

# The history, counted by hand: 12 asks, 6 no's, 2 yeses, 3 pending, 1 withdrawn.
ASKS, REJECTIONS, YESES, PENDING, WITHDRAWN = 12, 6, 2, 3, 1


def seed() -> None:
    """Give "mia" a month of asks in two categories: Pitch (4 no's, 1 yes, 2 pending) and
    Grant (2 no's, 1 yes, 1 pending, 1 withdrawn), every answer dated, nothing silent yet."""
    today = timezone.localdate()
    mia = make_user("mia")

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    for category, outcome, asked, answered in [
        ("pitch", Outcome.NO, 25, 20),
        ("pitch", Outcome.NO, 22, 18),
        ("pitch", Outcome.NO, 15, 12),
        ("pitch", Outcome.NO, 10, 4),
        ("pitch", Outcome.YES, 20, 8),
        ("pitch", Outcome.PENDING, 5, None),
        ("pitch", Outcome.PENDING, 3, None),
        ("grant", Outcome.NO, 28, 14),
        ("grant", Outcome.NO, 18, 6),
        ("grant", Outcome.YES, 26, 9),
        ("grant", Outcome.PENDING, 7, None),
        ("grant", Outcome.WITHDRAWN, 21, 11),
    ]:
        make_ask(
            mia,
            title=f"{category.title()} {outcome} {asked}",
            category=category,
            outcome=outcome,
            asked_on=ago(asked),
            decided_on=None if answered is None else ago(answered),
        )


def forecast_sentence(page: Page):
    return page.locator("section.forecast p.forecast-sentence")


def test_a_phone_reads_the_counts_the_rows_by_category_and_the_forecast(phone: Page, live_server):
    seed()
    page = phone
    person = Person(page)
    person.log_in(live_server.url, "mia")

    # On a phone the sections wait in the menu.
    menu = page.locator("header details.menu")
    person.tap(menu.locator("summary", has_text="Menu"))
    person.tap(menu.get_by_role("link", name="Stats", exact=True))

    expect(page).to_have_url(f"{live_server.url}/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stats")
    expect(page.locator("p.count[role=status]")).to_have_text("All your history")

    counts = page.get_by_role("region", name="Counts")
    for key, label, value in [
        ("rejections", "No's", REJECTIONS),
        ("asks", "Asks", ASKS),
        ("yeses", "Yeses", YESES),
        ("pending", "Pending", PENDING),
        ("withdrawn", "Withdrawn", WITHDRAWN),
    ]:
        cell = counts.locator(f'[data-count="{key}"]')
        expect(cell).to_be_visible()
        expect(cell).to_have_text(str(value))
        expect(cell.locator("xpath=preceding-sibling::dt")).to_have_text(label)

    # 2 yeses in 8 answers: 25%, with the range it is 90% sure of.
    expect(counts.locator('[data-stat="yes-rate"]')).to_have_text(
        re.compile(r"^25% \(90% sure: \d+%–\d+%\)$")
    )
    expect(counts.locator('[data-stat="nos-per-yes"]')).to_have_text("3 no's per yes")
    expect(counts.locator('[data-stat="median-days"]')).to_contain_text("the median over")

    by_category = page.get_by_role("region", name="Table by category")
    rows = by_category.locator("tbody tr")
    expect(rows).to_have_count(2)
    # Category, asks, no's, yeses, pending, withdrawn; then the yes rate and no's per yes.
    for name, cells, rate, per_yes in [
        ("Pitch", ["7", "4", "1", "2", "0"], "20%", "4"),
        ("Grant", ["5", "2", "1", "1", "1"], "33%", "2"),
    ]:
        row = rows.filter(has=page.get_by_role("rowheader", name=name, exact=True))
        expect(row).to_have_count(1)
        expect(row.locator("td").nth(0)).to_be_visible()
        expect(row.locator("td")).to_have_text(
            [*cells, re.compile(rf"^{rate} "), per_yes, re.compile(r".")]
        )

    # The forecast, by default one more yes at 80%, from 2 yeses and 6 no's.
    one_more = asks_needed(1, YESES, REJECTIONS, 0.8)
    assert one_more is not None
    sentence = forecast_sentence(page)
    expect(sentence).to_be_visible()
    expect(sentence).to_have_text(f"About {one_more} more asks for 1 more yes (80% sure)")
    expect(page.locator("section.forecast p.meta")).to_contain_text(
        "Going by 2 yeses and 6 no's, all your history"
    )


def test_a_desktop_asks_the_forecast_for_two_yeses_at_90_percent(desktop: Page, live_server):
    seed()
    page = desktop
    person = Person(page, touch=False)
    person.log_in(live_server.url, "mia")

    # On a wide screen the sections are in the header itself.
    person.tap(page.locator("header .nav-links").get_by_role("link", name="Stats", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stats")

    panel = page.get_by_role("form", name="Change the forecast")
    person.type_into(panel.get_by_label("More yeses"), "2")
    person.choose(panel.get_by_label("Confidence"), "90%")
    person.tap(panel.get_by_role("button", name="Forecast"))

    two_more = asks_needed(2, YESES, REJECTIONS, 0.9)
    assert two_more is not None
    assert two_more != asks_needed(1, YESES, REJECTIONS, 0.8)
    expect(forecast_sentence(page)).to_have_text(
        f"About {two_more} more asks for 2 more yeses (90% sure)"
    )
    expect(forecast_sentence(page)).to_have_attribute("data-asks-needed", str(two_more))
    # The form keeps what was chosen, and the counts above still read the same history.
    expect(panel.get_by_label("More yeses")).to_have_value("2")
    expect(panel.get_by_label("Confidence")).to_have_value("0.9")
    expect(page.locator('[data-count="rejections"]')).to_have_text(str(REJECTIONS))
    expect(page.locator('[data-count="yeses"]')).to_have_text(str(YESES))
