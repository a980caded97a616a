"""What notify serves to whoever holds a link, without logging in: unsubscribing from an
email, and the calendar feed."""

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from nomentum.accounts.models import CalendarToken, User, hash_token
from nomentum.notify import calendar, services
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


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the feed to whoever holds the address: calendar apps cannot log in."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    body = calendar.feed(
        found.user,
        timezone.now(),
        lambda ask: request.build_absolute_uri(reverse("asks:edit", args=[ask.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is the secret: keep the feed out of shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response
