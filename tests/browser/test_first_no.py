"""A newcomer on a phone gets from the front page to a first counted no in a few taps."""

import re

import pytest
from playwright.sync_api import Page, expect

from nomentum.web.celebrate import NO_MESSAGES

from .conftest import Person

pytestmark = pytest.mark.browser


def this_week(page: Page, count: str):
    card = page.locator("article.tally").filter(
        has=page.get_by_role("heading", name=re.compile(r"^This week"))
    )
    return card.locator(f'[data-count="{count}"]')


def test_a_newcomer_signs_up_logs_an_ask_and_counts_a_first_no(
    phone: Page, live_server, record_property
):
    base = live_server.url
    page = phone
    person = Person(page)

    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the no your goal.")
    person.tap(page.get_by_role("link", name="Start collecting no's"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Start collecting no's")
    person.type_into(page.get_by_label("Username"), "ada")
    person.type_into(page.get_by_label("Email"), "ada@example.com")
    person.type_into(page.get_by_label(re.compile(r"^Password:?$")), "night trains at dawn 42")
    person.tap(page.get_by_role("button", name="Sign up"))
    signed_up = person.seconds

    # Sign-up leads into the onboarding; this newcomer skips its three steps.
    expect(page).to_have_url(f"{base}/welcome")
    expect(page.get_by_role("status")).to_contain_text("Welcome to Nomentum.")
    for step in ["What do you ask for?", "Your first goal", "Log your first ask"]:
        expect(page.get_by_role("heading", level=1)).to_have_text(step)
        person.tap(page.get_by_role("link", name="Skip this step"))

    expect(page).to_have_url(f"{base}/")
    expect(this_week(page, "rejections")).to_have_text("0")
    expect(page.get_by_text("Nothing pending.")).to_be_visible()

    person.tap(page.get_by_role("link", name="+ Log an ask"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an ask")
    person.type_into(page.get_by_label("What did you ask for?"), "Pitch: night trains essay")
    person.type_into(page.get_by_label("Whom did you ask?"), "The Atlantic")
    person.tap(page.get_by_role("button", name="Log it"))

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("status")).to_contain_text("Logged: Pitch: night trains essay.")
    waiting = page.locator("section.waiting")
    expect(waiting.get_by_role("heading")).to_have_text("Waiting for an answer (1)")
    ask = waiting.get_by_role("listitem").filter(has_text="Pitch: night trains essay")
    expect(ask).to_contain_text("The Atlantic")
    expect(this_week(page, "asks")).to_have_text("1")
    expect(this_week(page, "rejections")).to_have_text("0")
    logged = person.seconds

    person.tap(ask.get_by_role("button", name="No for Pitch: night trains essay", exact=True))

    expect(page).to_have_url(f"{base}/")
    message = page.get_by_role("status")
    expect(message).to_be_visible()
    assert message.locator("p.message").first.inner_text().strip() in NO_MESSAGES
    expect(message.locator("p.milestone")).to_have_text(
        "Milestone: your first no! The hardest one is behind you."
    )
    expect(this_week(page, "rejections")).to_have_text("1")
    expect(this_week(page, "asks")).to_have_text("1")
    expect(this_week(page, "yeses")).to_have_text("0")
    expect(waiting.get_by_role("heading")).to_have_text("Waiting for an answer (0)")
    expect(waiting.get_by_text("Nothing pending.")).to_be_visible()

    # The cost of the first no, kept in the output (and a JUnit report) to watch over time.
    record_property("taps", person.taps)
    record_property("seconds", round(person.seconds, 2))
    print(
        f"\nfirst no on a phone: {person.taps} taps ({person.typed} characters typed), "
        f"{person.seconds:.1f} s in all: sign-up {signed_up:.1f} s, "
        f"logging the ask {logged - signed_up:.1f} s, answering {person.seconds - logged:.1f} s"
    )
