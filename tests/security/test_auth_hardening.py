"""Authentication hardening: the 6th failed log-in is refused per username and address, on the
page and the API alike; password resets are throttled; sessions rotate, end and time out;
secrets are stored hashed; Argon2 hashes passwords in production."""

import datetime as dt
import importlib
import re

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from nomentum.accounts import throttle
from nomentum.accounts.models import ApiToken, CalendarToken, User
from tests.conftest import PASSWORD, make_user
from tests.notify.conftest import run_tasks

# 12:00 UTC starts a 30-minute window of the reset throttle (its windows follow the clock).
START = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)
WRONG = "not the passphrase"
NEW_PASSWORD = "another long passphrase 17"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
TOKENS = "/api/v1/auth/tokens"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ines(db) -> User:
    return make_user("ines", email="ines@example.com")


def log_in(client: Client, password: str, username: str = "ines", address: str = HOME):
    return client.post("/login", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return client.get("/asks/").status_code == 200


def fail(times: int, username: str = "ines", address: str = HOME) -> list[int]:
    return [log_in(Client(), WRONG, username, address).status_code for _ in range(times)]


def request_token(password: str, username: str = "ines", address: str = HOME):
    body = {"username": username, "password": password}
    return Client().post(TOKENS, body, content_type="application/json", REMOTE_ADDR=address)


# The log-in page


def test_the_fifth_wrong_password_pauses_and_the_sixth_attempt_is_refused(ines):
    assert fail(4) == [200, 200, 200, 200]
    fifth = log_in(Client(), WRONG)
    assert fifth.status_code == 429
    assert "Sign-in paused" in fifth.text
    assert "30 minutes" in fifth.text
    assert 'href="/accounts/password/reset"' in fifth.text

    client = Client()
    sixth = log_in(client, PASSWORD)
    assert sixth.status_code == 429
    assert "Sign-in paused" in sixth.text
    assert "_auth_user_id" not in client.session
    assert not signed_in(client)


def test_the_same_username_from_another_address_still_gets_in(ines):
    fail(5)
    client = Client()
    assert log_in(client, PASSWORD, address=ELSEWHERE)["Location"] == "/"
    assert signed_in(client)


def test_another_username_from_the_same_address_still_gets_in(ines):
    make_user("jo")
    fail(5)
    client = Client()
    assert log_in(client, PASSWORD, username="jo")["Location"] == "/"
    assert signed_in(client)


def test_the_pause_ends_after_thirty_minutes_and_refusals_do_not_prolong_it(ines, clock):
    fail(5)
    clock.shift(dt.timedelta(minutes=29))
    assert log_in(Client(), PASSWORD).status_code == 429
    clock.shift(dt.timedelta(minutes=2))
    client = Client()
    assert log_in(client, PASSWORD)["Location"] == "/"
    assert signed_in(client)


def test_failures_thirty_minutes_apart_do_not_add_up(ines, clock):
    fail(4)
    clock.shift(dt.timedelta(minutes=31))
    assert fail(4) == [200, 200, 200, 200]


def test_a_successful_log_in_clears_the_failures_from_that_address(ines):
    fail(4)
    assert log_in(Client(), PASSWORD).status_code == 302
    assert fail(4) == [200, 200, 200, 200]
    assert fail(1) == [429]


def test_a_forged_forwarded_header_does_not_escape_the_pause_without_a_proxy(ines):
    fail(5)
    response = Client().post(
        "/login",
        {"username": "ines", "password": PASSWORD},
        REMOTE_ADDR=HOME,
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert response.status_code == 429


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_the_pause_follows_the_forwarded_address(ines):
    proxy = "192.0.2.10"

    def through_proxy(password: str, forwarded: str):
        return Client().post(
            "/login",
            {"username": "ines", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # The client may write anything to the left; the proxy appends the address it saw.
    for n in range(5):
        through_proxy(WRONG, f"198.51.100.{n}, {HOME}")
    assert through_proxy(PASSWORD, f"198.51.100.99, {HOME}").status_code == 429
    # Everyone else behind the same proxy still gets in.
    assert through_proxy(PASSWORD, ELSEWHERE).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "203.0.113.5"),
        (0, "198.51.100.1", "203.0.113.5"),
        (1, "", "203.0.113.5"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 192.0.2.7", "198.51.100.1"),
        (2, "198.51.100.1", "198.51.100.1"),
        (1, "not an address", "203.0.113.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_as_many_hops_as_there_are_proxies(
    proxies, forwarded, expected
):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(PROXY_COUNT=proxies):
        assert throttle.client_ip(request) == expected


# The API's token endpoint


def test_the_token_endpoint_refuses_the_sixth_attempt_with_429(ines):
    assert [request_token(WRONG).status_code for _ in range(4)] == [401] * 4
    fifth = request_token(WRONG)
    assert fifth.status_code == 429
    sixth = request_token(PASSWORD)
    assert sixth.status_code == 429
    assert list(sixth.json()) == ["detail"]
    assert "paused" in sixth.json()["detail"]
    assert not ApiToken.objects.exists()


def test_the_token_endpoint_still_serves_another_address(ines):
    for _ in range(5):
        request_token(WRONG)
    response = request_token(PASSWORD, address=ELSEWHERE)
    assert response.status_code == 201
    assert ApiToken.objects.get().user == ines


def test_failures_on_the_page_and_the_api_count_together(ines):
    fail(3)
    request_token(WRONG)
    request_token(WRONG)
    assert request_token(PASSWORD).status_code == 429
    assert log_in(Client(), PASSWORD).status_code == 429


# Password reset


def ask_reset(email: str = "ines@example.com", address: str = HOME):
    return Client().post("/accounts/password/reset", {"email": email}, REMOTE_ADDR=address)


def sent() -> int:
    """Let a worker run the queued reset emails; return how many emails have left in all."""
    run_tasks()
    return len(mail.outbox)


def test_a_sixth_reset_for_one_email_from_one_address_is_refused(ines, clock):
    assert [ask_reset().status_code for _ in range(5)] == [302] * 5
    assert sent() == 5
    response = ask_reset("Ines@Example.com ")
    assert response.status_code == 429
    assert "Too many reset requests" in response.text
    assert 'name="email"' in response.text
    assert sent() == 5


def test_the_same_email_from_another_address_still_gets_its_link(ines, clock):
    for _ in range(6):
        ask_reset()
    assert ask_reset(address=ELSEWHERE).status_code == 302
    assert sent() == 6


def test_one_address_gets_twenty_resets_in_all(ines, clock):
    statuses = [ask_reset(f"nobody{n}@example.com").status_code for n in range(20)]
    assert statuses == [302] * 20
    assert ask_reset().status_code == 429
    assert sent() == 0
    assert ask_reset(address=ELSEWHERE).status_code == 302
    assert sent() == 1


def test_resets_are_allowed_again_after_thirty_minutes(ines, clock):
    for _ in range(6):
        ask_reset()
    clock.shift(dt.timedelta(minutes=30))
    assert ask_reset().status_code == 302
    assert sent() == 6


def complete_reset(client: Client) -> None:
    """Let a worker send the reset email, follow its link and choose NEW_PASSWORD."""
    run_tasks()
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", str(mail.outbox[-1].body))
    assert match
    form_url = client.get(match.group(1))["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/done"


def test_completing_a_reset_ends_every_session(ines):
    phone, laptop = Client(), Client()
    log_in(phone, PASSWORD)
    log_in(laptop, PASSWORD, address=ELSEWHERE)
    assert signed_in(phone) and signed_in(laptop)

    resetter = Client()
    resetter.post("/accounts/password/reset", {"email": "ines@example.com"})
    complete_reset(resetter)

    assert not signed_in(phone)
    assert not signed_in(laptop)
    assert not signed_in(resetter)


def test_completing_a_reset_ends_a_log_in_pause(ines):
    fail(5)
    resetter = Client()
    resetter.post("/accounts/password/reset", {"email": "ines@example.com"}, REMOTE_ADDR=HOME)
    complete_reset(resetter)
    client = Client()
    assert log_in(client, NEW_PASSWORD)["Location"] == "/"
    assert signed_in(client)


# Sessions


def session_key(client: Client) -> str:
    return client.cookies["sessionid"].value


def test_logging_in_rotates_the_session_key(ines):
    client = Client()
    session = client.session  # an anonymous session, as a visitor's browser would hold
    session["seen_landing"] = True
    session.save()
    before = session_key(client)

    log_in(client, PASSWORD)

    assert session_key(client) != before
    assert not Session.objects.filter(session_key=before).exists()
    assert signed_in(client)


def test_a_password_change_ends_other_sessions_and_rotates_this_one(ines):
    here, elsewhere = Client(), Client()
    log_in(here, PASSWORD)
    log_in(elsewhere, PASSWORD, address=ELSEWHERE)
    before = session_key(here)

    response = here.post(
        "/accounts/password/change",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password/change/done"

    assert session_key(here) != before
    assert not Session.objects.filter(session_key=before).exists()
    assert signed_in(here)
    assert elsewhere.get("/asks/")["Location"] == "/login?next=/asks/"


def test_a_session_idle_for_two_weeks_ends(ines, clock):
    client = Client()
    log_in(client, PASSWORD)
    clock.shift(dt.timedelta(days=13, hours=23))
    assert signed_in(client)
    clock.shift(dt.timedelta(days=14, minutes=1))
    assert client.get("/asks/")["Location"] == "/login?next=/asks/"


def test_a_session_ends_thirty_days_after_its_log_in_however_busy(ines, clock):
    client = Client()
    log_in(client, PASSWORD)
    for _ in range(29):
        clock.shift(dt.timedelta(days=1))
        assert signed_in(client)
    clock.shift(dt.timedelta(days=1, minutes=1))
    assert client.get("/asks/")["Location"] == "/login?next=/asks/"
    assert log_in(client, PASSWORD)["Location"] == "/"
    assert signed_in(client)


def test_reading_pages_writes_the_session_at_most_once_an_hour(ines, clock):
    client = Client()
    log_in(client, PASSWORD)

    def expires() -> dt.datetime:
        return Session.objects.get(session_key=session_key(client)).expire_date

    written = expires()
    for minutes in (10, 20, 30, 40, 50):
        clock.shift(dt.timedelta(minutes=10))
        assert signed_in(client)
        assert expires() == written, f"written again after {minutes} minutes"
    clock.shift(dt.timedelta(minutes=11))
    assert signed_in(client)
    assert expires() == written + dt.timedelta(minutes=61)


def test_a_bearer_token_is_not_a_session_and_does_not_time_out(ines, clock):
    token = request_token(PASSWORD).json()["token"]
    clock.shift(dt.timedelta(days=90))
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me")
    assert response.status_code == 200


# Secrets at rest


def test_api_tokens_made_on_the_page_are_stored_only_hashed(ines):
    client = Client()
    log_in(client, PASSWORD)
    page = client.post("/accounts/tokens", {"name": "phone"}).text
    match = re.search(r'id="new-token">([^<]+)<', page)
    assert match
    raw = match.group(1)
    row = ApiToken.objects.values().get()
    assert all(raw not in str(value) for value in row.values())
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 200


def test_calendar_tokens_are_stored_only_hashed(ines):
    raw = CalendarToken.issue(ines)
    row = CalendarToken.objects.values().get()
    assert all(raw not in str(value) for value in row.values())
    assert Client().get(f"/accounts/calendar/{raw}.ics").status_code == 200


def test_the_production_settings_hash_passwords_with_argon2(ines):
    # Tests swap in a fast hasher; the settings module itself keeps what production runs.
    production = importlib.import_module("nomentum.settings").PASSWORD_HASHERS
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production):
        assert make_password(PASSWORD).startswith("argon2$argon2id$")


# Confirming the password while signed in ------------------------------------------------


def test_the_current_password_gets_five_tries_when_changing_it(owner, owner_client):
    new = "another long passphrase 7"

    def change(old: str):
        return owner_client.post(
            "/accounts/password/change",
            {"old_password": old, "new_password1": new, "new_password2": new},
        )

    for _ in range(4):
        assert "Your old password was entered incorrectly." in change("guess").text
    assert "Too many wrong passwords" in change("guess").text
    # Paused: even the right password changes nothing until the window passes.
    assert "Too many wrong passwords" in change(PASSWORD).text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_the_password_gets_five_tries_when_deleting_the_account(owner, owner_client):
    for _ in range(5):
        owner_client.post("/accounts/delete", {"password": "guess"})
    response = owner_client.post("/accounts/delete", {"password": PASSWORD})
    assert "Too many wrong passwords" in response.text
    assert "Nothing was deleted." in response.text
    assert User.objects.filter(pk=owner.pk).exists()


def test_a_right_password_within_the_tries_still_works(owner, owner_client):
    for _ in range(4):
        owner_client.post("/accounts/delete", {"password": "guess"})
    owner_client.post("/accounts/delete", {"password": PASSWORD})
    assert not User.objects.filter(pk=owner.pk).exists()
