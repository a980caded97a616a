from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI

from nomentum.api import accounts, asks, errors
from nomentum.api.auth import AUTH


class NomentumAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        # Django answers an unknown path, and ninja a wrong method, in HTML or
        # plain text; outside clients get the one error shape for those too.
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = errors.not_allowed_as_json(pattern.callback)
        patterns.append(re_path(r"^.+$", errors.not_found))
        return patterns, app_name, namespace


api = NomentumAPI(
    title="Nomentum API",
    version="1",
    description='Log asks, count no\'s, and follow rejection goals. Errors answer {"detail": ...}.',
    auth=AUTH,
    parser=errors.JsonObjectParser(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("", asks.router)
