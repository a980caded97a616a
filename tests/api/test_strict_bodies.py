"""Every JSON body is read strictly: its own JSON types, only known fields, sent as JSON.

The operations and their fields come from /api/v1/openapi.json, so that an operation
added later is held to the same rules without a test of its own.
"""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from pydantic import Field, ValidationError

from nomentum.api.errors import describe
from nomentum.api.schemas.base import Input

JSON = "application/json"


def openapi() -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def json_operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield (method, url, body schema) for every operation that takes a JSON body."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if JSON in content:
                # Any id will do: a body is read before any object is looked up.
                url = re.sub(r"\{[^}]+\}", "1", path)
                yield method, url, resolve(schema, content[JSON]["schema"])


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Return the node without $ref, allOf of one, or anyOf with null: the type it stands for."""
    if "$ref" in node:
        return resolve(schema, schema["components"]["schemas"][node["$ref"].split("/")[-1]])
    for key in ("allOf", "anyOf"):
        kinds = [kind for kind in node.get(key, []) if kind.get("type") != "null"]
        if len(kinds) == 1:
            return resolve(schema, kinds[0])
    return node


def fields(schema: dict[str, Any], body: dict[str, Any], prefix: str = "") -> Iterator:
    """Yield (dotted name, field schema, wrap) for every field of a body, nested ones too.

    wrap(value) is a body with the value in that field alone.
    """
    for name, node in body.get("properties", {}).items():
        node = resolve(schema, node)
        dotted = f"{prefix}{name}"
        yield dotted, node, lambda value, name=name: {name: value}
        if node.get("type") == "object":
            for inner, inner_node, inner_wrap in fields(schema, node, f"{dotted}."):
                yield inner, inner_node, lambda value, n=name, w=inner_wrap: {n: w(value)}


def every_field(kind: str) -> list[Any]:
    """Return a test case (method, url, field, field schema, wrap) per body field of a JSON type.

    A field of fixed values (an enum) is left out: its message names the values.
    """
    # Read at collection, when there is no database yet; building the schema needs none.
    from nomentum.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        pytest.param(method, url, name, node, wrap, id=f"{method} {url} {name}")
        for method, url, body in json_operations(schema)
        for name, node, wrap in fields(schema, body)
        if node.get("type") == kind and "enum" not in node
    ]


def send(client: Client, method: str, url: str, body: Any, content_type: str = JSON) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type=content_type)


def problems(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


def test_every_operation_with_a_json_body_is_walked(db):
    # The walk below would pass on no operations at all.
    walked = {(method, url) for method, url, _ in json_operations(openapi())}
    assert ("post", "/api/v1/asks") in walked
    assert ("patch", "/api/v1/asks/1") in walked
    assert ("post", "/api/v1/challenges/1/checkins") in walked
    assert not {url for _, url in walked} & {"/api/v1/import"}


def test_every_json_body_refuses_an_unknown_field_by_name(api):
    for method, url, _ in json_operations(openapi()):
        response = send(api, method, url, {"colour": "red"})

        assert response.status_code == 422, (method, url)
        assert response.json()["detail"] == "Unknown field: colour.", (method, url)


def test_every_json_body_refuses_another_content_type(api):
    for method, url, _ in json_operations(openapi()):
        response = send(api, method, url, {}, content_type="text/plain")

        assert response.status_code == 415, (method, url)
        detail = response.json()["detail"]
        assert detail == (
            "Send the body as JSON, with Content-Type: application/json (not text/plain)."
        ), (method, url)


def test_every_json_body_says_in_the_schema_that_it_takes_no_other_field(db):
    schema = openapi()
    for method, url, body in json_operations(schema):
        assert body.get("additionalProperties") is False, (method, url)
        for name, node, _ in fields(schema, body):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, (method, url, name)


@pytest.mark.parametrize(("method", "url", "name", "node", "wrap"), every_field("boolean"))
@pytest.mark.parametrize("value", ["true", "yes", 1, 0])
def test_every_boolean_in_a_body_is_true_or_false(api, method, url, name, node, wrap, value):
    found = problems(send(api, method, url, wrap(value)))

    assert {"field": name, "message": "Use true or false."} in found


@pytest.mark.parametrize(("method", "url", "name", "node", "wrap"), every_field("integer"))
@pytest.mark.parametrize("value", ["3", True, 2.5, 3.0])
def test_every_integer_in_a_body_is_a_whole_json_number(api, method, url, name, node, wrap, value):
    found = problems(send(api, method, url, wrap(value)))

    assert {"field": name, "message": "Use a whole number, such as 3."} in found


@pytest.mark.parametrize(
    ("method", "url", "name", "node", "wrap"),
    [case for case in every_field("string") if "maxLength" in case.values[3]],
)
def test_every_text_in_a_body_is_counted_in_characters(api, method, url, name, node, wrap):
    limit = node["maxLength"]
    found = problems(send(api, method, url, wrap("x" * (limit + 1))))

    assert {"field": name, "message": f"Use at most {limit} characters."} in found


@pytest.mark.parametrize(("method", "url", "name", "node", "wrap"), every_field("object"))
@pytest.mark.parametrize("value", [5, "tally", [], True])
def test_every_object_in_a_body_is_a_json_object(api, method, url, name, node, wrap, value):
    found = problems(send(api, method, url, wrap(value)))

    assert {"field": name, "message": "Use a JSON object."} in found


class Several(Input):
    ids: list[int] = Field(max_length=3)


def test_a_list_over_its_limit_is_counted_in_items():
    with pytest.raises(ValidationError) as refused:
        Several.model_validate({"ids": [1, 2, 3, 4]})

    assert describe(refused.value.errors())[0] == "ids: Use at most 3 items."
