"""Logging in at /login and out (by POST only) at /logout."""

from django.test import Client

from tests.conftest import PASSWORD, make_user


def test_it_shows_the_form(db):
    response = Client().get("/login")
    assert response.status_code == 200
    assert 'name="password"' in response.text
    assert 'href="/accounts/password/reset"' in response.text


def test_it_logs_a_user_in(db):
    make_user("ines")
    client = Client()
    response = client.post("/login", {"username": "ines", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Waiting for an answer" in client.get("/").text


def test_it_goes_on_to_the_next_page(db):
    make_user("ines")
    response = Client().post(
        "/login", {"username": "ines", "password": PASSWORD, "next": "/asks/new"}
    )
    assert response["Location"] == "/asks/new"


def test_it_refuses_a_wrong_password(db):
    make_user("ines")
    client = Client()
    response = client.post("/login", {"username": "ines", "password": "wrong password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.text
    assert "_auth_user_id" not in client.session


def test_it_sends_a_signed_in_user_home(owner_client):
    assert owner_client.get("/login")["Location"] == "/"


def test_it_logs_out_by_post(owner_client):
    response = owner_client.post("/logout")
    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert "_auth_user_id" not in owner_client.session
    assert owner_client.get("/asks/")["Location"] == "/login?next=/asks/"


def test_it_does_not_log_out_by_get(owner_client):
    assert owner_client.get("/logout").status_code == 405
    assert owner_client.get("/asks/").status_code == 200
