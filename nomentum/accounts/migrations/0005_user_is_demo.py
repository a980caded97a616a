"""User.is_demo: the flag only `nomentum demo` sets.

On SQLite, Django adds a NOT NULL column by rebuilding the table, and a rebuilt
table loses its triggers (0003 keeps the data versions with them). SQLite can
add such a column in place when it has a default, so it is added here by hand;
PostgreSQL keeps triggers either way and takes Django's own statement.
"""

from django.db import migrations, models

TABLE = "accounts_user"
COLUMN = "is_demo"


def add_column(apps, schema_editor) -> None:
    user = apps.get_model("accounts", "User")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'ALTER TABLE "{TABLE}" ADD COLUMN "{COLUMN}" bool NOT NULL DEFAULT 0', params=None
        )
    else:
        schema_editor.add_field(user, user._meta.get_field(COLUMN))


def drop_column(apps, schema_editor) -> None:
    # SQLite drops a plain column in place too: the triggers stay.
    user = apps.get_model("accounts", "User")
    schema_editor.remove_field(user, user._meta.get_field(COLUMN))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_goal_change_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="user",
                    name="is_demo",
                    field=models.BooleanField(
                        default=False, editable=False, verbose_name="demo data"
                    ),
                ),
            ],
        ),
        migrations.RunPython(add_column, drop_column),
    ]
