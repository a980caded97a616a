"""Passwords: hashed with Argon2, checked by Django's validators, changed and reset."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils.module_loading import import_string

from nomentum import settings as project_settings
from nomentum.accounts.models import User
from tests.conftest import PASSWORD, make_user
from tests.notify.conftest import run_tasks

NEW_PASSWORD = "another long passphrase 17"


@pytest.fixture(autouse=True)
def site_url(settings):
    # Reset links lead to the site's address, as the emails leave without a request.
    settings.SITE_URL = "http://testserver"


def test_the_real_settings_hash_passwords_with_argon2():
    first = project_settings.PASSWORD_HASHERS[0]
    assert first == "django.contrib.auth.hashers.Argon2PasswordHasher"

    class CheapArgon2(import_string(first)):  # type: ignore[misc]
        # The real cost takes half a second; the test only needs the library to work.
        memory_cost = 8
        time_cost = 1
        parallelism = 1

    hasher = CheapArgon2()
    encoded = hasher.encode(PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify(PASSWORD, encoded)


def change_data(**fields) -> dict:
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    data.update(fields)
    return data


def test_it_changes_the_password_and_keeps_the_session(owner, owner_client):
    response = owner_client.post("/accounts/password/change", change_data())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/done"
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    # update_session_auth_hash: this session lives on, other sessions end.
    assert owner_client.get("/asks/").status_code == 200


def test_it_logs_out_other_sessions_on_a_password_change(owner, owner_client):
    other = Client()
    other.post("/login", {"username": "owner", "password": PASSWORD})
    assert other.get("/asks/").status_code == 200
    owner_client.post("/accounts/password/change", change_data())
    assert other.get("/asks/")["Location"] == "/login?next=/asks/"


def test_it_refuses_a_wrong_old_password(owner, owner_client):
    response = owner_client.post(
        "/accounts/password/change", change_data(old_password="not it at all")
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_it_refuses_a_common_new_password(owner, owner_client):
    response = owner_client.post(
        "/accounts/password/change", change_data(new_password1="password", new_password2="password")
    )
    assert "This password is too common." in response.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().get("/accounts/password/change")
    assert response["Location"] == "/login?next=/accounts/password/change"


def test_a_reset_link_by_email_sets_a_new_password(db):
    make_user("ines", email="ines@example.com")
    client = Client()

    response = client.post("/accounts/password/reset", {"email": "ines@example.com"})
    assert response["Location"] == "/accounts/password/reset/sent"
    assert mail.outbox == []
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ines@example.com"]
    assert email.subject == "Reset your Nomentum password"
    match = re.search(r"http://testserver(/accounts/password/reset/\S+)", str(email.body))
    assert match

    response = client.get(match.group(1), follow=True)
    assert "Choose a new password" in response.text
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/done"

    response = Client().post("/login", {"username": "ines", "password": NEW_PASSWORD})
    assert response["Location"] == "/"
    assert User.objects.get(username="ines").check_password(NEW_PASSWORD)


def test_a_reset_link_works_only_once(db):
    make_user("ines", email="ines@example.com")
    client = Client()
    client.post("/accounts/password/reset", {"email": "ines@example.com"})
    run_tasks()
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[0].body))
    assert link
    form_url = client.get(link.group(1))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = Client().get(link.group(1), follow=True)
    assert "This link has expired" in response.text


def test_a_reset_for_an_unknown_email_sends_nothing_and_says_the_same(db):
    response = Client().post("/accounts/password/reset", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password/reset/sent"
    assert run_tasks() == 1
    assert mail.outbox == []
