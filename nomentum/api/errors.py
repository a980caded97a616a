"""One error shape for the whole API: {"detail": "a sentence"}, never a stack trace."""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError


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
    sentence = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return sentence, items


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

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(
            request, {"detail": "The request body is too large."}, status=413
        )
