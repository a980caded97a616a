"""The caller's asks out (GET /export) and in from a CSV (POST /import), as the pages do."""

import json
from typing import Any

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from ninja import File, Form, Query, Router, Status, UploadedFile

from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.base import Detail
from nomentum.api.schemas.transfer import (
    ExportOut,
    ExportQuery,
    ImportFailedOut,
    ImportOut,
    ImportQuery,
)
from nomentum.asks import exporting, importing

router = Router(tags=["import and export"])

EXPORT = (
    "Every ask of the caller's, oldest first, in the columns POST /import reads: title, "
    "recipient, category, asked_on, outcome, feedback, decided_on, amount, notes, follow_up_on, "
    "private. format=json (the default) answers {count, items}; format=csv a text/csv "
    "attachment in which a cell starting with = + - @, a tab or a carriage return has a single "
    "quote in front, against spreadsheet formulas (the import takes it off again)."
)
IMPORT = (
    "A CSV file in the multipart field `file` (UTF-8 with or without BOM; commas or "
    "semicolons; at most 5 MB, 50,000 rows and 200 columns) becomes the caller's asks: all of "
    'them, or none. `mapping` (a form field) is a JSON object from column to ask field ("" '
    "ignores a column); without it the columns are guessed from the headers. Any row with a "
    "problem: 400 with every problem in `errors`, rows numbered as a spreadsheet does (the "
    "header is row 1), and nothing written; the same with dry_run=true, which otherwise writes "
    "nothing and says what it would do. A file that cannot be read, too many rows or columns, "
    "or a bad mapping: 400 {detail}; a file over 5 MB: 413. Duplicates (the title, recipient "
    "and asked_on of an ask the caller has, or of an earlier row) are skipped unless "
    "skip_duplicates=false, so a file imported twice creates its asks once."
)


@router.get(
    "/export",
    response={200: ExportOut},
    description=EXPORT,
    openapi_extra={
        "responses": {
            200: {"content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}}}
        }
    },
)
def export_asks(request: AuthedRequest, query: Query[ExportQuery]) -> HttpResponse:
    user = request.auth
    filename = f"nomentum-asks-{user.today()}"
    if query.format == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            exporting.iter_csv(user), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response  # type: ignore[return-value]
    # Straight to JSON: validating 50,000 items against the schema would take longer than
    # reading them (tests/api/test_export.py holds the answer to the schema).
    items = exporting.export_json(user)
    return JsonResponse({"count": len(items), "items": items})


@router.post(
    "/import",
    response={200: ImportOut, 400: ImportFailedOut, 413: Detail},
    description=IMPORT,
)
def import_asks(
    request: AuthedRequest,
    query: Query[ImportQuery],
    file: File[UploadedFile | None] = None,
    mapping: Form[str] = "",
):
    if file is None:
        # Optional here so that its absence gets a sentence of its own.
        raise importing.ImportRefused("Send the CSV file in the multipart form field “file”.")
    if file.size is not None and file.size > importing.MAX_BYTES:
        raise importing.FileTooLarge(importing.TOO_LARGE)
    report = importing.import_asks(
        request.auth,
        file.read(importing.MAX_BYTES + 1),
        _mapping(mapping),
        dry_run=query.dry_run,
        skip_duplicates=query.skip_duplicates,
    )
    if report.errors:
        return Status(400, {"detail": _describe(report), "errors": report.errors})
    return {"created": report.created, "skipped": report.skipped, "errors": []}


def _mapping(text: str) -> Any:
    """Return the mapping sent, None when none was; import_table checks it against the file."""
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise importing.ImportRefused(
            f"mapping is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None


def _describe(report: importing.ImportReport) -> str:
    first = report.errors[0]
    where = f"Row {first['row']}" + (f", {first['field']}" if first["field"] else "")
    more = len(report.errors) - 1
    also = f" (and {more} more problem{'s' if more != 1 else ''}: see errors)" if more else ""
    return f"{where}: {first['message']}{also} Nothing was imported."
