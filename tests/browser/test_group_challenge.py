"""A group challenge end to end: create, invite, join on a phone, a no on the board, a cheer."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.conftest import make_user

from .conftest import PHONE, Person

pytestmark = pytest.mark.browser


def test_an_organizer_sees_a_new_members_no_on_the_board_and_cheers_it(
    chromium: Browser, desktop: Page, live_server
):
    base = live_server.url
    make_user("june", display_name="June")
    today = timezone.localdate()
    organizer = Person(desktop, touch=False)
    page = desktop

    organizer.log_in(base, "june")
    organizer.tap(page.get_by_role("link", name="Groups"))
    organizer.type_into(page.get_by_label("Group name"), "November of NO")
    organizer.tap(page.get_by_role("button", name="Create the group"))
    expect(page.get_by_role("heading", level=1)).to_have_text("November of NO")

    organizer.tap(page.get_by_role("link", name="+ New challenge"))
    organizer.type_into(page.get_by_label("Name"), "Thirty days of no")
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Ends on (inclusive)").fill((today + dt.timedelta(days=29)).isoformat())
    organizer.tap(page.get_by_role("button", name="Create the challenge"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thirty days of no")
    board_url = page.url

    page.goto(board_url.split("/challenges/")[0] + "/groups/")
    organizer.tap(page.get_by_role("link", name="November of NO"))
    organizer.tap(page.get_by_role("button", name="New invite link"))
    invite_url = page.locator("input.invite-url").first.input_value()
    assert "/join/" in invite_url

    # The second person, on a phone, knows nothing but the link.
    phone_context = chromium.new_context(**PHONE)
    try:
        phone = phone_context.new_page()
        newcomer = Person(phone)
        phone.goto(invite_url)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Join November of NO")
        newcomer.tap(phone.locator("#main").get_by_role("link", name="Sign up"))
        newcomer.type_into(phone.get_by_label("Username"), "ravi")
        newcomer.type_into(phone.get_by_label("Email"), "ravi@example.com")
        phone.get_by_label("Password", exact=True).fill("a long enough passphrase 42")
        newcomer.tap(phone.get_by_role("button", name="Sign up"))
        # Back on the invite, now as a signed-in person.
        expect(phone.get_by_role("button", name="Join November of NO")).to_be_visible()
        newcomer.tap(phone.get_by_role("button", name="Join November of NO"))
        expect(phone.get_by_role("heading", level=1)).to_have_text("November of NO")

        newcomer.tap(phone.get_by_role("link", name="+ Log an ask"))
        newcomer.type_into(phone.get_by_label("What did you ask for?"), "Grant: city arts fund")
        newcomer.tap(phone.get_by_role("button", name="Log it"))
        newcomer.tap(phone.get_by_role("button", name="No for Grant: city arts fund", exact=True))
        expect(phone.get_by_role("status")).to_be_visible()
        print(f"\njoin and first no on a phone: {newcomer.taps} taps, {newcomer.seconds:.1f} s")
    finally:
        phone_context.close()

    page.goto(board_url)
    ravi = page.locator('[data-member="ravi"]')
    expect(ravi.locator('[data-count="rejections"]')).to_have_text("1")
    expect(page.locator('[data-total="rejections"]')).to_have_text("1")
    expect(page.locator('[data-total="members"]')).to_have_text("2")

    page.goto(board_url.split("/challenges/")[0] + "/groups/")
    organizer.tap(page.get_by_role("link", name="November of NO"))
    cheer = page.locator("#feed").get_by_role("button", name="Cheer")
    expect(cheer).to_have_count(1)
    organizer.tap(cheer)
    cheered = page.locator("#feed").get_by_role("button", name="Cheered")
    expect(cheered).to_have_attribute("aria-pressed", "true")
    expect(cheered.locator(".cheer-count")).to_have_text("1")
