"""One error shape for the whole API: {"detail": "a sentence"}, never a stack trace."""

import functools
import json
from collections.abc import Callable, Mapping, Sequence
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


class BodyNotJson(ValueError):
    pass


def is_json(content_type: str) -> bool:
    """Return whether a media type (lower case, without parameters) is JSON."""
    kind, _, subtype = content_type.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


class JsonObjectParser(Parser):
    """Parse a JSON body that must be an object, sent as JSON.

    ninja would otherwise read a bare string as the schema's source object
    (the body "x" became an ask titled "X", from str.title), and read any
    body as JSON whatever its content type said: a client that labels a body
    as a form or as text is told so, not second-guessed.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # Django gives the media type in lower case, without its charset.
        content_type = request.content_type or ""
        if not is_json(content_type):
            sent = f"not {content_type}" if content_type else "none was given"
            raise BodyNotJson(
                f"Send the body as JSON, with Content-Type: application/json ({sent})."
            )
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


# What a client can do about each of pydantic's errors, by its type; the context fills in
# the limits. A type not named here keeps pydantic's own words.
SENTENCES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field.",
    "bool_type": "Use true or false.",
    "bool_parsing": "Use true or false.",
    "int_type": "Use a whole number, such as 3.",
    "int_parsing": "Use a whole number, such as 3.",
    "int_from_float": "Use a whole number, such as 3.",
    "float_type": "Use a number.",
    "float_parsing": "Use a number.",
    "decimal_type": "Use a number.",
    "decimal_parsing": "Use a number.",
    "string_type": "Use text, in quotes.",
    "model_type": "Use a JSON object.",
    "model_attributes_type": "Use a JSON object.",
    "dict_type": "Use a JSON object.",
    "list_type": "Use a JSON list.",
    "literal_error": "Use {expected}.",
    "enum": "Use {expected}.",
    # Text counts characters; a list counts items ("too_long" is any collection's).
    "string_too_long": "Use at most {max_length} characters.",
    "string_too_short": "Use at least {min_length} characters.",
    "too_long": "Use at most {max_length} items.",
    "too_short": "Use at least {min_length} items.",
    "greater_than": "Use more than {gt}.",
    "greater_than_equal": "Use {ge} or more.",
    "less_than": "Use less than {lt}.",
    "less_than_equal": "Use {le} or less.",
    "decimal_max_digits": "Use at most {max_digits} digits.",
    "decimal_max_places": "Use at most {decimal_places} decimal places.",
    "decimal_whole_digits": "Use at most {whole_digits} digits before the decimal point.",
    "date_parsing": "Write a date that exists, as YYYY-MM-DD ({error}).",
    "date_from_datetime_parsing": "Write a date that exists, as YYYY-MM-DD ({error}).",
}


def _sentence(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "This field cannot be empty."
    if kind in ("value_error", "assertion_error"):
        # Our own validators' messages, already sentences.
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        message = message.removeprefix("Assertion failed, ")
    else:
        try:
            message = SENTENCES[kind].format(**context)
        except (KeyError, IndexError):
            message = str(error.get("msg") or "This value is not valid")
    return message if message.endswith((".", "?", "!")) else f"{message}."


def describe(errors: Sequence[Mapping[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """Return the first error as a sentence, and every error as {field, message}.

    An unknown field comes first: a misspelt name is most likely also why a
    field is missing, and the rest follows from it.
    """
    ordered = sorted(errors, key=lambda error: error.get("type") != "extra_forbidden")
    items = [
        {"field": _field_name(error.get("loc", [])), "message": _sentence(error)}
        for error in ordered
    ]
    if not items:
        return "The request is not valid.", items
    first, kind = items[0], ordered[0].get("type")
    if not first["field"] and kind == "missing":
        # The whole body is missing: ninja names no field for it.
        return "The request needs a JSON body.", items
    if kind == "extra_forbidden":
        return f"Unknown field: {first['field']}.", items
    sentence = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return sentence, items


def _body_problem(exc: HttpError) -> tuple[int, str] | None:
    """Return the status and sentence for a body the parser refused, None for another error."""
    # ninja turns any parser failure into HttpError(400, "Cannot parse request body"),
    # keeping the parser's exception as the cause.
    cause = exc.__cause__
    if isinstance(cause, BodyNotJson):
        return 415, str(cause)
    if isinstance(cause, BodyNotAnObject):
        return 400, str(cause)
    if isinstance(cause, json.JSONDecodeError):
        where = f"line {cause.lineno}, column {cause.colno}"
        return 400, f"The request body is not valid JSON: {cause.msg} at {where}."
    if isinstance(cause, ValueError):
        return 400, "The request body is not valid JSON."
    return None


def install(api: NinjaAPI) -> None:
    """Answer every error an operation can meet in the one shape, with a status that fits."""
    _answer_invalid_values(api)
    _answer_bad_requests(api)
    _answer_refusals(api)
    _answer_limits(api)


def _validation_items(exc: DjangoValidationError) -> list[dict[str, str]]:
    """Return a model's validation errors as {field, message}, the whole object's with no field."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in exc.messages]


def _answer_invalid_values(api: NinjaAPI) -> None:
    """422 for a value the schema or the model refuses, with every error named."""

    @api.exception_handler(ValidationError)
    def schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        sentence, items = describe(exc.errors)
        return api.create_response(request, {"detail": sentence, "errors": items}, status=422)

    @api.exception_handler(DjangoValidationError)
    def model_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        items = _validation_items(exc)
        first = items[0]
        sentence = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return api.create_response(request, {"detail": sentence, "errors": items}, status=422)


def _answer_bad_requests(api: NinjaAPI) -> None:
    """A body that cannot be read, ninja's own refusals, and a request without credentials."""

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status, detail = _body_problem(exc) or (exc.status_code, str(exc))
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = "Log in, or send the header Authorization: Bearer <token>."
        return api.create_response(request, {"detail": detail}, status=401)


def _answer_refusals(api: NinjaAPI) -> None:
    """What the services refuse, with the status and sentence they chose."""

    @api.exception_handler(Refusal)
    def refused(request: HttpRequest, exc: Refusal) -> HttpResponse:
        # Conflict (409, already done) and Gone (410, an expired invite) carry their own status.
        return api.create_response(request, {"detail": exc.message}, status=exc.status)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # A member attempting an organizer's action; outsiders never get here (they get 404).
        detail = str(exc) or "You are not allowed to do that."
        return api.create_response(request, {"detail": detail}, status=403)


def _answer_limits(api: NinjaAPI) -> None:
    """An id the database cannot hold, and a body larger than Django accepts."""

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
    "415": "The body is not sent as JSON (Content-Type: application/json or application/*+json)",
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
            media_types = operation.get("requestBody", {}).get("content", {})
            statuses = {
                "400": body,
                "401": bool(operation.get("security")),
                "404": any(parameter.get("in") == "path" for parameter in parameters),
                "413": body,
                # A multipart upload (the import) reads its form, whatever a part holds.
                "415": any(is_json(media_type) for media_type in media_types),
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
