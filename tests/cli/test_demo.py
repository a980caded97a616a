"""`nomentum demo` loads "November of NO" once, marked as demo data; a second run adds nothing."""

import datetime as dt
import sqlite3

import pytest
from django.core.exceptions import ValidationError

from nomentum.accounts.forms import check_username_free
from nomentum.accounts.models import DEMO_PREFIX, User
from nomentum.asks.models import Ask
from nomentum.challenges.models import Challenge, CheckIn, Cheer, Goal, Group, Membership, Role
from nomentum.web.demo_data import load_demo
from tests.cli.conftest import PASSWORD, nomentum, ok, rows, tables


def counts(data_dir) -> dict[str, int]:
    database = data_dir / "nomentum.sqlite3"
    return {table: len(rows(database, table)) for table in tables(database)}


def test_running_it_twice_gives_the_same_rows(data_dir):
    first = ok(nomentum(data_dir, "demo"))
    assert first.startswith("Loaded the demo group 'November of NO'")
    after_one = counts(data_dir)
    second = ok(nomentum(data_dir, "demo"))
    assert second.startswith("Already loaded; nothing added")
    assert counts(data_dir) == after_one
    assert after_one["accounts_user"] == 15
    assert after_one["challenges_membership"] == 15
    assert after_one["challenges_group"] == 1
    assert after_one["asks_ask"] > 150


def test_a_password_lets_the_demo_users_log_in(data_dir):
    ok(nomentum(data_dir, "demo"))
    with sqlite3.connect(data_dir / "nomentum.sqlite3") as db:
        before = dict(db.execute("SELECT username, password FROM accounts_user"))
    db.close()
    assert all(hash.startswith("!") for hash in before.values())  # unusable: nobody logs in
    ok(nomentum(data_dir, "demo", "--password", "a long enough passphrase 42"))
    with sqlite3.connect(data_dir / "nomentum.sqlite3") as db:
        after = dict(db.execute("SELECT username, password FROM accounts_user"))
    db.close()
    assert after.keys() == before.keys()
    assert not any(hash.startswith("!") for hash in after.values())


def test_it_refuses_to_take_over_an_account_named_like_a_demo_user(data_dir):
    ok(
        nomentum(
            data_dir,
            *("createsuperuser", "--username", "demo-maya", "--email", "maya@example.com"),
            "--noinput",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
    )
    before = counts(data_dir)
    result = nomentum(data_dir, "demo")
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("nomentum demo: ")
    assert "demo-maya" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(data_dir) == before


@pytest.mark.django_db
def test_the_demo_is_marked_and_holds_a_month_of_asks():
    result = load_demo(today=dt.date(2026, 11, 26))

    group = Group.objects.get()
    assert group.is_demo  # the mark nobody else can set; the words are for people
    assert group.name == "November of NO"
    assert group.description.startswith("Demo data")
    users = User.objects.filter(memberships__group=group)
    assert users.count() == 15
    for user in users:
        assert user.is_demo
        assert user.username.startswith("demo-")
        assert user.display_name.startswith("demo-")
        assert user.email == ""  # no digest or reminder can go out
        assert not user.has_usable_password()
    assert Membership.objects.filter(group=group, role=Role.ORGANIZER).count() == 1
    challenge = Challenge.objects.get(group=group)
    assert (challenge.starts_on, challenge.ends_on) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert Goal.objects.filter(challenge=challenge).count() == 15
    asks = Ask.objects.filter(user__in=users)
    assert result.asks == asks.count() > 150
    days = {ask.asked_on for ask in asks}
    assert min(days) >= dt.date(2026, 11, 1) and max(days) <= dt.date(2026, 11, 26)
    assert len(days) >= 20  # spread over the month
    outcomes = set(asks.values_list("outcome", flat=True))
    assert {"no", "yes", "pending", "no_response"} <= outcomes
    assert asks.filter(follow_up_on__isnull=False).exists()
    assert CheckIn.objects.filter(challenge=challenge).exists()
    assert Cheer.objects.exists()


@pytest.mark.django_db
def test_sign_up_keeps_every_demo_users_name_for_the_demo():
    load_demo(today=dt.date(2026, 11, 26))
    names = list(User.objects.filter(is_demo=True).values_list("username", flat=True))
    assert len(names) == 15
    for name in names:
        assert name.startswith(DEMO_PREFIX)
        with pytest.raises(ValidationError) as refused:
            check_username_free(name.upper())
        assert refused.value.code == "reserved"


@pytest.mark.django_db
def test_loading_again_adds_nothing_even_on_another_day():
    first = load_demo(today=dt.date(2026, 11, 26))
    models = (User, Group, Membership, Challenge, Goal, Ask, CheckIn, Cheer)
    before = [m._default_manager.count() for m in models]
    again = load_demo(today=dt.date(2026, 12, 3))
    assert not again.created and again.group.pk == first.group.pk
    assert [m._default_manager.count() for m in models] == before


@pytest.mark.django_db
def test_before_november_the_demo_is_last_years_finished_month():
    load_demo(today=dt.date(2027, 3, 15))
    challenge = Challenge.objects.get()
    assert (challenge.starts_on, challenge.ends_on) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert Ask.objects.filter(asked_on__gt=dt.date(2026, 11, 30)).count() == 0
    assert not Ask.objects.filter(asked_on__lt=dt.date(2026, 11, 1)).exists()
