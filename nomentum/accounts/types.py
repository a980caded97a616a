from django.http import HttpRequest

from nomentum.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request that got past login_required or API auth: its user is a real User."""

    user: User
    auth: User
