"""GET /api/v1/export: the caller's asks as JSON {count, items} or a CSV the import reads back."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nomentum.api.schemas.transfer import ExportOut
from nomentum.asks.exporting import COLUMNS
from nomentum.asks.models import Ask
from tests.api.conftest import api_client
from tests.conftest import make_ask, make_user

URL = "/api/v1/export"
D = dt.date


@pytest.fixture
def asks(owner):
    make_ask(owner, title="Newer", recipient="Granta", asked_on=D(2025, 11, 4), category="pitch")
    make_ask(
        owner,
        title='=HYPERLINK("http://evil.example")',
        recipient="@editor",
        asked_on=D(2025, 11, 3),
        outcome="no",
        feedback="form",
        decided_on=D(2025, 11, 20),
        amount=Decimal("1500.50"),
        notes="-- first line\r\nsecond, with a comma",
        follow_up_on=D(2026, 1, 15),
        private=True,
    )


def content(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_json_lists_every_ask_oldest_first_with_the_import_columns(api, asks):
    response = api.get(URL)

    assert response.status_code == 200
    body = response.json()
    ExportOut.model_validate(body)
    assert body["count"] == 2
    assert body["items"] == [
        {
            "title": '=HYPERLINK("http://evil.example")',
            "recipient": "@editor",
            "category": None,
            "asked_on": "2025-11-03",
            "outcome": "no",
            "feedback": "form",
            "decided_on": "2025-11-20",
            "amount": 1500.5,
            "notes": "-- first line\r\nsecond, with a comma",
            "follow_up_on": "2026-01-15",
            "private": True,
        },
        {
            "title": "Newer",
            "recipient": "Granta",
            "category": "Pitch",
            "asked_on": "2025-11-04",
            "outcome": "pending",
            "feedback": "",
            "decided_on": None,
            "amount": None,
            "notes": "",
            "follow_up_on": None,
            "private": False,
        },
    ]
    assert list(body["items"][0]) == list(COLUMNS)


def test_csv_is_an_attachment_with_formulas_neutralised(api, asks):
    response = api.get(URL + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="nomentum-asks-')
    rows = list(csv.reader(io.StringIO(content(response), newline="")))
    assert rows == [
        list(COLUMNS),
        [
            '\'=HYPERLINK("http://evil.example")',
            "'@editor",
            "",
            "2025-11-03",
            "no",
            "form",
            "2025-11-20",
            "1500.50",
            "'-- first line\r\nsecond, with a comma",
            "2026-01-15",
            "yes",
        ],
        ["Newer", "Granta", "Pitch", "2025-11-04", "pending", "", "", "", "", "", "no"],
    ]


def test_the_csv_imports_into_another_account_as_the_same_asks(api, owner, asks):
    exported = content(api.get(URL + "?format=csv")).encode()
    other = make_user()

    response = api_client(other).post(
        "/api/v1/import", {"file": SimpleUploadedFile("asks.csv", exported)}
    )

    assert response.json() == {"created": 2, "skipped": 0, "errors": []}
    fields = ["title", "recipient", "category__name", "asked_on", "outcome", "feedback",
              "decided_on", "amount", "notes", "follow_up_on", "private"]  # fmt: skip
    mine = sorted(Ask.objects.filter(user=owner).values_list(*fields))
    theirs = sorted(Ask.objects.filter(user=other).values_list(*fields))
    assert theirs == mine


def test_an_outsider_gets_only_their_own_asks(outsider_api, outsider, asks):
    make_ask(outsider, title="Theirs")

    body = outsider_api.get(URL).json()
    text = content(outsider_api.get(URL + "?format=csv"))

    assert [item["title"] for item in body["items"]] == ["Theirs"]
    assert "Granta" not in text and "Theirs" in text


def test_no_asks_export_as_a_header_alone(api):
    assert api.get(URL).json() == {"count": 0, "items": []}
    assert content(api.get(URL + "?format=csv")) == ",".join(COLUMNS) + "\r\n"


def test_an_unknown_format_is_refused(api):
    response = api.get(URL + "?format=xlsx")

    assert response.status_code == 422
    assert response.json()["detail"].startswith("format: ")


@pytest.mark.parametrize("query", ["", "?format=csv"])
def test_anonymous_gets_401(db, query):
    response = Client().get(URL + query)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Log in")


def test_the_schema_documents_the_export(db):
    operation = Client().get("/api/v1/openapi.json").json()["paths"][URL]["get"]

    assert "format=csv" in operation["description"]
    assert [parameter["name"] for parameter in operation["parameters"]] == ["format"]
