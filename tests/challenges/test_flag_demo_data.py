"""The upgrade flags a demo the old `nomentum demo` loaded, and never a copy of one."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from nomentum.accounts.models import User
from nomentum.challenges import services
from nomentum.challenges.models import Group
from nomentum.lib.errors import Refusal
from nomentum.web.demo_data import DESCRIPTION, GROUP_NAME, load_demo
from tests.conftest import PASSWORD, join, make_challenge, make_user

migration = importlib.import_module("nomentum.challenges.migrations.0003_flag_demo_data")


def as_the_old_command_left_it() -> None:
    User.objects.update(is_demo=False)
    Group.objects.update(is_demo=False)


def upgrade() -> None:
    migration.flag_demo_data(apps, None)


def flagged() -> tuple[list[str], list[str]]:
    users = User.objects.filter(is_demo=True).order_by("username")
    return list(Group.objects.filter(is_demo=True).values_list("name", flat=True)), list(
        users.values_list("username", flat=True)
    )


@pytest.fixture
def old_demo(db) -> Group:
    group = load_demo(today=dt.date(2026, 11, 26)).group
    as_the_old_command_left_it()
    return group


def test_the_demo_the_old_command_loaded_is_flagged(old_demo):
    upgrade()
    groups, users = flagged()
    assert groups == [GROUP_NAME]
    assert len(users) == 15 and all(name.startswith("demo-") for name in users)
    assert Group.objects.get(is_demo=True) == old_demo
    # The command finds it again: nothing is loaded twice.
    assert not load_demo(today=dt.date(2026, 11, 26)).created


def test_a_real_account_in_the_old_demo_group_stays_unflagged(old_demo, owner):
    join(old_demo, owner)
    upgrade()
    assert "owner" not in flagged()[1]
    assert len(flagged()[1]) == 15


def test_a_copy_made_through_sign_up_is_not_flagged(db):
    # Everything a visitor could choose: the names, an emptied email, the group's words.
    attacker = make_user("demo-maya", email="", display_name="demo-Maya")
    group = services.create_group(attacker, GROUP_NAME, DESCRIPTION)
    make_challenge(group=group)
    for name, display in (("demo-jonas", "demo-Jonas"), ("demo-zoe", "demo-Zoe")):
        join(group, make_user(name, email="", display_name=display))
    upgrade()
    assert flagged() == ([], [])


def test_a_demo_loaded_with_a_password_cannot_be_told_apart_and_is_not_flagged(db):
    load_demo(password=PASSWORD, today=dt.date(2026, 11, 26))
    as_the_old_command_left_it()
    upgrade()
    assert flagged() == ([], [])
    # Loading anew waits for the operator: the command names the accounts in its way.
    with pytest.raises(Refusal) as refused:
        load_demo(today=dt.date(2026, 11, 26))
    assert "demo-maya" in refused.value.message


def test_a_look_alike_group_beside_the_old_demo_is_not_flagged(old_demo):
    mallory = make_user("mallory", email="")
    copy = services.create_group(mallory, GROUP_NAME, DESCRIPTION)
    upgrade()
    assert list(Group.objects.filter(is_demo=True)) == [old_demo]
    assert not Group.objects.get(pk=copy.pk).is_demo
