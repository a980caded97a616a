"""Unsubscribing from an email's link, without logging in."""

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from nomentum.accounts.models import User
from nomentum.notify import services
from nomentum.notify.models import Kind


# The signed token is the credential, and a mail program's one-click POST (RFC 8058,
# "List-Unsubscribe=One-Click") carries no CSRF token. A forged POST could only do what
# the link already does for whoever holds it: switch one kind of email off.
@csrf_exempt
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link checkers fetch links); POST switches the kind off."""
    try:
        user_id, kind = services.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notify/unsubscribe_invalid.html", status=400)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return render(request, "notify/unsubscribe_invalid.html", status=404)
    context = {"kind": Kind(kind).label}
    if request.method == "POST":
        services.turn_off(user, kind)
        return render(request, "notify/unsubscribed.html", context)
    return render(request, "notify/unsubscribe.html", context)
