"""Recovering an account takes back what the old password could hand out: a reset (and a change
with its box checked) revokes every API token and changes the calendar address, and says so.
The reset email leaves through the task queue, the same request whether or not the address has
an account."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from nomentum.accounts.models import ApiToken, CalendarToken, User
from tests.conftest import PASSWORD, make_user
from tests.notify.conftest import run_tasks

NEW_PASSWORD = "another long passphrase 17"
RESET = "/accounts/password/reset"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+)")
FEED = re.compile(r'value="https?://[^/"]+(/accounts/calendar/[\w-]+\.ics)"')


@pytest.fixture
def victim(db) -> User:
    return make_user("victim", email="victim@example.com")


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def token_from_the_api(username: str = "victim") -> str:
    """Mint a token the way someone who knows the password would."""
    body = {"username": username, "password": PASSWORD}
    response = Client().post("/api/v1/auth/tokens", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["token"]


def feed_path(raw: str) -> str:
    return f"/accounts/calendar/{raw}.ics"


def reset_password(client: Client, email: str = "victim@example.com"):
    """Ask for a reset, let a worker send it, follow the link and choose NEW_PASSWORD; return
    the page the browser lands on."""
    client.post(RESET, {"email": email})
    run_tasks()
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    form_url = client.get(match.group(1))["Location"]
    return client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )


def change_password(client: Client, **fields):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    data.update(fields)
    return client.post("/accounts/password/change", data, follow=True)


def signed_in_as(user: User) -> Client:
    client = Client()
    response = client.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


# A reset


def test_after_a_reset_an_old_api_token_is_refused(victim):
    minted = token_from_the_api()
    _, made_on_the_page = ApiToken.issue(victim, "phone")
    assert bearer(minted).get("/api/v1/me").status_code == 200

    reset_password(Client())

    assert bearer(minted).get("/api/v1/me").status_code == 401
    assert bearer(made_on_the_page).get("/api/v1/me").status_code == 401
    assert not ApiToken.objects.filter(user=victim).exists()


def test_after_a_reset_the_old_calendar_address_is_gone_and_the_new_one_works(victim):
    old = CalendarToken.issue(victim)
    assert Client().get(feed_path(old)).status_code == 200

    page = reset_password(Client())

    assert Client().get(feed_path(old)).status_code == 404
    match = FEED.search(page.text)
    assert match, page.text
    assert match.group(1) != feed_path(old)
    response = Client().get(match.group(1))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_reset_done_page_says_what_was_revoked(victim):
    token_from_the_api()
    ApiToken.issue(victim, "phone")
    CalendarToken.issue(victim)

    page = reset_password(Client())

    assert page.redirect_chain[-1][0] == "/accounts/password/reset/done"
    assert "2 API tokens were revoked" in page.text
    assert "Your calendar address changed" in page.text
    assert "calendar apps need the new one" in page.text


def test_the_reset_done_page_says_so_when_there_was_nothing_to_revoke(victim):
    page = reset_password(Client())
    assert "You had no API tokens." in page.text
    assert "You had no calendar feed" in page.text
    assert not FEED.search(page.text)
    assert not CalendarToken.objects.filter(user=victim).exists()


def test_the_new_calendar_address_is_shown_once(victim):
    CalendarToken.issue(victim)
    client = Client()
    page = reset_password(client)
    match = FEED.search(page.text)
    assert match

    again = client.get("/accounts/password/reset/done")
    assert again.status_code == 200
    assert not FEED.search(again.text)
    assert Client().get(match.group(1)).status_code == 200


def test_a_reset_leaves_other_peoples_tokens_and_feeds_alone(victim):
    other = make_user("bystander")
    _, theirs = ApiToken.issue(other)
    their_feed = CalendarToken.issue(other)
    ApiToken.issue(victim)

    reset_password(Client())

    assert bearer(theirs).get("/api/v1/me").status_code == 200
    assert Client().get(feed_path(their_feed)).status_code == 200


# A change


def test_the_change_form_offers_to_revoke_with_the_box_checked(victim):
    html = signed_in_as(victim).get("/accounts/password/change").text
    box = re.search(r'<input type="checkbox" name="revoke_access"[^>]*>', html)
    assert box, html
    assert "checked" in box.group(0)
    assert "Also sign out API tokens and change my calendar address" in html


def test_a_change_with_the_box_checked_revokes_tokens_and_changes_the_calendar_address(victim):
    minted = token_from_the_api()
    old = CalendarToken.issue(victim)
    client = signed_in_as(victim)

    page = change_password(client, revoke_access="on")

    assert page.redirect_chain[-1][0] == "/accounts/password/change/done"
    assert "1 API token was revoked" in page.text
    assert "Your calendar address changed" in page.text
    assert bearer(minted).get("/api/v1/me").status_code == 401
    assert Client().get(feed_path(old)).status_code == 404
    match = FEED.search(page.text)
    assert match, page.text
    assert Client().get(match.group(1)).status_code == 200
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)


def test_a_change_with_the_box_unchecked_keeps_tokens_and_the_calendar_address(victim):
    minted = token_from_the_api()
    old = CalendarToken.issue(victim)
    client = signed_in_as(victim)

    page = change_password(client)

    assert page.redirect_chain[-1][0] == "/accounts/password/change/done"
    assert "Your API tokens and calendar address still work" in page.text
    assert bearer(minted).get("/api/v1/me").status_code == 200
    assert Client().get(feed_path(old)).status_code == 200
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)


def test_a_refused_change_revokes_nothing(victim):
    minted = token_from_the_api()
    old = CalendarToken.issue(victim)
    client = signed_in_as(victim)

    page = change_password(client, old_password="not the passphrase", revoke_access="on")

    assert "Your old password was entered incorrectly." in page.text
    assert bearer(minted).get("/api/v1/me").status_code == 200
    assert Client().get(feed_path(old)).status_code == 200


# The reset email


def ask_reset(email: str):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR="10.0.0.7")


def answer(response) -> tuple:
    return (
        response.status_code,
        sorted(response.headers.items()),
        response.content,
        response.cookies.output(),
    )


def test_an_address_with_an_account_and_one_without_get_the_same_answer_and_one_task_each(victim):
    known = ask_reset("victim@example.com")
    assert DBTaskResult.objects.count() == 1
    unknown = ask_reset("nobody@example.com")
    assert DBTaskResult.objects.count() == 2

    assert known.status_code == 302
    assert known["Location"] == "/accounts/password/reset/sent"
    assert answer(known) == answer(unknown)
    # Nothing left during either request: a worker sends it.
    assert mail.outbox == []


def test_running_the_tasks_sends_the_link_to_the_account_only(victim):
    ask_reset("victim@example.com")
    ask_reset("nobody@example.com")

    assert run_tasks() == 2

    assert [message.to for message in mail.outbox] == [["victim@example.com"]]
    assert mail.outbox[0].subject == "Reset your Nomentum password"


def test_the_link_in_the_email_starts_with_the_sites_address(victim, settings):
    settings.SITE_URL = "https://nomentum.example.org"
    ask_reset("Victim@Example.com")
    run_tasks()
    body = str(mail.outbox[0].body)
    assert re.search(r"https://nomentum\.example\.org/accounts/password/reset/\S+/\S+", body)
    assert '"victim"' in body


def test_an_account_without_a_usable_password_gets_no_email(victim):
    victim.set_unusable_password()
    victim.save()
    ask_reset("victim@example.com")
    assert run_tasks() == 1
    assert mail.outbox == []


def test_a_demo_account_gets_no_reset_email_even_with_an_address(victim):
    User.objects.filter(pk=victim.pk).update(is_demo=True)
    ask_reset("victim@example.com")
    assert run_tasks() == 1
    assert mail.outbox == []
