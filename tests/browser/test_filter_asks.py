"""On a desktop, the ask list filters by outcome as counted, silent asks included."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import make_ask, make_user

from .conftest import Person

pytestmark = pytest.mark.browser


def titles(page: Page) -> Locator:
    return page.locator("ul.asks .ask-title")


def test_the_ask_list_filters_by_outcome(desktop: Page, live_server):
    base = live_server.url
    page = desktop
    lin = make_user("lin")
    today = lin.today()
    make_ask(lin, title="Pitch: ferry essay", recipient="Wired", outcome="no", asked_on=today)
    make_ask(lin, title="Grant: travel fund", outcome="no", asked_on=today - dt.timedelta(days=3))
    make_ask(lin, title="Pitch: rail column", recipient="Slate", outcome="yes", asked_on=today)
    make_ask(lin, title="Pitch: canal piece", recipient="Vox", asked_on=today)
    # Past the 30-day silence rule: still pending in the table, a no response when counted.
    make_ask(lin, title="Job: copy editor", asked_on=today - dt.timedelta(days=45))
    make_ask(lin, title="Pitch: tram story", outcome="withdrawn", asked_on=today)
    person = Person(page, touch=False)

    person.log_in(base, "lin")
    person.tap(page.get_by_role("navigation", name="Main").get_by_role("link", name="Asks"))
    expect(page.locator("p.count")).to_have_text("6 asks.")

    person.tap(page.get_by_text("Filter", exact=True))
    person.choose(page.get_by_label("Outcome"), "No")
    person.tap(page.get_by_role("button", name="Apply"))
    expect(page).to_have_url(re.compile(r"/asks/\?(.*&)?outcome=no(&|$)"))
    expect(page.locator("p.count")).to_have_text("2 asks match.")
    expect(titles(page)).to_have_text(["Pitch: ferry essay", "Grant: travel fund"])
    expect(page.locator("ul.asks .badge")).to_have_text(["No", "No"])
    # The form stays open and remembers the choice, so the next filter is one change away.
    expect(page.get_by_label("Outcome")).to_have_value("no")

    person.choose(page.get_by_label("Outcome"), "No response")
    person.tap(page.get_by_role("button", name="Apply"))
    expect(page.locator("p.count")).to_have_text("1 ask matches.")
    expect(titles(page)).to_have_text(["Job: copy editor"])
    expect(page.locator("ul.asks .badge")).to_have_text("No response (silent)")

    person.choose(page.get_by_label("Outcome"), "Pending")
    person.tap(page.get_by_role("button", name="Apply"))
    expect(page.locator("p.count")).to_have_text("1 ask matches.")
    expect(titles(page)).to_have_text(["Pitch: canal piece"])
    expect(page.get_by_role("button", name="Yes for Pitch: canal piece")).to_be_visible()

    person.choose(page.get_by_label("Outcome"), "Yes")
    person.tap(page.get_by_role("button", name="Apply"))
    expect(titles(page)).to_have_text(["Pitch: rail column"])

    person.tap(page.get_by_role("link", name="Clear"))
    expect(page).to_have_url(f"{base}/asks/")
    expect(page.locator("p.count")).to_have_text("6 asks.")
