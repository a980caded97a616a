"""The apps above accounts hand it their part of a person's account: their sections of the export
and their step of the deletion, run in the deletion's transaction before the account goes."""

import pytest

from nomentum.accounts import services
from nomentum.accounts.models import User
from nomentum.accounts.services import Contribution, contribute
from nomentum.notify.models import Preferences
from tests.conftest import PASSWORD, everything, make_ask, make_group

SECTIONS = [
    "format",
    "version",
    "exported_at",
    "profile",
    "categories",
    "asks",
    "personal_challenges",
    "goals",
    "checkins",
    "memberships",
    "cheers_given",
]
ACCOUNTS_OWN = ["api_tokens", "calendar_feed", "more"]


@pytest.fixture
def registry(monkeypatch):
    """The contributions as the apps made them, given back after the test."""
    monkeypatch.setattr(services, "CONTRIBUTIONS", dict(services.CONTRIBUTIONS))


def test_the_export_keeps_its_sections_in_order(owner_client):
    assert list(owner_client.get("/accounts/export").json()) == SECTIONS + ACCOUNTS_OWN


def test_an_apps_sections_come_after_the_others(owner_client, registry):
    contribute("extra", Contribution(export=lambda user: {"extra": [user.username]}))

    data = owner_client.get("/accounts/export").json()

    assert list(data) == [*SECTIONS, "extra", *ACCOUNTS_OWN]
    assert data["extra"] == ["owner"]


def test_rows_an_app_exports_itself_are_not_exported_again(owner, owner_client, registry):
    Preferences.objects.create(user=owner, digest=False)
    assert "notify.Preferences" in owner_client.get("/accounts/export").json()["more"]

    contribute("extra", Contribution(export=lambda user: {}, covers={"notify.Preferences"}))

    assert "notify.Preferences" not in owner_client.get("/accounts/export").json()["more"]


def test_an_apps_step_runs_before_the_account_goes(owner, registry):
    found: list[bool] = []

    def goodbye(user: User) -> list[str]:
        found.append(User.objects.filter(pk=user.pk).exists())
        return ["said goodbye"]

    contribute("extra", Contribution(export=lambda user: {}, delete=goodbye))
    make_group(owner, name="Just me")

    assert services.delete_account(owner) == ["deleted Just me", "said goodbye"]
    assert found == [True]
    assert not User.objects.filter(pk=owner.pk).exists()


def test_a_failing_step_deletes_nothing(owner, owner_client, registry):
    def broken(user: User) -> list[str]:
        raise RuntimeError("the mail server is down")

    contribute("extra", Contribution(export=lambda user: {}, delete=broken))
    make_group(owner, name="Just me")
    make_ask(owner)
    before = everything()

    with pytest.raises(RuntimeError):
        owner_client.post("/accounts/delete", {"password": PASSWORD})

    assert everything() == before
    assert owner_client.get("/accounts/profile").status_code == 200
