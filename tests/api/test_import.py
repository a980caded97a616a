"""POST /api/v1/import: a CSV becomes the caller's asks, all or none, never twice."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nomentum.asks.models import Ask, Category
from tests.conftest import client_for, make_ask, stored
from tests.imports.files import WIDE_FILES, submission_log

URL = "/api/v1/import"
CORPUS = Path(__file__).resolve().parent.parent / "imports" / "corpus"
GOOD = (
    b"Title,Market,Date Sent,Status\n"
    b"The Night Train,Granta,11/03/2025,Form rejection\n"
    b"Salt,Poetry,2025-11-04,Accepted\n"
)
BAD = (
    b"Title,Market,Date Sent,Status\n"
    b"The Night Train,Granta,someday,Form rejection\n"
    b",Poetry,2025-11-04,Maybe\n"
)


def upload(client: Client, data: bytes, query: str = "", **fields: str):
    file = SimpleUploadedFile("asks.csv", data, content_type="text/csv")
    return client.post(URL + query, {"file": file, **fields})


def refused(response, status: int, starts: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"].startswith(starts), body["detail"]
    return body


def test_it_imports_the_callers_asks(api, owner):
    response = upload(api, GOOD)

    assert response.status_code == 200
    assert response.json() == {"created": 2, "skipped": 0, "errors": []}
    ask = Ask.objects.get(user=owner, title="The Night Train")
    assert (ask.recipient, str(ask.asked_on), ask.outcome, ask.feedback) == (
        "Granta",
        "2025-11-03",
        "no",
        "form",
    )


def test_a_second_import_of_the_same_file_creates_nothing(api, owner):
    upload(api, GOOD)
    before = stored(Ask, Category)

    response = upload(api, GOOD)

    assert response.json() == {"created": 0, "skipped": 2, "errors": []}
    assert stored(Ask, Category) == before


def test_duplicates_are_imported_when_asked_to(api, owner):
    upload(api, GOOD)

    response = upload(api, GOOD, "?skip_duplicates=false")

    assert response.json() == {"created": 2, "skipped": 0, "errors": []}
    assert Ask.objects.filter(user=owner).count() == 4


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(api, owner):
    make_ask(owner, title="Salt", recipient="Poetry", asked_on=dt.date(2025, 11, 4))
    before = stored(Ask, Category)

    response = upload(api, GOOD, "?dry_run=true")

    assert response.status_code == 200
    assert response.json() == {"created": 1, "skipped": 1, "errors": []}
    assert stored(Ask, Category) == before


@pytest.mark.parametrize("query", ["", "?dry_run=true"])
def test_any_bad_row_answers_400_with_every_error_and_writes_nothing(api, owner, query):
    before = stored(Ask, Category)

    body = refused(upload(api, BAD, query), 400, "Row 2, asked_on: “someday” is not a date")

    assert body["detail"].endswith("(and 2 more problems: see errors) Nothing was imported.")
    assert [(error["row"], error["field"]) for error in body["errors"]] == [
        (2, "asked_on"),
        (3, "outcome"),
        (3, "title"),
    ]
    assert all(set(error) == {"row", "field", "message"} for error in body["errors"])
    assert stored(Ask, Category) == before


def test_a_corpus_file_refused_row_by_row(api, owner):
    body = refused(upload(api, (CORPUS / "missing_values.csv").read_bytes()), 400, "Row 4, title")

    assert body["errors"] == [
        {"row": 4, "field": "title", "message": "The title is missing."},
        {"row": 5, "field": "asked_on", "message": "The date of the ask is missing."},
    ]


def test_a_mapping_sent_is_used_instead_of_the_guess(api, owner):
    data = b"Gift,Prospect,When,Gift Date,Outcome\nMatch,Acme,2025-11-03,2025-11-30,Funded\n"
    mapping = {
        "Gift": "title",
        "Prospect": "recipient",
        "When": "asked_on",
        "Gift Date": "decided_on",
        "Outcome": "outcome",
    }

    response = upload(api, data, mapping=json.dumps(mapping))

    assert response.json() == {"created": 1, "skipped": 0, "errors": []}
    ask = Ask.objects.get(user=owner)
    assert (ask.title, ask.recipient, ask.outcome, str(ask.decided_on)) == (
        "Match",
        "Acme",
        "yes",
        "2025-11-30",
    )


@pytest.mark.parametrize(
    ("mapping", "starts"),
    [
        ("{", "mapping is not valid JSON: Expecting property name"),
        ('["title"]', "The mapping must be a JSON object from column to field"),
        ('{"Title": "headline"}', "“headline” is not an ask field"),
        ('{"Headline": "title"}', "The mapping names a column the file does not have: “Headline”"),
        ('{"Title": "title"}', "Map a column to title and one to asked_on"),
        ('{"Title": "title", "Market": "title"}', "Two columns fill title"),
    ],
)
def test_a_bad_mapping_is_refused_with_a_sentence_and_nothing_written(api, owner, mapping, starts):
    before = stored(Ask, Category)

    body = refused(upload(api, GOOD, mapping=mapping), 400, starts)

    assert "errors" not in body or body["errors"] == []
    assert stored(Ask, Category) == before


def test_a_file_over_five_megabytes_answers_413(api, owner):
    before = stored(Ask, Category)

    data = b"Title,Date Sent\n" + b"A,2025-11-03\n" * 420_000
    assert len(data) > 5 * 1024 * 1024

    refused(upload(api, data), 413, "The file is larger than 5 MB")
    assert stored(Ask, Category) == before


def test_more_than_fifty_thousand_rows_are_refused(api, owner):
    before = stored(Ask, Category)

    refused(upload(api, submission_log(50_001)), 400, "The file has more than 50,000 rows")
    assert stored(Ask, Category) == before


@pytest.mark.parametrize("data", WIDE_FILES.values(), ids=WIDE_FILES.keys())
def test_a_header_of_thousands_of_columns_is_refused_and_nothing_written(api, owner, data):
    before = stored(Ask, Category)

    body = refused(upload(api, data), 400, "The file has more than 200 columns")

    assert "errors" not in body or body["errors"] == []
    assert stored(Ask, Category) == before


def test_a_file_that_is_not_utf8_is_refused(api, owner):
    refused(upload(api, (CORPUS / "not_utf8.csv").read_bytes()), 400, "The file is not UTF-8")


def test_without_a_file_it_says_so(api):
    refused(api.post(URL, {}), 400, "Send the CSV file in the multipart form field “file”.")


def test_it_imports_into_the_callers_account_only(outsider_api, owner, outsider):
    make_ask(owner, title="Salt", recipient="Poetry")
    owners_before = list(Ask.objects.filter(user=owner).values())

    response = upload(outsider_api, GOOD)

    assert response.json()["created"] == 2
    assert Ask.objects.filter(user=outsider).count() == 2
    assert list(Ask.objects.filter(user=owner).values()) == owners_before


def test_the_browser_session_imports_with_its_csrf_token(owner):
    session = client_for(owner)

    response = upload(session, GOOD)

    assert response.json()["created"] == 2


def test_anonymous_gets_401_and_nothing_is_written(db):
    before = stored(Ask, Category)

    refused(upload(Client(), GOOD), 401, "Log in")
    assert stored(Ask, Category) == before


def test_the_schema_documents_the_import(db):
    operation = Client().get("/api/v1/openapi.json").json()["paths"][URL]["post"]

    assert {"200", "400", "413"} <= set(operation["responses"])
    assert "all of them, or none" in operation["description"]
