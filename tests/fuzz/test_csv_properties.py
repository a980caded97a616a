"""Any file a person uploads gets a clean result or a row-numbered report, never a crash.

tests/imports/test_round_trip.py holds the export-then-import round trip of
generated asks; these properties cover what reaches the parser from elsewhere:
arbitrary bytes, spreadsheets that re-save a file with other delimiters and line
ends, and the ways people write dates and amounts.
"""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nomentum.asks import services
from nomentum.asks.importing import (
    DAY_FIRST,
    FIELDS,
    MONTH_FIRST,
    ImportRefused,
    import_asks,
    parse,
    read_amount,
    read_date,
)
from nomentum.asks.models import FIRST_DAY, LAST_DAY, Ask
from tests.api.conftest import api_client
from tests.conftest import make_user
from tests.imports.test_round_trip import asks as generated_asks

PURE = settings(max_examples=300, derandomize=True, deadline=None)

# What CSV files are made of, so that generated text reaches the parser's corners:
# quotes, every delimiter and line end, a byte order mark, spaces and a little text.
csv_pieces = st.sampled_from(
    ['"', '""', ",", ";", "\t", "\n", "\r", "\r\n", "\ufeff", " ", "'", "=", "x", "é", "2025-11-03"]
)
csv_like = st.lists(st.one_of(csv_pieces, st.text(max_size=5)), max_size=40).map("".join)
# Cells of any text a person can store: no NUL, no lone surrogates.
cell = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12)


def spreadsheet_rows(data: bytes) -> list[list[str]]:
    """Return the cells of the file's non-blank rows, header first."""
    table = parse(data)
    return [table.headers, *(row.cells for row in table.rows)]


@PURE
@given(st.one_of(st.binary(max_size=300), csv_like.map(str.encode)))
@example(b"\xef\xbb\xbf")
@example(b'"')
@example(b"\r\r\r,\r")
@example("Title\n\ud800".encode("utf-8", "surrogatepass"))
def test_parsing_any_bytes_gives_a_table_or_a_refusal_with_a_sentence(data):
    try:
        table = parse(data)
    except ImportRefused as refused:
        assert refused.message.endswith((".", ".”")), refused.message
        return
    # Every column has a name of its own, and rows are numbered as a spreadsheet shows them.
    assert all(header.strip() for header in table.headers)
    assert len(set(table.headers)) == len(table.headers)
    numbers = [row.number for row in table.rows]
    assert numbers == sorted(set(numbers))
    assert all(number >= 2 for number in numbers)
    assert all(any(value.strip() for value in row.cells) for row in table.rows)


@st.composite
def records(draw) -> list[list[str]]:
    """Return a header and rows of any cells, some blank, some spanning lines."""
    # Two columns at least: a single column names no delimiter, and comma is the guess.
    width = draw(st.integers(2, 5))
    header = [f"Column {n}" for n in range(1, width + 1)]
    body = draw(
        st.lists(
            st.one_of(st.lists(cell, min_size=width, max_size=width), st.just([""] * width)),
            max_size=8,
        )
    )
    return [header, *body]


def spreadsheet_cell(value: str, delimiter: str) -> str:
    """Return the cell as spreadsheets save it: quoted when it holds a delimiter, quote or line end.

    (Python's csv.writer leaves a lone carriage return unquoted when lines end in "\\n".)
    """
    if any(char in value for char in (delimiter, '"', "\r", "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value


@PURE
@given(
    records(),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\r\n", "\n", "\r"]),
    st.booleans(),
)
def test_a_file_saved_with_any_delimiter_line_end_or_byte_order_mark_reads_the_same(
    rows, delimiter, line_end, bom
):
    lines = [delimiter.join(spreadsheet_cell(value, delimiter) for value in row) for row in rows]
    data = (("\ufeff" if bom else "") + line_end.join(lines) + line_end).encode()

    table = parse(data)

    assert table.delimiter == delimiter
    assert table.headers == rows[0]
    # Each record keeps its cells and its place, however many lines its cells span.
    kept = [
        (number, record)
        for number, record in enumerate(rows, start=1)
        if any(value.strip() for value in record)
    ][1:]
    assert [(row.number, row.cells) for row in table.rows] == kept


@PURE
@given(st.dates(FIRST_DAY, LAST_DAY))
def test_every_day_of_the_valid_range_reads_back_in_each_way_people_write_it(day):
    month_name = day.strftime("%B")
    assert read_date(day.isoformat()) == day
    assert read_date(f"{day.isoformat()}T09:30:00Z") == day
    assert read_date(f"{day.year}/{day.month}/{day.day}") == day
    assert read_date(f"{day.month}/{day.day}/{day.year}", MONTH_FIRST) == day
    assert read_date(f"{day.day:02}/{day.month:02}/{day.year}", DAY_FIRST) == day
    assert read_date(f"{day.day}.{day.month}.{day.year}") == day
    assert read_date(f"{day.day} {month_name[:3]} {day.year}") == day
    assert read_date(f"{month_name} {day.day}, {day.year}") == day


@PURE
@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_an_amount_reads_back_however_it_is_grouped_or_marked(amount):
    whole, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(whole):,}"
    assert read_amount(f"{amount:.2f}") == amount
    assert read_amount(f"${grouped}.{cents}") == amount
    assert read_amount(f"{grouped.replace(',', '.')},{cents} €") == amount
    assert read_amount(f"USD {whole}.{cents}") == amount


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(["title,asked_on\n", "Title;Date Sent;Status\n", "What\tDate\tResult\tFee\n"]),
    csv_like,
)
def test_importing_any_rows_gives_a_clean_result_or_errors_naming_row_and_field(db, header, text):
    data = (header + text).encode()
    person = make_user()
    try:
        table = parse(data)
        report = import_asks(person, data, dry_run=True)
    except ImportRefused as refused:
        assert refused.message
        return

    numbers = {row.number for row in table.rows}
    for error in report.errors:
        assert error["row"] in numbers
        assert error["field"] in ("", *FIELDS)
        assert isinstance(error["message"], str) and error["message"]
    if report.errors:
        assert report.created == 0
    else:
        assert report.created + report.skipped == len(table.rows)


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(generated_asks(), max_size=8))
def test_the_apis_csv_export_imports_through_the_api_as_the_same_asks(db, drawn):
    # The service-level round trip (tests/imports) through the API's streaming export and
    # multipart import, into a fresh account.
    person, fresh = make_user(), make_user()
    for fields in drawn:
        name = fields.pop("category")
        ask = Ask(user=person, category=services.category_named(person, name) if name else None)
        for field_name, value in fields.items():
            setattr(ask, field_name, value)
        ask.full_clean()
        ask.save()
    exported = api_client(person).get("/api/v1/export?format=csv")
    assert exported.status_code == 200
    data = exported.getvalue()

    file = SimpleUploadedFile("asks.csv", data, content_type="text/csv")
    imported = api_client(fresh).post("/api/v1/import?skip_duplicates=false", {"file": file})

    assert imported.status_code == 200, imported.content
    assert imported.json() == {"created": len(drawn), "skipped": 0, "errors": []}
    assert api_client(fresh).get("/api/v1/export").json() == (
        api_client(person).get("/api/v1/export").json()
    )
