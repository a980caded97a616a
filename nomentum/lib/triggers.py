"""Keep a table's triggers through a migration that makes SQLite rebuild the table.

SQLite cannot alter most of a table in place: Django copies it into a new table
and drops the old one, and the old table's triggers go with it (the data-version
triggers of accounts/0003 among them), so cached numbers would go stale with no
error anywhere. PostgreSQL alters in place and keeps them. Wrap such operations:

    operations = keeping_triggers("asks_category", [migrations.AddConstraint(...)])

The triggers are read back from the database itself, so this works the same on a
new database (where they may not exist yet) and on one migrated long ago.
"""

from django.db import migrations


def keeping_triggers(table: str, operations: list) -> list:
    saved: list[str] = []

    def save(apps, schema_editor) -> None:
        saved.clear()
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            saved.extend(sql for (sql,) in cursor.fetchall())

    def restore(apps, schema_editor) -> None:
        for sql in saved:
            # A trigger the rebuild kept (none today) must not be made twice.
            statement = sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1)
            schema_editor.execute(statement, params=None)

    # Backwards the same two steps run in reverse order, around the reversed operations.
    return [
        migrations.RunPython(save, restore, elidable=False),
        *operations,
        migrations.RunPython(restore, save, elidable=False),
    ]
