"""One account per username in any case: `VICTIM` is the account `victim`.

A database from before may hold names that differ only in case (made in the
admin, or before sign-up compared them so). The earliest account of each such
name keeps it; each later one gets the first free `<name>-2`, `<name>-3`, ...,
logged as a warning so the operator can tell those people their new name. The
names are compared by the database's own lower(), the function of the index
that follows, so the index can always be built.
"""

import logging

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count, Value
from django.db.models.functions import Lower

import nomentum.accounts.models

logger = logging.getLogger("nomentum.accounts")
MAX_LENGTH = 150  # AbstractUser.username


def _free_name(user_model, username: str) -> str:
    users = user_model._default_manager.annotate(lowered=Lower("username"))
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = username[: MAX_LENGTH - len(suffix)] + suffix
        if not users.filter(lowered=Lower(Value(candidate))).exists():
            return candidate
        number += 1


def rename_duplicates(user_model) -> list[tuple[int, str, str]]:
    """Rename every account whose name an earlier one has in another case; return
    (id, old name, new name) of each, in the order they were renamed."""
    users = user_model._default_manager.annotate(lowered=Lower("username"))
    clashes = (
        users.values("lowered")
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .values_list("lowered", flat=True)
        .order_by("lowered")
    )
    renamed = []
    for lowered in list(clashes):
        later = users.filter(lowered=lowered).order_by("date_joined", "pk")[1:]
        for pk, username in list(later.values_list("pk", "username")):
            new = _free_name(user_model, username)
            user_model._default_manager.filter(pk=pk).update(username=new)
            renamed.append((pk, username, new))
    return renamed


def forwards(apps, schema_editor) -> None:
    for pk, old, new in rename_duplicates(apps.get_model("accounts", "User")):
        logger.warning(
            "User %s renamed from %r to %r: an earlier account has that name in another case.",
            pk,
            old,
            new,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_is_demo"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", nomentum.accounts.models.UserManager()),
            ],
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="accounts_user_username_lower_unique",
                violation_error_message="A user with that username already exists.",
            ),
        ),
    ]
