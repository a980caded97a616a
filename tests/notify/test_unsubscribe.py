"""The unsubscribe link works without logging in, only when signed, and switches off one kind."""

import datetime as dt

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client

from nomentum.notify import schedule, services
from nomentum.notify.models import Email, Kind, Preferences, Status
from tests.conftest import client_for, make_ask, make_user
from tests.notify.conftest import prefer, run_tasks

ONE_CLICK = "List-Unsubscribe=One-Click"


def link(user, kind: str) -> str:
    return f"/notify/unsubscribe/{services.unsubscribe_token(user, kind)}"


def choices(user) -> tuple[bool, int, int, bool]:
    preferences = Preferences.of(user)
    return (
        preferences.digest,
        preferences.digest_weekday,
        preferences.hour,
        preferences.reminders,
    )


@pytest.fixture
def anonymous() -> Client:
    return Client(enforce_csrf_checks=True)


def test_opening_the_link_asks_first_and_changes_nothing(owner, anonymous):
    prefer(owner, digest_weekday=4, hour=18)
    response = anonymous.get(link(owner, Kind.DIGEST))
    assert response.status_code == 200
    assert "Stop the weekly digest?" in response.text
    assert '<form method="post"' in response.text
    assert choices(owner) == (True, 4, 18, True)
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_confirming_switches_off_that_kind_and_nothing_else(owner, anonymous):
    prefer(owner, digest_weekday=4, hour=18)
    other = make_user("other")
    response = anonymous.post(link(owner, Kind.DIGEST))
    assert response.status_code == 200
    assert "No more weekly digest from Nomentum." in response.text
    assert choices(owner) == (False, 4, 18, True)
    assert choices(other) == (True, 0, 8, True)


def test_the_reminders_link_switches_off_reminders_only(owner, anonymous):
    anonymous.post(
        link(owner, Kind.REMINDER), ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )
    assert choices(owner) == (True, 0, 8, False)


def test_a_second_click_changes_nothing_more(owner, anonymous):
    anonymous.post(link(owner, Kind.DIGEST))
    assert anonymous.post(link(owner, Kind.DIGEST)).status_code == 200
    assert choices(owner) == (False, 0, 8, True)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: token.replace(token.split(":")[0], "WzIsImRpZ2VzdCJd"),  # user 2's payload
        lambda token: token.split(":")[0],  # no signature at all
        lambda token: "WzEsImRpZ2VzdCJd:" + "x" * 43,
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(owner, anonymous, tamper):
    other = make_user("other")
    token = services.unsubscribe_token(owner, Kind.DIGEST)
    for method in (anonymous.get, anonymous.post):
        response = method(f"/notify/unsubscribe/{tamper(token)}")
        assert response.status_code == 400
        assert "This link does not work" in response.text
    assert choices(owner) == choices(other) == (True, 0, 8, True)


def test_a_token_signed_for_something_else_is_refused(owner, anonymous):
    # Signed with the same key but another salt, or a value that is no (user, kind) pair.
    for token in (
        signing.Signer().sign_object([owner.pk, "digest"]),
        signing.Signer(salt="nomentum.notify.unsubscribe").sign_object([owner.pk, "everything"]),
        signing.Signer(salt="nomentum.notify.unsubscribe").sign_object({"u": owner.pk}),
    ):
        assert anonymous.post(f"/notify/unsubscribe/{token}").status_code == 400
    assert choices(owner) == (True, 0, 8, True)


def test_the_link_of_a_deleted_account_finds_nothing(owner, anonymous):
    url = link(owner, Kind.DIGEST)
    owner.delete()
    assert anonymous.post(url).status_code == 404


def test_a_digest_already_queued_is_skipped_after_unsubscribing(owner, anonymous):
    make_ask(owner, asked_on=dt.date(2026, 11, 2))
    with time_machine.travel(dt.datetime(2026, 11, 9, 8, 0, tzinfo=owner.zone), tick=False):
        schedule.tick()
        anonymous.post(link(owner, Kind.DIGEST))
        run_tasks()
    assert mail.outbox == []
    assert Email.objects.get().status == Status.SKIPPED


def test_the_profile_switches_it_back_on(owner, anonymous):
    anonymous.post(link(owner, Kind.DIGEST))
    html = client_for(owner).get("/accounts/profile").text
    assert 'name="digest"' in html and 'name="digest" id="id_digest" checked' not in html
