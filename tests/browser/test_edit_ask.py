"""Someone with an account logs in on a phone, corrects an ask, then deletes it."""

import pytest
from playwright.sync_api import Page, expect

from nomentum.asks.models import Ask
from tests.conftest import make_ask, make_user

from .conftest import Person

pytestmark = pytest.mark.browser


def test_a_member_edits_an_ask_and_deletes_it(phone: Page, live_server):
    base = live_server.url
    page = phone
    grace = make_user("grace")
    ask = make_ask(
        grace, title="Pitch: sleeper trains", recipient="Harpers", asked_on=grace.today()
    )
    person = Person(page)

    person.log_in(base, "grace")
    ask_link = page.locator("section.waiting").get_by_role("link", name="Pitch: sleeper trains")
    expect(ask_link).to_be_visible()
    person.tap(ask_link)

    expect(page).to_have_url(f"{base}/asks/{ask.pk}/edit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit ask")
    title = page.get_by_label("What did you ask for?")
    expect(title).to_have_value("Pitch: sleeper trains")
    person.type_into(title, "Pitch: night trains essay")
    person.type_into(page.get_by_label("Whom did you ask?"), "Harper's Magazine")
    person.tap(page.get_by_role("button", name="Save"))

    expect(page).to_have_url(f"{base}/asks/")
    expect(page.get_by_role("status").first).to_contain_text("Saved.")
    item = page.locator("ul.asks > li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Pitch: night trains essay")
    expect(item).to_contain_text("Harper's Magazine")
    expect(page.get_by_text("Pitch: sleeper trains")).to_have_count(0)
    ask.refresh_from_db()
    assert (ask.title, ask.recipient) == ("Pitch: night trains essay", "Harper's Magazine")

    person.tap(item.get_by_role("link", name="Pitch: night trains essay"))
    person.tap(page.get_by_role("link", name="Delete"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Pitch: night trains essay”?")
    person.tap(page.get_by_role("button", name="Delete it"))

    expect(page).to_have_url(f"{base}/asks/")
    expect(page.get_by_role("status").first).to_contain_text("Deleted: Pitch: night trains essay.")
    expect(page.locator("p.count")).to_have_text("0 asks.")
    expect(page.get_by_text("No asks yet.")).to_be_visible()
    assert not Ask.objects.filter(user=grace).exists()
