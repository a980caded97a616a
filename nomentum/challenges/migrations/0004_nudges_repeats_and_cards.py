"""Nudges, repeated challenges (Challenge.previous), share cards; who may nudge in a group.

SQLite rebuilds a table to add a column with a default, and the rebuild would drop the
data-version triggers (accounts 0003): keeping_triggers puts them back.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import nomentum.challenges.models
from nomentum.lib.triggers import keeping_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0003_flag_demo_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *keeping_triggers(
            "challenges_challenge",
            [
                migrations.AddField(
                    model_name="challenge",
                    name="previous",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="repeats",
                        to="challenges.challenge",
                    ),
                ),
            ],
        ),
        *keeping_triggers(
            "challenges_group",
            [
                migrations.AddField(
                    model_name="group",
                    name="members_may_nudge",
                    field=models.BooleanField(default=False, verbose_name="Members may nudge"),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Nudge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week", models.PositiveSmallIntegerField()),
                ("note", models.CharField(blank=True, max_length=140)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "challenge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="nudges",
                        to="challenges.challenge",
                    ),
                ),
                (
                    "nudged_by",
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
                        related_name="nudges_received",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("challenge", "user", "week"), name="nudge_once_a_week"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ShareCard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=nomentum.challenges.models.new_card_token,
                        max_length=32,
                        unique=True,
                    ),
                ),
                ("show_titles", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "challenge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cards",
                        to="challenges.challenge",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="share_cards",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("challenge", "user"), name="card_once_per_member"
                    )
                ],
            },
        ),
    ]
