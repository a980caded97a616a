"""The caller's own numbers and forecast: the functions the stats page calls, as JSON."""

from ninja import Query, Router
from ninja.errors import HttpError

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas import Detail, ForecastOut, ForecastQuery, StatsOut, StatsQuery
from nomentum.asks import queries
from nomentum.asks.models import Category, category_slug
from nomentum.challenges.services import get_challenge_for_user
from nomentum.insights.views import own_forecast, own_stats

router = Router(tags=["insights"])


def _category(user: User, name: str | None) -> Category | None:
    """Return the user's category of that name or slug, None for none; refuse an unknown one."""
    if not name:
        return None
    category = Category.objects.filter(user=user, slug=category_slug(name)).first()
    if category is None:
        quoted = f"\N{LEFT DOUBLE QUOTATION MARK}{name}\N{RIGHT DOUBLE QUOTATION MARK}"
        raise HttpError(422, f"category: You have no category named {quoted}.")
    return category


@router.get(
    "/stats",
    response={200: StatsOut, 404: Detail, 422: Detail},
    description="The caller's own asks from..to (all of history when both are left out), "
    "in total and per category. Asks count by asked_on; rejections, yeses and withdrawals "
    "by the day of the answer (a silent ask: asked_on + the silence rule). A challenge "
    "narrows the range to its days; another's challenge answers 404.",
)
def stats(request: AuthedRequest, filters: Query[StatsQuery]):
    user = request.auth
    category = _category(user, filters.category)
    within = None
    if filters.challenge:
        challenge, _ = get_challenge_for_user(user, filters.challenge)
        within = queries.Window(challenge.starts_on, challenge.ends_on)
    window = queries.window_of(filters.date_from, filters.date_to, within)
    return own_stats(user, category, window)


@router.get(
    "/forecast",
    response={200: ForecastOut, 422: Detail},
    description="How many more asks for `yeses` more yeses at that confidence, going by all "
    "of the caller's history (of one category when given).",
)
def forecast(request: AuthedRequest, params: Query[ForecastQuery]):
    user = request.auth
    category = _category(user, params.category)
    return own_forecast(user, category, params.yeses, params.confidence)
