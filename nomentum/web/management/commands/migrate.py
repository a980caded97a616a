"""`manage.py migrate` (`nomentum migrate`): Django's migrate, then the cache table.

The cache lives in a database table unless REDIS_URL is set, and that table is no
migration's (Django makes it with createcachetable): migrating makes it too, so no
deployment or upgrade can forget it.
"""

from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand


class Command(MigrateCommand):
    help = (
        "Create or upgrade the tables, and the cache table. Run it once per upgrade, from "
        "one host."
    )

    def handle(self, *args, **options) -> None:
        super().handle(*args, **options)
        if not (options["plan"] or options["check_unapplied"]):
            call_command(
                "createcachetable", database=options["database"], verbosity=options["verbosity"]
            )
