"""The profile page shows and saves the email choices: each kind on or off, the day and the hour."""

from nomentum.notify.models import Preferences
from tests.notify.conftest import prefer


def profile_data(**fields) -> dict:
    data = {
        "display_name": "",
        "email": "owner@example.com",
        "timezone": "Europe/Berlin",
        "silence_days": "30",
        "digest": "on",
        "digest_weekday": "0",
        "hour": "8",
        "reminders": "on",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def test_the_profile_shows_the_defaults_before_anyone_chose(owner, owner_client):
    html = owner_client.get("/accounts/profile").text
    assert "<legend>Email</legend>" in html
    assert 'name="digest" id="id_digest" checked' in html
    assert '<option value="0" selected>Monday</option>' in html
    assert '<option value="8" selected>08:00</option>' in html
    assert 'name="reminders" id="id_reminders" checked' in html
    assert not Preferences.objects.exists()  # showing writes nothing


def test_the_profile_saves_the_choices(owner, owner_client):
    response = owner_client.post(
        "/accounts/profile", profile_data(digest_weekday="4", hour="18", reminders=None)
    )
    assert response.status_code == 302
    preferences = Preferences.objects.get(user=owner)
    assert (preferences.digest, preferences.digest_weekday, preferences.hour) == (True, 4, 18)
    assert preferences.reminders is False
    html = owner_client.get("/accounts/profile").text
    assert '<option value="4" selected>Friday</option>' in html
    assert 'name="reminders" id="id_reminders" checked' not in html


def test_the_digest_can_be_switched_off_and_on(owner, owner_client):
    owner_client.post("/accounts/profile", profile_data(digest=None))
    assert Preferences.of(owner).digest is False
    owner_client.post("/accounts/profile", profile_data())
    assert Preferences.of(owner).digest is True


def test_a_form_without_the_day_and_hour_keeps_them(owner, owner_client):
    prefer(owner, digest_weekday=3, hour=21)
    owner_client.post("/accounts/profile", profile_data(digest_weekday=None, hour=None))
    preferences = Preferences.of(owner)
    assert (preferences.digest_weekday, preferences.hour) == (3, 21)


def test_an_hour_out_of_range_is_refused(owner, owner_client):
    response = owner_client.post("/accounts/profile", profile_data(hour="24"))
    assert response.status_code == 200
    assert 'id="id_hour_error"' in response.text
    assert not Preferences.objects.exists()


def test_another_user_s_choices_are_not_touched(owner, owner_client, outsider):
    prefer(outsider, digest_weekday=6)
    owner_client.post("/accounts/profile", profile_data(digest=None))
    assert Preferences.of(outsider).digest_weekday == 6
    assert Preferences.of(outsider).digest is True
