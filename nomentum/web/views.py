import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache

from nomentum import numbers
from nomentum.accounts.models import User
from nomentum.insights import charts
from nomentum.web import demo_data
from nomentum.web.pages.insights import forecast_panel


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # The demo link shows only where an operator has loaded the demo group.
        return render(request, "web/landing.html", {"demo": demo_data.find_group() is not None})
    user = request.user
    today = user.today()
    content = numbers.page(
        request,
        "web/_home.html",
        numbers.user_version(user.pk),
        (user.pk, today),
        lambda: {**_home_context(user, today), "forecast": forecast_panel(user, request.GET)},
    )
    return render(request, "web/home.html", {"content": content})


def _home_context(user: User, today: dt.date) -> dict:
    """Return what the home page shows of the user's asks and challenges (numbers.home)."""
    shown = numbers.home(user, today)
    glance = shown.glance
    return {
        "glance": [
            ("This week", glance.counts["this_week"], glance.windows["this_week"]),
            ("This month", glance.counts["month"], glance.windows["month"]),
        ],
        "pending_count": glance.pending,
        "waiting": shown.waiting,
        "running": glance.running,
        "road_chart": charts.goal_road_chart(shown.road, chart_id="home-road", caption=False)
        if shown.road
        else None,
        "overdue": glance.overdue,
        "more_overdue": glance.more_overdue,
    }


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@cache_control(max_age=86_400, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    """Where to report a security problem (RFC 9116), from the operator's settings."""
    contact = settings.SECURITY_CONTACT
    if "://" not in contact:
        contact = f"mailto:{contact}"
    # The file must say when to stop trusting it; a year ahead, renewed as it is served.
    expires = (timezone.now() + dt.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)
