"""The caller's own numbers and forecast: the functions the stats page calls, as JSON."""

from ninja import Query, Router
from ninja.errors import HttpError

from nomentum import numbers
from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.base import Detail
from nomentum.api.schemas.insights import ForecastOut, ForecastQuery, StatsOut, StatsQuery
from nomentum.asks import services
from nomentum.asks.counting import Window, window_of
from nomentum.asks.models import Category
from nomentum.challenges.services import get_challenge_for_user

router = Router(tags=["insights"])


def _category(user: User, name: str | None) -> Category | None:
    """Return the user's category of that name or slug, None for none; refuse an unknown one."""
    if not name:
        return None
    category = services.find_category(user, name)
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
        within = Window(challenge.starts_on, challenge.ends_on)
    window = window_of(filters.date_from, filters.date_to, within)
    return numbers.stats(user, category, window)


@router.get(
    "/forecast",
    response={200: ForecastOut, 422: Detail},
    description="How many more asks for `yeses` more yeses at that confidence, going by all "
    "of the caller's history (of one category when given).",
)
def forecast(request: AuthedRequest, params: Query[ForecastQuery]):
    user = request.auth
    category = _category(user, params.category)
    return numbers.forecast(user, category, params.yeses, params.confidence)
