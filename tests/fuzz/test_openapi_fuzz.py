"""Fuzzed requests to every operation of /api/v1/openapi.json: no 500, and every answer as declared.

Requests, valid and invalid alike, go to the Django app in-process (WSGI) with the
owner's bearer token. Each answer must not be a server error and must match the
schema: a declared status code, the declared content type, a body and headers
the schema describes. An invalid request must be refused with a 4xx, and an
operation that needs a token must refuse a request without one.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup, ServerError
from schemathesis.core.parameters import ParameterLocation
from schemathesis.openapi.checks import (
    ContentDeserializationError,
    JsonSchemaError,
    MalformedMediaType,
    MissingContentType,
    MissingHeaders,
    UndefinedContentType,
    UndefinedStatusCode,
)
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nomentum.api.api import api as nomentum_api
from nomentum.asks.models import Ask
from tests.fuzz.conftest import EXAMPLES

schema = schemathesis.openapi.from_dict(nomentum_api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    ignored_auth,
]
SCHEMA_VIOLATIONS = (
    UndefinedStatusCode,
    UndefinedContentType,
    MissingContentType,
    MalformedMediaType,
    ContentDeserializationError,
    JsonSchemaError,
    MissingHeaders,
)


def blank_on_the_wire(case) -> bool:
    """Return whether an invalid query value goes out as an empty or absent parameter.

    {} and [""] are not strings, but ?category= is: the request that arrives is valid.
    """
    if case.meta is None or not case.meta.is_negative_at(ParameterLocation.QUERY):
        return False
    return any(value in ({}, [], [""], [{}]) for value in (case.query or {}).values())


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case, data, world, fuzzed):
    # Often an object that exists: the owner's, a group's, or another person's. Not in place
    # of an invalid id, whose very point is the refusal.
    valid_path = case.meta is None or not case.meta.is_negative_at(ParameterLocation.PATH)
    for name in list(case.path_parameters or {}) if valid_path else []:
        real = world.ids.get(name)
        if real and data.draw(st.booleans(), label=f"a real {name}"):
            case.path_parameters[name] = data.draw(st.sampled_from(real), label=name)
    fuzzed["examples"] += 1
    checks = CHECKS
    if blank_on_the_wire(case):
        checks = [check for check in CHECKS if check is not negative_data_rejection]
    try:
        case.call_and_validate(headers={"Authorization": f"Bearer {world.token}"}, checks=checks)
    except FailureGroup as failures:
        for failure in failures.exceptions:
            if isinstance(failure, ServerError):
                fuzzed["server errors"] += 1
            elif isinstance(failure, SCHEMA_VIOLATIONS):
                fuzzed["schema violations"] += 1
            else:  # invalid data accepted, or a token not required
                fuzzed["other failures"] += 1
        raise


def test_every_operation_declares_the_errors_every_operation_can_answer(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            if operation.get("security"):
                assert "401" in declared, (method, path)
            if "{" in path:
                assert "404" in declared, (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= declared, (method, path)
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                # Sent under another content type, such a body is refused unread.
                assert "415" in declared, (method, path)


def test_a_post_to_a_mistyped_path_answers_404_in_the_error_shape(db):
    # Not Django's CSRF page (403, HTML): an id that is not a number matches no route.
    response = Client(enforce_csrf_checks=True).post("/api/v1/asks/not-a-number/snooze")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no API endpoint at /api/v1/asks/not-a-number/snooze."
    }


# What the fuzzing found, pinned: pydantic reads a number, or a string of one, as a Unix time.
@pytest.mark.parametrize("value", ["1700000000", "1.6e-288", "2025-11-03T00:00:00", "2025-1-3"])
def test_a_date_not_written_as_yyyy_mm_dd_is_refused_in_a_query(api, value):
    for path in ("/api/v1/stats", "/api/v1/asks"):
        response = api.get(path, {"from": value})

        assert response.status_code == 422, path
        assert response.json()["detail"] == "from: Write a date as YYYY-MM-DD."


@pytest.mark.parametrize("value", [1700000000, 0.0, "1700000000"])
def test_a_date_not_written_as_yyyy_mm_dd_is_refused_in_a_body(api, owner, value):
    response = api.post(
        "/api/v1/asks", {"title": "Pitch", "asked_on": value}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "asked_on: Write a date as YYYY-MM-DD."
    assert not Ask.objects.filter(user=owner).exists()
