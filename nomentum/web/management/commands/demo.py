"""`manage.py demo` (`nomentum demo`): load the demo group that /demo shows.

The loading is nomentum/web/demo_data.py's; this checks the options and says what it did.
"""

from argparse import ArgumentParser

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nomentum.lib.errors import Refusal
from nomentum.web.demo_data import load_demo


def check_password(password: str | None) -> None:
    """Raise CommandError unless the password would be accepted at sign-up."""
    if password is None:
        return
    if not password:
        # An empty --password would silently leave the demo users unable to log in.
        raise CommandError("--password: give a password, or leave the option out.")
    try:
        validate_password(password)
    except ValidationError as error:
        raise CommandError(f"--password: {error.messages[0]}") from None


class Command(BaseCommand):
    help = (
        'Load the demo group "November of NO". Fifteen demo- members and a month of asks; '
        "running it again adds nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--password", help="let the demo users log in with this password (default: they cannot)"
        )

    def handle(self, *, password: str | None, **options) -> None:
        check_password(password)
        try:
            result = load_demo(password=password)
        except Refusal as refusal:
            raise CommandError(refusal.message) from None
        state = "Loaded" if result.created else "Already loaded; nothing added to"
        self.stdout.write(
            f"{state} the demo group {result.group.name!r} (id {result.group.pk}): "
            f"{result.members} members, {result.asks} asks, challenge {result.challenge.name!r} "
            f"{result.challenge.starts_on} to {result.challenge.ends_on}."
        )
        if password:
            self.stdout.write("Every demo user's name starts with demo-. They log in with the "
                              "password you gave.")
        else:
            self.stdout.write(
                "Every demo user's name starts with demo-. They cannot log in (run again with "
                "--password to look around as one)."
            )
