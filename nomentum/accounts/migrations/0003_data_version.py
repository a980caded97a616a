"""DataVersion and the triggers that keep it: every change a user's numbers depend on.

The SQL is written out here, not imported, so that this migration keeps
meaning what it meant when it ran. Each trigger gives the affected users'
rows a new random version (0 to 10**12, small enough that a thousand members'
versions add up without overflow).
"""

# ruff: noqa: S608  (the SQL is built from this file's constants only, never from input)
from django.db import migrations, models

VERSIONS = "accounts_dataversion"
# (table, SQL giving the affected user ids from a row called `r`)
PER_ROW_USER = [
    ("asks_ask", "{r}.user_id"),
    ("asks_category", "{r}.user_id"),
    ("challenges_goal", "{r}.user_id"),
    ("challenges_membership", "{r}.user_id"),
    ("challenges_checkin", "{r}.user_id"),
]
# A challenge's members: its group's, or its owner for a personal one.
CHALLENGE_USERS = (
    "SELECT user_id FROM challenges_membership WHERE group_id = {r}.group_id "
    "UNION SELECT {r}.owner_id"
)
# A group's members (its name shows on their pages).
GROUP_USERS = "SELECT user_id FROM challenges_membership WHERE group_id = {r}.id"
# The user columns that change what their numbers look like (str(user), today, silence).
USER_COLUMNS = ("username", "display_name", "timezone", "silence_days")

SQLITE_NEW = "abs(random() % 1000000000000)"
POSTGRES_NEW = "floor(random() * 1000000000000)::bigint"


def _sqlite() -> tuple[list[str], list[str]]:
    def bump(users: str) -> str:
        return f"UPDATE {VERSIONS} SET version = {SQLITE_NEW} WHERE user_id IN ({users});"

    create, drop = [], []
    tables = [
        *PER_ROW_USER,
        ("challenges_challenge", CHALLENGE_USERS),
        ("challenges_group", GROUP_USERS),
    ]
    for table, who in tables:
        # SQLite triggers run once per row; a bump is one update by primary key.
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            name = f"nomentum_version_{table}_{event.lower()}"
            body = " ".join(bump(who.format(r=r)) for r in rows)
            create.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END;")
            drop.append(f"DROP TRIGGER IF EXISTS {name};")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in USER_COLUMNS)
    create += [
        "CREATE TRIGGER nomentum_version_user_insert AFTER INSERT ON accounts_user BEGIN "
        f"INSERT OR IGNORE INTO {VERSIONS} (user_id, version) VALUES (NEW.id, {SQLITE_NEW}); END;",
        "CREATE TRIGGER nomentum_version_user_update AFTER UPDATE ON accounts_user "
        f"WHEN {changed} BEGIN {bump('NEW.id')} END;",
        "CREATE TRIGGER nomentum_version_user_delete AFTER DELETE ON accounts_user BEGIN "
        f"DELETE FROM {VERSIONS} WHERE user_id = OLD.id; END;",
    ]
    drop += [
        f"DROP TRIGGER IF EXISTS nomentum_version_user_{event};"
        for event in ("insert", "update", "delete")
    ]
    return create, drop


def _postgres() -> tuple[list[str], list[str]]:
    def bump(users: str) -> str:
        return f"UPDATE {VERSIONS} SET version = {POSTGRES_NEW} WHERE user_id IN ({users});"

    create, drop = [], []
    tables = [(table, "SELECT {r}.user_id FROM {r}") for table, _ in PER_ROW_USER]
    tables.append(
        (
            "challenges_challenge",
            "SELECT m.user_id FROM challenges_membership m JOIN {r} ON m.group_id = {r}.group_id "
            "UNION SELECT {r}.owner_id FROM {r}",
        )
    )
    tables.append(
        (
            "challenges_group",
            "SELECT m.user_id FROM challenges_membership m JOIN {r} ON m.group_id = {r}.id",
        )
    )
    for table, who in tables:
        # Once per statement, over its transition tables: an import's bulk insert of
        # thousands of asks updates its user's version once, not once per ask.
        for event, rows in (
            ("INSERT", ["new_rows"]),
            ("UPDATE", ["old_rows", "new_rows"]),
            ("DELETE", ["old_rows"]),
        ):
            name = f"nomentum_version_{table}_{event.lower()}"
            users = " UNION ".join(who.format(r=r) for r in rows)
            referencing = " ".join(
                f"{'OLD' if r == 'old_rows' else 'NEW'} TABLE AS {r}" for r in rows
            )
            create.append(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {bump(users)} RETURN NULL; END $$;"
            )
            create.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
            )
            drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            drop.append(f"DROP FUNCTION IF EXISTS {name}();")
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in USER_COLUMNS)
    functions = {
        "insert": f"INSERT INTO {VERSIONS} (user_id, version) VALUES (NEW.id, {POSTGRES_NEW}) "
        "ON CONFLICT (user_id) DO NOTHING;",
        "update": bump("NEW.id"),
        "delete": f"DELETE FROM {VERSIONS} WHERE user_id = OLD.id;",
    }
    for event, body in functions.items():
        name = f"nomentum_version_user_{event}"
        when = f" WHEN ({changed})" if event == "update" else ""
        create.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$;"
        )
        create.append(
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON accounts_user FOR EACH ROW{when} "
            f"EXECUTE FUNCTION {name}();"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON accounts_user;")
        drop.append(f"DROP FUNCTION IF EXISTS {name}();")
    return create, drop


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "sqlite":
        return _sqlite()
    if vendor == "postgresql":
        return _postgres()
    raise NotImplementedError(f"Nomentum runs on SQLite or PostgreSQL, not {vendor}.")


def create_triggers(apps, schema_editor) -> None:
    create, _ = _statements(schema_editor.connection.vendor)
    for statement in create:
        schema_editor.execute(statement, params=None)
    # Users from before this migration get their first version.
    new = SQLITE_NEW if schema_editor.connection.vendor == "sqlite" else POSTGRES_NEW
    schema_editor.execute(
        f"INSERT INTO {VERSIONS} (user_id, version) SELECT id, {new} FROM accounts_user",
        params=None,
    )


def drop_triggers(apps, schema_editor) -> None:
    _, drop = _statements(schema_editor.connection.vendor)
    for statement in drop:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_calendar_token"),
        ("asks", "0002_overdue_reply_window_and_snooze"),
        ("challenges", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("user_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
