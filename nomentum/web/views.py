import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache

from nomentum.accounts.models import User
from nomentum.accounts.versions import remember_html, user_version
from nomentum.asks import queries
from nomentum.asks.models import Ask
from nomentum.challenges import queries as challenge_queries
from nomentum.insights import charts
from nomentum.insights.views import forecast_panel
from nomentum.lib import demo

HOME_OVERDUE = 5


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # The demo link shows only where an operator has loaded the demo group.
        return render(request, "web/landing.html", {"demo": demo.find_group() is not None})
    user = request.user
    today = user.today()
    content = remember_html(
        request,
        "web/_home.html",
        user_version(user.pk),
        (user.pk, today),
        lambda: {**_home_numbers(user, today), "forecast": forecast_panel(user, request.GET)},
    )
    return render(request, "web/home.html", {"content": content})


def _home_numbers(user: User, today: dt.date) -> dict:
    """Return what the home page shows of the user's asks and challenges (at most six queries)."""
    windows = {"week": queries.Window.week_of(today), "month": queries.Window.month_of(today)}
    counts, pending_count = queries.tallies(Ask.objects.filter(user=user), windows, today)
    waiting = list(
        Ask.objects.filter(user=user)
        .filter(queries.still_pending(today))
        .select_related("category")
        .order_by("asked_on", "id")[:10]
    )
    running = challenge_queries.running_for(user, today)
    # The road of the challenge that ends first: one query, however many are running.
    road = (
        challenge_queries.goal_road(running[0].challenge, user, today, running[0].rejections_target)
        if running
        else None
    )
    # One more than shown, to know whether to link to the rest without counting them.
    overdue = list(queries.overdue_asks(Ask.objects.filter(user=user), today)[: HOME_OVERDUE + 1])
    return {
        "glance": [
            ("This week", counts["week"], windows["week"]),
            ("This month", counts["month"], windows["month"]),
        ],
        "pending_count": pending_count,
        "waiting": waiting,
        "running": running,
        "road_chart": charts.goal_road_chart(road, chart_id="home-road", caption=False)
        if road
        else None,
        "overdue": overdue[:HOME_OVERDUE],
        "more_overdue": len(overdue) > HOME_OVERDUE,
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
