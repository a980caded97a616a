"""On a phone, an overdue ask on the home page is one tap from a no response or a snooze."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from nomentum.asks.models import Ask, Outcome
from tests.conftest import make_ask, make_user

from .conftest import Person

pytestmark = pytest.mark.browser


def test_an_overdue_ask_is_one_tap_from_a_no_response(phone: Page, live_server):
    owner = make_user("ada")
    today = owner.today()
    silent = make_ask(owner, title="Essay to Granta", recipient="Granta",
                      asked_on=today - dt.timedelta(days=40))  # fmt: skip
    other = make_ask(owner, title="Grant for a residency", asked_on=today - dt.timedelta(days=35))
    page = phone
    person = Person(page)
    person.log_in(live_server.url, "ada")

    overdue = page.locator("section.overdue")
    expect(overdue.get_by_role("heading", name="Overdue")).to_be_visible()
    person.tap(overdue.get_by_role("button", name="Count as no response for Essay to Granta"))

    expect(page.get_by_role("status")).to_contain_text("No response, counted as a no.")
    expect(overdue.get_by_text("Essay to Granta")).to_have_count(0)
    silent.refresh_from_db()
    assert (silent.outcome, silent.decided_on) == (
        Outcome.NO_RESPONSE,
        silent.asked_on + dt.timedelta(days=30),
    )
    assert person.taps == 3  # password and "Log in" (the cursor starts in the username), then one

    person.tap(overdue.get_by_role("button", name="Snooze a week for Grant for a residency"))
    expect(page.get_by_role("status")).to_contain_text("Snoozed until")
    expect(page.locator("section.overdue")).to_have_count(0)
    assert Ask.objects.get(pk=other.pk).snoozed_until == today + dt.timedelta(days=7)
