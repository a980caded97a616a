"""Flag the demo that `nomentum demo` loaded before demo data had flags, and nothing else.

Until then the demo was recognised by names and a description anyone could copy.
One mark no visitor can make is kept: the command gave its people unusable
passwords (unless run with --password), while every account made by sign-up has
a usable one, and no page or API call can make it unusable. So a user is the
command's when it has a demo persona's username and display name, no email, and
an unusable password; the group is the command's when it has the demo's name and
description and such a user, demo-maya, organizes it. A demo loaded with
--password cannot be told from a copy: it stays unflagged, and `nomentum demo`
loads anew once the operator has renamed or deleted those accounts.

The personas are written out here, not imported, so that this migration keeps
meaning what it meant when it ran.
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations

PERSONAS = {
    "maya": "Maya",
    "jonas": "Jonas",
    "aisha": "Aisha",
    "tom": "Tom",
    "lena": "Lena",
    "sam": "Sam",
    "priya": "Priya",
    "carlos": "Carlos",
    "kim": "Kim",
    "olu": "Olu",
    "nina": "Nina",
    "ravi": "Ravi",
    "eva": "Eva",
    "ben": "Ben",
    "zoe": "Zoe",
}
GROUP_NAME = "November of NO"
MARK = "Demo data"
ORGANIZER = "demo-maya"


def flag_demo_data(apps, schema_editor) -> None:
    user_model = apps.get_model("accounts", "User")
    group_model = apps.get_model("challenges", "Group")
    flagged = []
    candidates = user_model._default_manager.filter(
        username__in=[f"demo-{name}" for name in PERSONAS],
        email="",
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
    )
    for user in candidates:
        if user.display_name == f"demo-{PERSONAS[user.username.removeprefix('demo-')]}":
            flagged.append(user.pk)
    user_model._default_manager.filter(pk__in=flagged).update(is_demo=True)
    group = (
        group_model._default_manager.filter(
            name=GROUP_NAME,
            description__startswith=MARK,
            memberships__user__username=ORGANIZER,
            memberships__user__pk__in=flagged,
            memberships__role="organizer",
        )
        .order_by("pk")
        .first()
    )
    if group is not None:
        group_model._default_manager.filter(pk=group.pk).update(is_demo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_is_demo"),
        ("challenges", "0002_group_is_demo_and_removal"),
    ]

    operations = [
        migrations.RunPython(flag_demo_data, migrations.RunPython.noop),
    ]
