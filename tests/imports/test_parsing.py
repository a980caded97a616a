"""Reading a CSV: its shape, the guessed columns, and each cell's words, dates and amounts."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nomentum.asks import importing
from nomentum.asks.exporting import neutralise, restore
from nomentum.asks.importing import (
    DAY_FIRST,
    MONTH_FIRST,
    CellError,
    FileTooLarge,
    ImportRefused,
    check_mapping,
    guess_mapping,
    parse,
    read_amount,
    read_date,
    read_outcome,
    read_private,
    slashed_order,
)
from tests.imports.files import submission_log, wide_file


def rows(data: bytes) -> list[tuple[int, list[str]]]:
    return [(row.number, row.cells) for row in parse(data).rows]


# The shape of the file --------------------------------------------------------------


def test_it_reads_a_byte_order_mark_semicolons_and_windows_line_ends():
    table = parse(b'\xef\xbb\xbfTitle;Date Sent\r\n"A; b";2025-11-03\r\nC;2025-11-04\r\n')

    assert table.headers == ["Title", "Date Sent"]
    assert table.delimiter == ";"
    assert rows(b'\xef\xbb\xbfTitle;Date Sent\r\n"A; b";2025-11-03\r\n') == [
        (2, ["A; b", "2025-11-03"])
    ]


def test_it_picks_the_delimiter_the_header_uses_most_outside_quotes():
    assert parse(b'"Title, of the ask";Date\nx;y\n').delimiter == ";"
    assert parse(b"Title,Date;Sent,Status\n").delimiter == ","
    assert parse(b"Title\tDate Sent\n").delimiter == "\t"
    assert parse(b"Title\nx\n").delimiter == ","


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = b'\nTitle,Notes\n\nA,"two\nlines"\n,\n   \nB,x\n\n'

    assert rows(data) == [(4, ["A", "two\nlines"]), (7, ["B", "x"])]


def test_empty_and_repeated_headers_get_names_of_their_own():
    assert parse(b"Title,,Notes,Notes, notes \n").headers == [
        "Title",
        "Column 2",
        "Notes",
        "Notes (2)",
        "notes",
    ]
    # A repeated name skips the numbers the file's own headers already use.
    assert parse(b"Notes,Notes (2),Notes,Notes,Notes (3)\n").headers == [
        "Notes",
        "Notes (2)",
        "Notes (3)",
        "Notes (4)",
        "Notes (3) (2)",
    ]


@pytest.mark.parametrize("repeat", [None, "Notes"], ids=["distinct names", "equal names"])
def test_it_reads_two_hundred_columns_and_refuses_more(repeat):
    assert len(parse(wide_file(200, repeat)).headers) == 200

    with pytest.raises(ImportRefused) as refused:
        parse(wide_file(201, repeat))
    assert refused.value.message == (
        "The file has more than 200 columns: keep the columns of your asks "
        "(200 at most) and save it again."
    )


def test_it_refuses_a_file_without_a_header():
    with pytest.raises(ImportRefused, match="empty"):
        parse(b"\r\n  \r\n")


def test_it_refuses_a_file_that_is_not_utf8_saying_where():
    with pytest.raises(ImportRefused, match=r"not UTF-8 text \(line 2") as refused:
        parse("Title\nCafé\n".encode("cp1252"))
    assert "CSV UTF-8" in refused.value.message


def test_it_refuses_null_characters():
    with pytest.raises(ImportRefused, match="null"):
        parse(b"Title\nA\x00B\n")


def test_it_refuses_a_file_over_five_megabytes():
    with pytest.raises(FileTooLarge) as refused:
        parse(b"Title\n" + b"x" * importing.MAX_BYTES)
    assert refused.value.status == 413
    assert refused.value.message == "The file is larger than 5 MB: split it into smaller files."


def test_it_reads_exactly_fifty_thousand_rows_and_refuses_one_more():
    assert len(parse(submission_log(50_000)).rows) == 50_000

    with pytest.raises(ImportRefused) as refused:
        parse(submission_log(50_001))
    assert (
        refused.value.message == "The file has more than 50,000 rows: split it into smaller files."
    )


def test_a_cell_beyond_what_csv_reads_is_refused_with_its_row():
    with pytest.raises(ImportRefused, match="Row 3 cannot be read"):
        parse(b"Title\nA\n" + b"x" * 200_000 + b"\n")


# Guessing the columns ---------------------------------------------------------------


def test_it_guesses_the_columns_of_common_spreadsheets_in_any_case_and_spacing():
    headers = [
        "TITLE",
        "publication",
        "Date  Submitted",
        "response_date",
        "Status",
        "Notes",
        "amount",
        "Location",
    ]
    assert guess_mapping(headers) == {
        "TITLE": "title",
        "publication": "recipient",
        "Date  Submitted": "asked_on",
        "response_date": "decided_on",
        "Status": "outcome",
        "Notes": "notes",
        "amount": "amount",
        "Location": "",
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Publisher", "recipient"),
        ("Market", "recipient"),
        ("Date Sent", "asked_on"),
        ("Result Date", "decided_on"),
        ("Result", "outcome"),
        ("Follow-up on", "follow_up_on"),
        ("asked_on", "asked_on"),
        ("decided_on", "decided_on"),
        ("follow_up_on", "follow_up_on"),
        ("private", "private"),
        ("feedback", "feedback"),
        ("category", "category"),
    ],
)
def test_it_knows_the_headers_of_the_issue_and_of_our_own_export(header, field):
    assert guess_mapping([header]) == {header: field}


def test_the_first_column_naming_a_field_gets_it():
    assert guess_mapping(["Date Submitted", "Date Sent", "Title"]) == {
        "Date Submitted": "asked_on",
        "Date Sent": "",
        "Title": "title",
    }


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (["title"], "must be a JSON object"),
        ({"Title": 3}, "must be a JSON object"),
        ({"Nope": "title"}, "names a column the file does not have: “Nope”"),
        ({"Title": "headline", "Date": "asked_on"}, "“headline” is not an ask field"),
        ({"Title": "title", "Date": "title"}, "Two columns fill title"),
        ({"Title": "title"}, "Map a column to title and one to asked_on"),
    ],
)
def test_it_refuses_a_mapping_it_cannot_use(mapping, message):
    with pytest.raises(ImportRefused, match=message):
        check_mapping(mapping, ["Title", "Date", "Notes"])


def test_a_mapping_ignores_the_columns_it_does_not_name():
    assert check_mapping(
        {"Title": "title", "Date": "asked_on", "Notes": None}, ["Title", "Date", "Notes", "X"]
    ) == {
        "Title": "title",
        "Date": "asked_on",
        "Notes": "",
        "X": "",
    }


# Cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "outcome", "feedback"),
    [
        ("Rejected", "no", ""),
        ("Declined", "no", ""),
        ("R", "no", ""),
        ("Form rejection", "no", "form"),
        ("form  REJECTION", "no", "form"),
        ("Personal rejection", "no", "personal"),
        ("PR", "no", "personal"),
        ("Accepted", "yes", ""),
        ("Published", "yes", ""),
        ("A", "yes", ""),
        ("Withdrawn", "withdrawn", ""),
        ("No response", "no_response", ""),
        ("no_response", "no_response", ""),
        ("NR", "no_response", ""),
        ("Pending", "pending", ""),
        ("", "pending", ""),
        ("R&R", "no", "invited_back"),
    ],
)
def test_outcome_words_and_codes_become_an_outcome_and_feedback(word, outcome, feedback):
    assert read_outcome(word) == (outcome, feedback)


def test_an_unknown_outcome_word_says_which_words_it_knows():
    with pytest.raises(CellError, match="“Maybe” is not an outcome Nomentum knows: use Rejected"):
        read_outcome("Maybe")


@pytest.mark.parametrize(
    ("value", "order", "day"),
    [
        ("2025-11-03", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("2025-11-03T09:30:00Z", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("2025-11-03 00:00:00", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("2025/11/03", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("11/03/2025", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("11/3/2025 14:05", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("11/3/25", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("03/11/2025", DAY_FIRST, dt.date(2025, 11, 3)),
        ("3.11.2025", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("03.11.2025", DAY_FIRST, dt.date(2025, 11, 3)),
        ("3 Nov 2025", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("3-Nov-25", MONTH_FIRST, dt.date(2025, 11, 3)),
        ("November 3, 2025", MONTH_FIRST, dt.date(2025, 11, 3)),
        (" 2025-11-03 ", MONTH_FIRST, dt.date(2025, 11, 3)),
    ],
)
def test_it_reads_iso_excel_style_and_dotted_dates(value, order, day):
    assert read_date(value, order) == day


@pytest.mark.parametrize("value", ["next Tuesday", "2025-13-01", "11/31/2025", "3.11", "45962"])
def test_it_refuses_what_is_not_a_date(value):
    with pytest.raises(CellError, match=f"“{value}” is not"):
        read_date(value, MONTH_FIRST)


def test_slashed_dates_are_month_first_unless_only_day_first_fits():
    assert slashed_order(["11/03/2025", "12/01/2025"]) == MONTH_FIRST
    assert slashed_order(["11/03/2025", "10/23/2025"]) == MONTH_FIRST
    assert slashed_order(["11/03/2025", "23/10/2025"]) == DAY_FIRST
    # Both readings impossible somewhere: month first, and the bad cells are errors.
    assert slashed_order(["23/10/2025", "10/23/2025"]) == MONTH_FIRST
    assert slashed_order(["2025-11-03", ""]) == MONTH_FIRST


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1500", Decimal("1500")),
        ("1500.50", Decimal("1500.50")),
        ("$1,500.50", Decimal("1500.50")),
        ("1,500", Decimal("1500")),
        ("1.500,50 €", Decimal("1500.50")),
        ("12,50", Decimal("12.50")),
        ("£ 20", Decimal("20")),
        ("USD 99.99", Decimal("99.99")),
    ],
)
def test_it_reads_amounts_as_people_write_them(value, amount):
    assert read_amount(value) == amount


@pytest.mark.parametrize("value", ["lots", "1e5", "NaN", "1,5,0", "12..5"])
def test_it_refuses_what_is_not_an_amount(value):
    with pytest.raises(CellError, match="is not an amount"):
        read_amount(value)


def test_private_reads_yes_and_no_words():
    assert [read_private(word) for word in ["yes", "TRUE", "x", "1", "", "no", "False"]] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(CellError):
        read_private("perhaps")


# Formula neutralising -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1 more", "'+1 more"),
        ("-5 reasons", "'-5 reasons"),
        ("@editor", "'@editor"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
        ("'Tis the season", "'Tis the season"),
        ("Plain", "Plain"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_quote_in_front(cell, written):
    assert neutralise(cell) == written
    assert restore(written) == cell


@given(st.text())
def test_taking_the_quote_off_gives_back_any_cell(cell):
    written = neutralise(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(written) == cell


# Carrying the file between the two pages -----------------------------------------------


def test_a_packed_file_unpacks_to_the_same_bytes():
    data = submission_log(1000)

    packed = importing.pack(data)

    assert importing.unpack(packed) == data
    assert len(packed) < len(data) / 3


def test_unpacking_refuses_damage_and_a_file_that_inflates_past_the_limit():
    with pytest.raises(ImportRefused, match="did not come through"):
        importing.unpack("not base64!")
    with pytest.raises(ImportRefused, match="did not come through"):
        importing.unpack(importing.pack(b"Title\nA\n")[:-8])
    with pytest.raises(FileTooLarge):
        importing.unpack(importing.pack(b"x" * (importing.MAX_BYTES + 1)))
