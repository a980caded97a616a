from typing import Any

from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from nomentum.api import accounts, asks, challenges, errors, feed, groups, insights, transfer
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

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        errors.declare_common_errors(schema)
        return schema


api = NomentumAPI(
    title="Nomentum API",
    version="1",
    description='Log asks, count no\'s, and follow rejection goals. Errors answer {"detail": ...}. '
    "Another person's object, or a group the caller is not in, answers 404; an organizer-only "
    "operation answers 403 to a member. A JSON body is sent as application/json (else 415) and "
    "read strictly: true and false only for a flag, a whole number only where one is asked "
    "for, and any field not named in its schema refused (422).",
    auth=AUTH,
    parser=errors.JsonObjectParser(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("", asks.router)
api.add_router("", groups.router)
api.add_router("", challenges.router)
api.add_router("", feed.router)
api.add_router("", insights.router)
api.add_router("", transfer.router)
