from django.core.management.base import CommandError

from nomentum.accounts.models import User


def find_user(username: str) -> User:
    """Return the user an operator named, found as a log-in finds them; else CommandError."""
    try:
        return User.objects.get_by_natural_key(username)
    except User.DoesNotExist:
        raise CommandError(f"There is no user named {username!r}.") from None
