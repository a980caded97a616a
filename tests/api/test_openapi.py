"""The API describes itself at /api/v1/openapi.json and /api/v1/docs, with every contract path."""

import re

from django.test import Client

# Contract paths implemented so far, with their methods (the JSON API v1 contract).
CONTRACT = {
    "/api/v1/auth/signup": {"post"},
    "/api/v1/auth/tokens": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/asks": {"get", "post"},
    "/api/v1/asks/{ask_id}": {"get", "patch", "delete"},
    "/api/v1/challenges": {"post"},
    "/api/v1/groups": {"get", "post"},
    "/api/v1/groups/{group_id}": {"get"},
    "/api/v1/groups/{group_id}/invites": {"post"},
    "/api/v1/invites/{code}/accept": {"post"},
    "/api/v1/groups/{group_id}/challenges": {"get", "post"},
    "/api/v1/challenges/{challenge_id}": {"get"},
    "/api/v1/challenges/{challenge_id}/goal": {"put"},
    "/api/v1/challenges/{challenge_id}/board": {"get"},
    "/api/v1/challenges/{challenge_id}/checkins": {"post"},
}
# Beyond the contract: ours to design, listed so that a route change is caught.
OURS = {
    "/api/v1/challenges": {"get"},
    "/api/v1/challenges/{challenge_id}": {"patch"},
    "/api/v1/challenges/{challenge_id}/end": {"post"},
    "/api/v1/challenges/{challenge_id}/goal": {"get"},
    "/api/v1/challenges/{challenge_id}/checkins": {"get"},
    "/api/v1/groups/{group_id}/invites": {"get"},
    "/api/v1/groups/{group_id}/invites/{code}": {"delete"},
    "/api/v1/groups/{group_id}/membership": {"get", "patch", "delete"},
    "/api/v1/groups/{group_id}/members/{user_id}": {"delete"},
    "/api/v1/groups/{group_id}/organizer": {"post"},
    "/api/v1/groups/{group_id}/feed": {"get"},
    "/api/v1/asks/{ask_id}/cheer": {"post", "delete"},
}
# Members get 403 for these, outsiders 404: the schema says so.
ORGANIZER_ONLY = [
    ("/api/v1/groups/{group_id}/invites", "post"),
    ("/api/v1/groups/{group_id}/invites", "get"),
    ("/api/v1/groups/{group_id}/invites/{code}", "delete"),
    ("/api/v1/groups/{group_id}/members/{user_id}", "delete"),
    ("/api/v1/groups/{group_id}/organizer", "post"),
    ("/api/v1/groups/{group_id}/challenges", "post"),
]
# A group challenge's organizers, or a personal challenge's owner.
MANAGER_ONLY = [
    ("/api/v1/challenges/{challenge_id}", "patch"),
    ("/api/v1/challenges/{challenge_id}/end", "post"),
]


def test_it_serves_the_openapi_schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in CONTRACT.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path


def test_it_serves_our_paths_beyond_the_contract(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, methods in OURS.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path


def test_the_schema_says_which_operations_are_organizer_only(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, method in ORGANIZER_ONLY:
        operation = paths[path][method]
        assert "Organizer only" in operation["description"], path
        assert {"403", "404"} <= set(operation["responses"]), path
    for path, method in MANAGER_ONLY:
        operation = paths[path][method]
        assert "organizers only" in operation["description"], path
        assert {"403", "404"} <= set(operation["responses"]), path


def test_the_schema_names_the_board_fields(db):
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    member = set(schemas["BoardMemberOut"]["properties"])
    assert {
        "user_id", "username", "goal", "rejections_target", "asks", "rejections", "yeses",
        "pending", "progress", "weeks",
    } <= member  # fmt: skip
    assert {"number", "asks", "rejections", "yeses", "goal_met"} <= set(
        schemas["BoardWeekOut"]["properties"]
    )


def test_the_schema_names_the_list_filters(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    names = {parameter["name"] for parameter in paths["/api/v1/asks"]["get"]["parameters"]}
    assert {"outcome", "category", "from", "to", "q", "limit", "offset"} <= names


def test_it_serves_the_docs(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.text


def test_the_docs_load_no_script_from_another_site(db):
    html = Client().get("/api/v1/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert all(source.startswith("/") for source in sources), sources
