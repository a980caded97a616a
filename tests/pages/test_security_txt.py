"""/.well-known/security.txt tells a finder where to report, as RFC 9116 asks."""

import datetime as dt

import time_machine
from django.test import Client, override_settings

NOW = dt.datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=dt.UTC)


def fields(response) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


@time_machine.travel(NOW, tick=False)
@override_settings(SITE_URL="https://nomentum.example.org")
def test_it_names_the_contact_and_expires_a_year_on(db):
    response = Client().get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert fields(response) == {
        # The default contact is the sender address of Nomentum's emails.
        "Contact": "mailto:nomentum@localhost",
        "Expires": "2027-11-26T09:30:15Z",
        "Preferred-Languages": "en",
        "Canonical": "https://nomentum.example.org/.well-known/security.txt",
    }


@override_settings(SECURITY_CONTACT="https://example.org/report")
def test_a_contact_address_on_the_web_is_given_as_it_is(db):
    assert fields(Client().get("/.well-known/security.txt"))["Contact"] == (
        "https://example.org/report"
    )
