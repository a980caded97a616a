"""Group.is_demo, the flag only `nomentum demo` sets; Removal, who may not rejoin a group.

The flag is added by hand on SQLite, which Django would otherwise do by rebuilding
the table and so lose its triggers: see accounts 0005.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "challenges_group"
COLUMN = "is_demo"


def add_column(apps, schema_editor) -> None:
    group = apps.get_model("challenges", "Group")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'ALTER TABLE "{TABLE}" ADD COLUMN "{COLUMN}" bool NOT NULL DEFAULT 0', params=None
        )
    else:
        schema_editor.add_field(group, group._meta.get_field(COLUMN))


def drop_column(apps, schema_editor) -> None:
    group = apps.get_model("challenges", "Group")
    schema_editor.remove_field(group, group._meta.get_field(COLUMN))


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="group",
                    name="is_demo",
                    field=models.BooleanField(
                        default=False, editable=False, verbose_name="demo data"
                    ),
                ),
            ],
        ),
        migrations.RunPython(add_column, drop_column),
        migrations.CreateModel(
            name="Removal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("removed_at", models.DateTimeField()),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="removals",
                        to="challenges.group",
                    ),
                ),
                (
                    "removed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="removals",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("group", "user"), name="removal_once_per_group")
                ],
            },
        ),
    ]
