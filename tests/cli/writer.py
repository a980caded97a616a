"""A process that writes asks until told to stop, for the backup-under-writes test.

    python -m tests.cli.writer setup NAME...  -> makes the users; prints an API token for "api"
    python -m tests.cli.writer write NAME STOPFILE  -> prints how many asks it committed

`write` commits, in one transaction each, ask number n of NAME and the
counter "NAME's last n" (the user's display_name), so a copy that split a
transaction would show a counter that disagrees with the asks. Every column
of ask n is a function of (NAME, n), so a torn row shows too.
"""

import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nomentum.settings")


def expected(name: str, n: int) -> dict:
    """Return the columns the writer gives ask n: the test compares restored rows to these."""
    return {
        "title": f"{name}-{n:06d}",
        "recipient": f"Editor {n % 97}",
        "asked_on": dt.date(2026, 11, 1) + dt.timedelta(days=n % 30),
        "notes": f"{name} {n} " * (n % 200),  # up to a few KB: rows span pages
        "amount": Decimal(n) / 100,
    }


def setup(names: list[str]) -> None:
    from nomentum.accounts.models import ApiToken, User

    for name in names:
        User.objects.create_user(name, display_name="0")
    user = User.objects.create_user("api", password="a long enough passphrase 42")
    print(ApiToken.issue(user, "writer")[1])


def write(name: str, stop: Path) -> None:
    from django.db import transaction

    from nomentum.accounts.models import User
    from nomentum.asks.models import Ask

    user = User.objects.get(username=name)
    n = 0
    while not stop.exists():
        n += 1
        with transaction.atomic():
            Ask.objects.create(user=user, **expected(name, n))
            User.objects.filter(pk=user.pk).update(display_name=str(n))
        # A breath between transactions, as between a server's requests: a loop that takes
        # SQLite's write lock back at once can starve the others past their busy timeout.
        time.sleep(0.001)
    print(n)


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "setup":
        setup(sys.argv[2:])
    else:
        write(sys.argv[2], Path(sys.argv[3]))
