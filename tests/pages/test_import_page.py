"""The import pages (upload, preview, import) and the export downloads, for everyone."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nomentum.asks import importing
from nomentum.asks.models import Ask, Category
from nomentum.web.pages import transfer as views
from tests.conftest import make_ask, stored
from tests.imports.files import WIDE_FILES

URL = "/asks/import"
CONFIRM = "/asks/import/confirm"
FILE = (
    b"Title,Market,Date Sent,Status,Notes\r\n"
    b"The Night Train,Granta,11/03/2025,Form rejection,\r\n"
    b"Salt,Poetry,2025-11-04,Accepted,First yes\r\n"
    b"Salt,Poetry,2025-11-04,Accepted,First yes\r\n"
)
BAD = b"Title,Market,Date Sent,Status\nA,Granta,someday,Rejected\nB,Granta,2025-11-03,Maybe\n"
GUESSED = {"column_0": "title", "column_1": "recipient", "column_2": "asked_on"}


def choose(client: Client, data: bytes, name: str = "asks.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def confirm(client: Client, data: bytes, action: str, **fields: str | None):
    posted: dict[str, str | None] = {
        "data": importing.pack(data),
        **GUESSED,
        "column_3": "outcome",
        "column_4": "notes",
        "skip_duplicates": "on",
        "action": action,
    }
    posted.update(fields)
    return client.post(CONFIRM, {k: v for k, v in posted.items() if v is not None})


# The upload form ----------------------------------------------------------------------


def test_the_upload_form_states_the_limits_and_offers_the_exports(owner_client):
    response = owner_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html
    assert "at most 5 MB and 50,000 rows" in html
    assert 'href="/asks/export.csv"' in html and 'href="/asks/export.json"' in html


def test_choosing_no_file_says_so(owner_client):
    response = owner_client.post(URL, {})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_file_over_five_megabytes_is_refused_on_the_form(owner_client):
    response = choose(owner_client, b"Title\n" + b"x" * (5 * 1024 * 1024))

    assert response.status_code == 400
    assert "The file is larger than 5 MB" in response.content.decode()


def test_a_file_that_is_not_csv_text_is_refused_on_the_form(owner_client):
    response = choose(owner_client, "Title\nCafé\n".encode("cp1252"))

    assert response.status_code == 400
    assert "save it as “CSV UTF-8”" in response.content.decode()


@pytest.mark.parametrize("data", WIDE_FILES.values(), ids=WIDE_FILES.keys())
def test_a_header_of_thousands_of_columns_is_refused_on_the_form(owner_client, data):
    before = stored(Ask, Category)

    response = choose(owner_client, data)

    assert response.status_code == 400
    assert "The file has more than 200 columns" in response.content.decode()
    assert stored(Ask, Category) == before


@pytest.mark.parametrize("data", WIDE_FILES.values(), ids=WIDE_FILES.keys())
def test_a_header_of_thousands_of_columns_is_refused_when_importing(owner_client, data):
    before = stored(Ask, Category)

    response = confirm(owner_client, data, "import")

    assert response.status_code == 400
    assert "The file has more than 200 columns" in response.content.decode()
    assert stored(Ask, Category) == before


# The preview ---------------------------------------------------------------------------


def test_the_preview_shows_the_guessed_columns_the_rows_and_the_duplicates(owner, owner_client):
    make_ask(owner, title="The Night Train", recipient="Granta", asked_on=dt.date(2025, 11, 3))
    before = stored(Ask, Category)

    response = choose(owner_client, FILE)

    assert response.status_code == 200
    html = response.content.decode()
    report = response.context["report"]
    assert (report.rows, report.duplicates, report.created, report.errors) == (3, 2, 1, [])
    assert '<option value="recipient" selected>Recipient</option>' in html
    assert '<label for="id_column_1">Market</label>' in html
    assert 'data-count="duplicates">2<' in html
    assert "Import 1 ask</button>" in html
    assert "Check again" in html
    assert "2025-11-03" in html and "No: form no" in html
    assert 'name="data" value="' in html
    assert "Skip asks I already have" in html
    assert stored(Ask, Category) == before


def test_the_preview_lists_every_error_with_its_row_and_offers_no_import(owner_client):
    before = stored(Ask, Category)

    response = choose(owner_client, BAD)

    assert response.status_code == 200
    html = response.content.decode()
    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [
        (2, "Date Sent"),
        (3, "Status"),
    ]
    assert "<td>2</td><td>Date Sent</td><td>“someday” is not a date" in html
    assert "<td>3</td><td>Status</td><td>“Maybe” is not an outcome" in html
    assert "2 problems in 2 rows. Nothing was saved" in html
    assert 'value="import"' not in html
    assert stored(Ask, Category) == before


def test_a_mapping_without_a_title_is_explained_on_the_preview(owner_client):
    response = choose(owner_client, b"Headline,When\nA,2025-11-03\n")

    assert response.status_code == 400
    assert "Map a column to title and one to asked_on" in response.content.decode()
    assert 'name="column_0"' in response.content.decode()


def test_checking_again_uses_the_columns_chosen(owner_client):
    response = confirm(owner_client, FILE, "check", column_1="")

    assert response.status_code == 200
    report = response.context["report"]
    assert report.mapping["Market"] == ""
    assert report.fields == ["title", "asked_on", "outcome", "decided_on", "notes"]
    assert '<option value="" selected>(ignore)</option>' in response.content.decode()


def test_a_file_too_large_to_carry_is_chosen_again_on_the_preview(owner, owner_client, monkeypatch):
    monkeypatch.setattr(views, "_carry_limit", lambda: 10)

    preview = choose(owner_client, FILE)
    html = preview.content.decode()
    assert 'name="data"' not in html
    assert 'enctype="multipart/form-data"' in html and "Choose the file again" in html

    response = owner_client.post(
        CONFIRM,
        {
            "file": SimpleUploadedFile("asks.csv", FILE),
            **GUESSED,
            "column_3": "outcome",
            "skip_duplicates": "on",
            "action": "import",
        },
    )
    assert response.status_code == 302
    assert Ask.objects.filter(user=owner).count() == 2


def test_damaged_carried_data_sends_the_person_back_to_choose_the_file(owner_client):
    response = owner_client.post(CONFIRM, {"data": "not base64!", "action": "import"})

    assert response.status_code == 400
    assert "The file did not come through: choose it again." in response.content.decode()


# Importing --------------------------------------------------------------------------


def test_importing_writes_every_ask_once_and_says_so(owner, owner_client):
    response = confirm(owner_client, FILE, "import")

    assert response.status_code == 302
    assert response["Location"] == "/asks/"
    assert sorted(Ask.objects.filter(user=owner).values_list("title", "outcome")) == [
        ("Salt", "yes"),
        ("The Night Train", "no"),
    ]
    page = owner_client.get("/asks/").content.decode()
    assert "Imported 2 asks and skipped 1 you already had." in page


def test_importing_the_same_file_again_creates_nothing(owner, owner_client):
    confirm(owner_client, FILE, "import")
    before = stored(Ask, Category)

    preview = choose(owner_client, FILE)
    assert "Nothing new to import" in preview.content.decode()
    confirm(owner_client, FILE, "import")

    assert stored(Ask, Category) == before


def test_duplicates_are_imported_when_the_box_is_cleared(owner, owner_client):
    confirm(owner_client, FILE, "import", skip_duplicates=None)

    assert Ask.objects.filter(user=owner, title="Salt").count() == 2


def test_an_import_with_a_bad_row_writes_nothing_and_shows_the_errors(owner, owner_client):
    before = stored(Ask, Category)

    response = confirm(owner_client, BAD, "import", column_4=None)

    assert response.status_code == 400
    assert "“Maybe” is not an outcome" in response.content.decode()
    assert stored(Ask, Category) == before


def test_an_outsiders_import_is_theirs_alone(owner, outsider, outsider_client):
    make_ask(owner, title="Salt", recipient="Poetry")
    owners = list(Ask.objects.filter(user=owner).values())

    confirm(outsider_client, FILE, "import")

    assert Ask.objects.filter(user=outsider).count() == 2
    assert list(Ask.objects.filter(user=owner).values()) == owners


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", URL),
        ("post", URL),
        ("post", CONFIRM),
        ("get", "/asks/export.csv"),
        ("get", "/asks/export.json"),
    ],
)
def test_anonymous_is_sent_to_log_in_and_nothing_is_written(db, method, path):
    before = stored(Ask, Category)
    posted = {"data": importing.pack(FILE), **GUESSED, "action": "import"}

    response = getattr(Client(), method)(path, posted if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")
    assert stored(Ask, Category) == before


def test_the_confirm_step_takes_posts_only(owner_client):
    assert owner_client.get(CONFIRM).status_code == 405


# Exports ---------------------------------------------------------------------------------


def test_the_csv_download_holds_the_persons_asks_neutralised(owner, owner_client, outsider):
    make_ask(owner, title="=cmd|' /C calc'!A0", recipient="Granta")
    make_ask(outsider, title="Not mine")

    response = owner_client.get("/asks/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="nomentum-asks-')
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("title,recipient,category,asked_on,outcome,feedback,decided_on,")
    assert "'=cmd|' /C calc'!A0,Granta" in text
    assert "Not mine" not in text


def test_the_json_download_holds_the_persons_asks(owner, owner_client, outsider):
    make_ask(owner, title="Mine")
    make_ask(outsider, title="Not mine")

    response = owner_client.get("/asks/export.json")

    assert response["Content-Disposition"].startswith('attachment; filename="nomentum-asks-')
    body = json.loads(response.content)
    assert body["count"] == 1
    assert [item["title"] for item in body["items"]] == ["Mine"]


def test_the_ask_list_and_the_menu_link_to_import_and_export(owner_client):
    html = owner_client.get("/asks/").content.decode()

    assert html.count('href="/asks/export.csv"') == 2  # the menu and the list
    assert 'href="/asks/export.json"' in html
    assert html.count('href="/asks/import"') == 2


def test_a_file_with_a_header_alone_has_nothing_to_import(owner_client):
    response = choose(owner_client, b"Title,Date Sent\r\n")

    assert response.status_code == 200
    assert "the file has no rows below its header" in response.content.decode()
    assert 'value="import"' not in response.content.decode()
