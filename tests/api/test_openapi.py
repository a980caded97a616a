"""The API describes itself at /api/v1/openapi.json and /api/v1/docs, with every contract path."""

from django.test import Client

# Contract paths implemented so far, with their methods (DESIGN.md, "JSON API v1").
CONTRACT = {
    "/api/v1/auth/signup": {"post"},
    "/api/v1/auth/tokens": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/asks": {"get", "post"},
    "/api/v1/asks/{ask_id}": {"get", "patch", "delete"},
}


def test_it_serves_the_openapi_schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in CONTRACT.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path


def test_the_schema_names_the_list_filters(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    names = {parameter["name"] for parameter in paths["/api/v1/asks"]["get"]["parameters"]}
    assert {"outcome", "category", "from", "to", "q", "limit", "offset"} <= names


def test_it_serves_the_docs(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.text
