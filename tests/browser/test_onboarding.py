"""A newcomer on a phone goes from the landing page through the onboarding to a first logged ask.

Taps are counted as a person makes them, a tap into each field before typing
included (see Person). Sign-up alone costs six (the link, four fields, the
button); the three onboarding steps cost one, one and three.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nomentum.asks.models import Category

from .conftest import Person

pytestmark = pytest.mark.browser

# The promise: from the landing page to a first ask in under 10 taps and a minute.
# Counted honestly: every link and button, and every field the cursor is not already in
# (sign-up: the link, email, password, the button; one tap a step; the ask: recipient, Log it).
MAX_TAPS = 9
MAX_SECONDS = 60


def test_a_newcomer_signs_up_and_logs_a_first_ask_through_the_onboarding(
    phone: Page, live_server, record_property
):
    base = live_server.url
    page = phone
    person = Person(page)

    page.goto(f"{base}/")
    person.tap(page.get_by_role("link", name="Start collecting no's"))
    person.type_into(page.get_by_label("Username"), "ada")
    person.type_into(page.get_by_label("Email"), "ada@example.com")
    person.type_into(page.get_by_label(re.compile(r"^Password:?$")), "night trains at dawn 42")
    person.tap(page.get_by_role("button", name="Sign up"))
    signed_up = person.seconds

    # Step 1: one tap on what they ask for.
    expect(page).to_have_url(f"{base}/welcome")
    expect(page.get_by_role("status")).to_contain_text("Welcome to Nomentum.")
    expect(page.get_by_role("heading", level=1)).to_have_text("What do you ask for?")
    for kind in ["Pitches", "Jobs", "Grants", "Funding", "Dates", "Other"]:
        expect(page.get_by_role("button", name=kind, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Skip this step")).to_be_visible()
    person.tap(page.get_by_role("button", name="Pitches", exact=True))

    # Step 2: the goal comes filled in; one tap accepts it.
    month = timezone.localdate().strftime("%B")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your first goal")
    expect(page.get_by_label("Name")).to_have_value(f"My {month} of NO")
    expect(page.get_by_label("No's to collect by the end of the month")).to_have_value("12")
    person.tap(page.get_by_role("button", name="Start my challenge"))

    # Step 3: the short log form, with the category picked in step 1.
    expect(page.get_by_role("status")).to_contain_text(f"My {month} of NO: 12 no's to collect")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log your first ask")
    expect(page.get_by_label("Category")).to_have_value(
        str(Category.objects.get(user__username="ada", slug="pitch").pk)
    )
    person.type_into(page.get_by_label("What did you ask for?"), "Pitch: night trains essay")
    person.type_into(page.get_by_label("Whom did you ask?"), "The Atlantic")
    person.tap(page.get_by_role("button", name="Log it"))

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("status")).to_contain_text("Logged: Pitch: night trains essay.")
    waiting = page.locator("section.waiting")
    expect(waiting.get_by_role("heading")).to_have_text("Waiting for an answer (1)")
    ask = waiting.get_by_role("listitem").filter(has_text="Pitch: night trains essay")
    expect(ask).to_contain_text("The Atlantic")
    card = page.locator("li.challenge-card")
    expect(card.get_by_role("link")).to_have_text(f"My {month} of NO")
    expect(card.locator('[data-count="challenge-target"]')).to_have_text("12")
    expect(card.locator('[data-count="challenge-rejections"]')).to_have_text("0")

    # Coming back to the onboarding now only leads home.
    page.goto(f"{base}/welcome")
    expect(page).to_have_url(f"{base}/")

    record_property("taps", person.taps)
    record_property("seconds", round(person.seconds, 2))
    print(
        f"\nonboarding on a phone: {person.taps} taps ({person.typed} characters typed), "
        f"{person.seconds:.1f} s in all: sign-up {signed_up:.1f} s, "
        f"onboarding {person.seconds - signed_up:.1f} s"
    )
    assert person.taps <= MAX_TAPS
    assert person.seconds < MAX_SECONDS
