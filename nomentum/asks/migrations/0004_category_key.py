"""Categories are matched by a key that ignores case and spacing only, not by their slug.

Slugs dropped punctuation, so "C++" and "C#" were one category. Existing
categories keep their names and slugs; each gets its key. Two of one user's
categories whose names now match (they differed by a case folding that slugs
did not make, "STRASSE" and "Straße") are both kept: the later one is renamed
"Straße (2)".
"""

import unicodedata

from django.conf import settings
from django.db import migrations, models

from nomentum.lib.triggers import keeping_triggers


def _key(name: str) -> str:
    # category_key() as of this migration.
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def fill_keys(apps, schema_editor) -> None:
    Category = apps.get_model("asks", "Category")
    seen: set[tuple[int, str]] = set()
    for category in Category.objects.order_by("user_id", "id").iterator():
        name, n = category.name, 1
        while (category.user_id, _key(name)) in seen:
            n += 1
            suffix = f" ({n})"
            name = category.name[: 40 - len(suffix)] + suffix
        seen.add((category.user_id, _key(name)))
        category.name, category.key = name, _key(name)
        category.save(update_fields=["name", "key"])


class Migration(migrations.Migration):
    dependencies = [
        ("asks", "0003_pending_follow_up_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Adding the column and the constraint rebuilds the table on SQLite.
    operations = keeping_triggers(
        "asks_category",
        [
            migrations.AddField(
                model_name="category",
                name="key",
                field=models.CharField(default="", editable=False, max_length=360),
                preserve_default=False,
            ),
            migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
            migrations.AlterField(
                model_name="category",
                name="slug",
                field=models.SlugField(allow_unicode=True, editable=False, max_length=40),
            ),
            migrations.AddConstraint(
                model_name="category",
                constraint=models.UniqueConstraint(
                    fields=("user", "key"),
                    name="category_unique_key_per_user",
                    violation_error_message="You already have that category.",
                ),
            ),
        ],
    )
