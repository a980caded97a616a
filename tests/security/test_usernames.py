"""One username, whatever its case: log-in on the page, the API and the admin finds the account
by it, sign-up and the admin refuse it again in another case, the database holds it, and the
log-in throttle counts every spelling as one; names starting with demo- are the demo's."""

import importlib
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from nomentum.accounts import migrations
from nomentum.accounts.models import ApiToken, User
from tests.conftest import PASSWORD, make_user

WRONG = "not the passphrase"
HOME = "10.0.0.1"
TOKENS = "/api/v1/auth/tokens"
MIGRATIONS = Path(migrations.__file__).parent


@pytest.fixture
def victim(db) -> User:
    return make_user("victim", email="victim@example.com")


def log_in(username: str, password: str = PASSWORD, client: Client | None = None):
    client = client or Client()
    return client.post("/login", {"username": username, "password": password}, REMOTE_ADDR=HOME)


def request_token(username: str, password: str = PASSWORD):
    body = {"username": username, "password": password}
    return Client().post(TOKENS, body, content_type="application/json", REMOTE_ADDR=HOME)


# Log-in


@pytest.mark.parametrize("typed", ["VICTIM", "Victim", "victim"])
def test_the_log_in_page_takes_the_username_in_any_case(victim, typed):
    client = Client()
    assert log_in(typed, client=client)["Location"] == "/"
    assert client.get("/api/v1/me").json()["username"] == "victim"


def test_the_token_endpoint_takes_the_username_in_any_case(victim):
    response = request_token("VICTIM")
    assert response.status_code == 201
    assert ApiToken.objects.get().user == victim


def test_a_wrong_password_is_still_wrong_in_any_case(victim):
    assert log_in("VICTIM", WRONG).status_code == 200
    assert request_token("VICTIM", WRONG).status_code == 401
    assert not ApiToken.objects.exists()


def test_the_admin_log_in_takes_the_username_in_any_case(db):
    User.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "BOSS", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# The throttle


def test_changing_the_case_does_not_escape_the_pause_on_the_page(victim):
    for typed in ("victim", "VICTIM", "Victim", "vICTIM"):
        assert log_in(typed, WRONG).status_code == 200
    assert log_in("ViCtIm", WRONG).status_code == 429
    assert log_in("victim").status_code == 429
    assert log_in("VICTIM").status_code == 429


def test_changing_the_case_does_not_escape_the_pause_on_the_api(victim):
    assert [request_token(typed, WRONG).status_code for typed in ("victim", "VICTIM")] == [401] * 2
    assert [request_token(typed, WRONG).status_code for typed in ("Victim", "vICTIM")] == [401] * 2
    assert request_token("VICTIm", WRONG).status_code == 429
    assert request_token("victim").status_code == 429
    assert not ApiToken.objects.exists()


def test_a_log_in_in_another_case_clears_the_failures(victim):
    for _ in range(4):
        log_in("victim", WRONG)
    assert log_in("VICTIM")["Location"] == "/"
    assert [log_in("victim", WRONG).status_code for _ in range(4)] == [200] * 4


# Sign-up and the admin


def signup_page(username: str, email: str = "new@example.com"):
    return Client().post(
        "/accounts/signup", {"username": username, "email": email, "password1": PASSWORD}
    )


def signup_api(username: str, email: str = "new@example.com"):
    body = {"username": username, "email": email, "password": PASSWORD}
    return Client().post("/api/v1/auth/signup", body, content_type="application/json")


def test_the_database_holds_one_account_per_name_in_any_case(victim):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="VICTIM", email="other@example.com")
    assert User.objects.count() == 1


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", PASSWORD))
    return client


def user_change_form(user: User, **fields) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "display_name": "",
        "timezone": user.timezone,
        "silence_days": user.silence_days,
        "is_active": "on",
        "date_joined_0": "2026-11-01",
        "date_joined_1": "12:00:00",
    }
    data.update(fields)
    return data


def test_the_admin_refuses_to_rename_a_user_to_a_name_taken_in_another_case(victim, admin_client):
    other = make_user("bystander")
    response = admin_client.post(
        f"/admin/accounts/user/{other.pk}/change/", user_change_form(other, username="Victim")
    )
    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    other.refresh_from_db()
    assert other.username == "bystander"


def test_the_admin_still_renames_a_user_to_another_case_of_their_own_name(victim, admin_client):
    response = admin_client.post(
        f"/admin/accounts/user/{victim.pk}/change/", user_change_form(victim, username="Victim")
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.username == "Victim"


# The demo's names


@pytest.mark.parametrize("username", ["demo-maya", "Demo-Maya", "DEMO-someone"])
def test_sign_up_on_the_page_refuses_a_demo_name(db, username):
    response = signup_page(username)
    assert response.status_code == 200
    assert "Usernames starting with demo- are kept for the demo group." in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("username", ["demo-maya", "Demo-Maya", "DEMO-someone"])
def test_sign_up_on_the_api_refuses_a_demo_name(db, username):
    response = signup_api(username)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "username: Usernames starting with demo- are kept for the demo group. "
        "Choose another."
    }
    assert not User.objects.exists()


def test_a_name_that_only_contains_demo_is_free(db):
    assert signup_page("ademo-fan", "fan@example.com").status_code == 302
    assert signup_api("my-demo-", "my@example.com").status_code == 201


# The migration


def rename_duplicates():
    """Return the migration's renaming step, whatever number the migration has."""
    (path,) = MIGRATIONS.glob("*_username_unique_in_any_case.py")
    return importlib.import_module(f"nomentum.accounts.migrations.{path.stem}").rename_duplicates


def test_the_migration_renames_later_accounts_whose_names_differ_only_in_case(db):
    # An existing database from before the constraint may hold such names: drop the index for
    # this test (its transaction puts it back) and see what the migration makes of them.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX accounts_user_username_lower_unique")
    first = make_user("owner")
    second = make_user("Owner", email="second@example.com")
    third = make_user("OWNER", email="third@example.com")
    taken = make_user("owner-2")
    untouched = make_user("someone")

    renamed = rename_duplicates()(User)

    names = dict(User.objects.values_list("pk", "username"))
    assert names[first.pk] == "owner"
    assert names[taken.pk] == "owner-2"
    assert names[untouched.pk] == "someone"
    assert names[second.pk] == "Owner-3"
    assert names[third.pk] == "OWNER-4"
    assert renamed == [(second.pk, "Owner", "Owner-3"), (third.pk, "OWNER", "OWNER-4")]
    assert len({name.lower() for name in names.values()}) == len(names)


def test_the_migration_leaves_a_database_without_duplicates_alone(victim):
    assert rename_duplicates()(User) == []
    assert list(User.objects.values_list("username", flat=True)) == ["victim"]
