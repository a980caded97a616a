"""Triggers on a goal's history: the board's "goal changed" mark is read from it.

A goal's change is usually written with the goal itself, whose triggers (0003)
change its user's version; but a row of history written or deleted on its own
(a data fix, a restore, the admin) would leave the mark stale. Written out here,
not imported, for the reason 0003 gives.
"""

# ruff: noqa: S608  (the SQL is built from this file's constants only, never from input)
from django.db import migrations

VERSIONS = "accounts_dataversion"
TABLE = "challenges_goalchange"
SQLITE_NEW = "abs(random() % 1000000000000)"
POSTGRES_NEW = "floor(random() * 1000000000000)::bigint"
EVENTS = {"INSERT": ["new"], "UPDATE": ["old", "new"], "DELETE": ["old"]}


def _name(event: str) -> str:
    return f"nomentum_version_{TABLE}_{event.lower()}"


def _sqlite() -> tuple[list[str], list[str]]:
    create, drop = [], []
    for event, rows in EVENTS.items():
        # The goal's user: the one whose row on the board carries the mark.
        body = " ".join(
            f"UPDATE {VERSIONS} SET version = {SQLITE_NEW} WHERE user_id IN "
            f"(SELECT user_id FROM challenges_goal WHERE id = {row.upper()}.goal_id);"
            for row in rows
        )
        create.append(f"CREATE TRIGGER {_name(event)} AFTER {event} ON {TABLE} BEGIN {body} END;")
        drop.append(f"DROP TRIGGER IF EXISTS {_name(event)};")
    return create, drop


def _postgres() -> tuple[list[str], list[str]]:
    create, drop = [], []
    for event, rows in EVENTS.items():
        # Once per statement, over its transition tables, as in 0003.
        users = " UNION ".join(
            f"SELECT g.user_id FROM challenges_goal g JOIN {row}_rows ON g.id = {row}_rows.goal_id"
            for row in rows
        )
        referencing = " ".join(f"{row.upper()} TABLE AS {row}_rows" for row in rows)
        create.append(
            f"CREATE FUNCTION {_name(event)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"UPDATE {VERSIONS} SET version = {POSTGRES_NEW} WHERE user_id IN ({users}); "
            "RETURN NULL; END $$;"
        )
        create.append(
            f"CREATE TRIGGER {_name(event)} AFTER {event} ON {TABLE} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_name(event)}();"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {_name(event)} ON {TABLE};")
        drop.append(f"DROP FUNCTION IF EXISTS {_name(event)}();")
    return create, drop


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "sqlite":
        return _sqlite()
    if vendor == "postgresql":
        return _postgres()
    raise NotImplementedError(f"Nomentum runs on SQLite or PostgreSQL, not {vendor}.")


def create_triggers(apps, schema_editor) -> None:
    for statement in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor) -> None:
    for statement in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_data_version"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
