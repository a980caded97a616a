"""The profile at /accounts/profile saves display name, time zone and silence rule."""

from django.test import Client

from tests.conftest import make_user


def profile_data(**fields) -> dict:
    data = {
        "display_name": "Owner O.",
        "email": "owner@example.com",
        "timezone": "America/Chicago",
        "silence_days": "45",
    }
    data.update(fields)
    return data


def test_it_shows_the_profile(owner_client):
    response = owner_client.get("/accounts/profile")
    assert response.status_code == 200
    assert '<option value="Europe/Berlin" selected>Europe/Berlin</option>' in response.text
    assert 'name="silence_days" value="30"' in response.text


def test_it_saves_the_profile(owner, owner_client):
    response = owner_client.post("/accounts/profile", profile_data(), follow=True)
    assert response.redirect_chain == [("/accounts/profile", 302)]
    assert "Profile saved." in response.text
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone, owner.silence_days) == (
        "Owner O.",
        "America/Chicago",
        45,
    )


def test_it_allows_silence_days_zero(owner, owner_client):
    owner_client.post("/accounts/profile", profile_data(silence_days="0"))
    owner.refresh_from_db()
    assert owner.silence_days == 0


def test_it_refuses_an_unknown_time_zone(owner, owner_client):
    response = owner_client.post("/accounts/profile", profile_data(timezone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert 'id="id_timezone_error">Select a valid choice.' in response.text
    owner.refresh_from_db()
    assert (owner.timezone, owner.display_name) == ("Europe/Berlin", "")


def test_it_refuses_negative_silence_days(owner, owner_client):
    response = owner_client.post("/accounts/profile", profile_data(silence_days="-1"))
    assert response.status_code == 200
    assert 'id="id_silence_days_error"' in response.text
    owner.refresh_from_db()
    assert owner.silence_days == 30


def test_it_refuses_more_than_a_year_of_silence(owner, owner_client):
    response = owner_client.post("/accounts/profile", profile_data(silence_days="366"))
    assert response.status_code == 200
    assert (
        'id="id_silence_days_error">Ensure this value is less than or equal to 365.'
        in response.text
    )
    owner.refresh_from_db()
    assert owner.silence_days == 30


def test_it_refuses_an_email_another_account_uses(owner, owner_client, outsider):
    response = owner_client.post("/accounts/profile", profile_data(email=outsider.email.upper()))
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.text
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_it_keeps_the_users_own_email(owner, owner_client):
    response = owner_client.post("/accounts/profile", profile_data(email="OWNER@example.com"))
    assert response.status_code == 302


def test_it_changes_only_the_users_own_profile(owner_client):
    other = make_user("other", timezone="Asia/Tokyo")
    owner_client.post("/accounts/profile", profile_data())
    other.refresh_from_db()
    assert other.timezone == "Asia/Tokyo"


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().post("/accounts/profile", profile_data())
    assert response["Location"] == "/login?next=/accounts/profile"
