"""POST /api/v1/auth/signup creates an account by the sign-up page's rules, or nothing at all."""

import pytest
from django.test import Client

from nomentum.accounts.models import User
from tests.conftest import PASSWORD

URL = "/api/v1/auth/signup"


def signup(**fields):
    body = {"username": "newbie", "email": "newbie@example.com", "password": PASSWORD}
    body.update(fields)
    return Client().post(URL, body, content_type="application/json")


def assert_refused(response, status: int, field: str) -> None:
    assert response.status_code == status
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail.startswith(f"{field}: ")
    assert not User.objects.filter(username="newbie").exists()


def test_it_creates_an_account(db):
    response = signup()
    assert response.status_code == 201
    user = User.objects.get(username="newbie")
    assert response.json() == {"id": user.pk, "username": "newbie"}
    assert user.email == "newbie@example.com"
    assert user.check_password(PASSWORD)


def test_the_new_account_can_get_a_token(db):
    signup()
    response = Client().post(
        "/api/v1/auth/tokens",
        {"username": "newbie", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_it_refuses_a_username_that_is_taken(owner):
    response = signup(username="owner")
    assert_refused(response, 422, "username")
    assert User.objects.count() == 1


def test_it_refuses_an_email_that_is_taken_in_any_case(owner):
    response = signup(email="OWNER@example.com")
    assert_refused(response, 422, "email")


def test_it_refuses_an_invalid_email(db):
    assert_refused(signup(email="not an address"), 422, "email")


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("x7!k", id="too short"),
        pytest.param("password123", id="too common"),
        pytest.param("4815162342108", id="all digits"),
        pytest.param("newbie-1", id="like the username"),
    ],
)
def test_it_refuses_a_weak_password(db, password):
    assert_refused(signup(password=password), 422, "password")


def test_it_refuses_a_missing_field(db):
    response = Client().post(
        URL, {"username": "newbie", "password": PASSWORD}, content_type="application/json"
    )
    assert_refused(response, 422, "email")


def test_it_refuses_everyone_when_signup_is_closed(db, settings):
    settings.OPEN_SIGNUP = False
    response = signup()
    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)
    assert not User.objects.exists()


def test_it_needs_no_login(owner):
    # An existing session or token is irrelevant: sign-up is for newcomers.
    response = signup()
    assert response.status_code == 201
