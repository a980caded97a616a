"""One error shape for the whole API: {"detail": "a sentence"}, never a stack trace."""

import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from nomentum.lib.errors import Refusal


class BodyNotAnObject(ValueError):
    pass


class JsonObjectParser(Parser):
    """Parse a JSON body that must be an object.

    ninja would otherwise read a bare string as the schema's source object
    (the body "x" became an ask titled "X", from str.title).
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject("The request body must be a JSON object.")
        return data


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja prefixes where the value came from ("body", "query") and the schema's parameter name.
    parts = [
        str(part)
        for part in loc
        if part not in ("body", "query", "path", "form", "file", "payload", "filters")
    ]
    return ".".join(parts)


def describe(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """Return the first error as a sentence, and every error as {field, message}."""
    items = []
    for error in errors:
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        items.append({"field": _field_name(error.get("loc", [])), "message": message})
    if not items:
        return "The request is not valid.", items
    first = items[0]
    if not first["field"] and first["message"] == "Field required":
        # The whole body is missing: ninja names no field for it.
        return "The request needs a JSON body.", items
    sentence = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return sentence, items


def _body_problem(exc: HttpError) -> str | None:
    # ninja turns any parser failure into HttpError(400, "Cannot parse request body"),
    # keeping the parser's exception as the cause.
    cause = exc.__cause__
    if isinstance(cause, BodyNotAnObject):
        return str(cause)
    if isinstance(cause, json.JSONDecodeError):
        where = f"line {cause.lineno}, column {cause.colno}"
        return f"The request body is not valid JSON: {cause.msg} at {where}."
    if isinstance(cause, ValueError):
        return "The request body is not valid JSON."
    return None


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        sentence, items = describe(exc.errors)
        return api.create_response(request, {"detail": sentence, "errors": items}, status=422)

    @api.exception_handler(DjangoValidationError)
    def model_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            items = [
                {"field": "" if field == "__all__" else field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            items = [{"field": "", "message": message} for message in exc.messages]
        first = items[0]
        sentence = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return api.create_response(request, {"detail": sentence, "errors": items}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = _body_problem(exc) or str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = "Log in, or send the header Authorization: Bearer <token>."
        return api.create_response(request, {"detail": detail}, status=401)

    @api.exception_handler(Refusal)
    def refused(request: HttpRequest, exc: Refusal) -> HttpResponse:
        # Conflict (409, already done) and Gone (410, an expired invite) carry their own status.
        return api.create_response(request, {"detail": exc.message}, status=exc.status)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # A member attempting an organizer's action; outsiders never get here (they get 404).
        detail = str(exc) or "You are not allowed to do that."
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(OverflowError)
    def id_too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An id in the path beyond what SQLite holds (it refuses to even compare one; PostgreSQL
        # just finds nothing): no object has it. Ids in a body are bounded by their schemas.
        if "SQLite INTEGER" not in str(exc):
            raise exc
        return api.create_response(request, {"detail": "Not Found"}, status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(
            request, {"detail": "The request body is too large."}, status=413
        )


# The answers the handlers above can give to any operation, by what the operation takes.
COMMON_ERRORS = {
    "400": "The body is not a JSON object",
    "401": "No valid session or bearer token",
    "404": "No such object of the caller's (or of a group the caller is in)",
    "413": "The body is too large",
    "422": "A value is missing or not valid: {detail, errors: [{field, message}]}",
}


def declare_common_errors(schema: dict[str, Any]) -> None:
    """Add to every operation of an OpenAPI schema the error answers it can give.

    The handlers above answer these for any operation, so an operation declares
    only the errors of its own; clients and fuzzers read every status here.
    """
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Detail",
        {"properties": {"detail": {"type": "string"}}, "required": ["detail"], "type": "object"},
    )
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            parameters = operation.get("parameters", [])
            body = "requestBody" in operation
            statuses = {
                "400": body,
                "401": bool(operation.get("security")),
                "404": any(parameter.get("in") == "path" for parameter in parameters),
                "413": body,
                "422": body or bool(parameters),
            }
            responses = operation.setdefault("responses", {})
            for status, applies in statuses.items():
                # ninja keys its own answers by number: 404 and "404" would repeat a JSON key.
                if applies and status not in responses and int(status) not in responses:
                    responses[status] = {
                        "description": COMMON_ERRORS[status],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}
                        },
                    }


def not_allowed_as_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Return the view with ninja's plain-text 405 answer turned into the error shape."""

    @functools.wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself, for sessions only
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response["Content-Type"].startswith("application/json"):
            return response
        allowed = ", ".join(sorted(response["Allow"].split(", ")))
        detail = f"{request.method} is not allowed here; use {allowed}."
        return JsonResponse({"detail": detail}, status=405, headers={"Allow": allowed})

    return wrapper


# Exempt: CSRF protects views that act, and Django's refusal would be an HTML page (403) for
# a POST to a mistyped path, such as an id that is not a number.
@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return JsonResponse({"detail": f"There is no API endpoint at {request.path}."}, status=404)
