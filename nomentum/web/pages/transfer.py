"""Pages that carry asks in and out: a CSV's import, with its preview, and the exports.

The import page and the API's POST /import share nomentum.asks.importing; nothing
is written until the person confirms a preview without errors.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.asks import exporting, importing
from nomentum.asks.forms import ImportMappingForm, ImportUploadForm
from nomentum.lib.errors import Refusal

# Problems listed on the preview page; a file with more is better fixed in its spreadsheet.
ERRORS_SHOWN = 1000


@login_required
def ask_import(request: AuthedRequest) -> HttpResponse:
    """The upload form; a posted file gets the preview of its import, and nothing is saved."""
    if request.method != "POST":
        return _import_upload_page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_upload_page(request, form)
    return _import_preview(request, form.cleaned_data["file"].read())


@login_required
@require_POST
def ask_import_confirm(request: AuthedRequest) -> HttpResponse:
    """Check the file again with the mapping chosen, or import it: all of its asks, or none."""
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            if (upload.size or 0) > importing.MAX_BYTES:
                raise importing.FileTooLarge(importing.TOO_LARGE)
            data = upload.read()
        else:
            data = importing.unpack(request.POST.get("data", ""))
    except importing.ImportRefused as refusal:
        return _import_upload_page(request, ImportUploadForm(), refusal.message)
    importing_now = request.POST.get("action") == "import"
    return _import_preview(request, data, request.POST, write=importing_now)


def _import_upload_page(
    request: AuthedRequest, form: ImportUploadForm, problem: str = ""
) -> HttpResponse:
    return render(
        request,
        "asks/import.html",
        {"form": form, "problem": problem},
        status=400 if form.errors or problem else 200,
    )


def _import_preview(
    request: AuthedRequest, data: bytes, posted: QueryDict | None = None, write: bool = False
) -> HttpResponse:
    """Render the preview of importing data (a dry run), or import it when write and it is clean.

    The file travels to the next step in the page itself (importing.pack): no
    file or session row is left behind when the person walks away. A file too
    large for a form field (it rarely is: CSV compresses several times over)
    is chosen again on the preview instead.
    """
    try:
        table = importing.parse(data)
    except importing.ImportRefused as refusal:
        return _import_upload_page(request, ImportUploadForm(), refusal.message)
    form = ImportMappingForm(
        posted, headers=table.headers, mapping=importing.guess_mapping(table.headers)
    )
    report, problem = _run_import(request.user, table, form, write)
    if write and report is not None and report.ok:
        messages.success(request, _imported(report))
        return redirect(reverse("asks:list"))
    return render(
        request,
        "asks/import_preview.html",
        _preview_context(form, report, problem, data),
        status=400 if write or problem else 200,
    )


def _run_import(
    user: User, table: importing.Table, form: ImportMappingForm, write: bool
) -> tuple[importing.ImportReport | None, str]:
    """Return the import's report (a dry run unless write), or the problem that stopped it."""
    if form.is_bound and not form.is_valid():
        return None, "Pick a field for each column from the lists."
    mapping = form.mapping() if form.is_bound else None
    skip = form.cleaned_data["skip_duplicates"] if form.is_bound else True
    try:
        report = importing.import_table(
            user, table, mapping, dry_run=not write, skip_duplicates=skip
        )
    except Refusal as refusal:  # the file or mapping, or categories added meanwhile
        return None, refusal.message
    return report, ""


def _imported(report: importing.ImportReport) -> str:
    done = f"Imported {report.created:,} ask{'s' if report.created != 1 else ''}"
    if report.skipped:
        done += f" and skipped {report.skipped:,} you already had"
    return done + "."


def _preview_context(
    form: ImportMappingForm, report: importing.ImportReport | None, problem: str, data: bytes
) -> dict:
    """Return what the preview shows: the mapping, the rows read, and the problems by column."""
    packed = importing.pack(data)
    errors = report.errors if report else []
    column_of = {name: column for column, name in report.mapping.items()} if report else {}
    labels = importing.FIELD_LABELS
    return {
        "form": form,
        "report": report,
        "problem": problem,
        "data": packed if len(packed) <= _carry_limit() else "",
        "size": len(data),
        "errors": [
            {**error, "column": column_of.get(error["field"]) or labels.get(error["field"], "")}
            for error in errors[:ERRORS_SHOWN]
        ],
        "more_errors": max(0, len(errors) - ERRORS_SHOWN),
        "bad_rows": len({error["row"] for error in errors}),
        "preview_headers": [labels[name] for name in report.fields] if report else [],
    }


def _carry_limit() -> int:
    """Return how large the carried file may be: Django refuses larger form fields."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return 10**12 if limit is None else limit - 64 * 1024  # room for the column choices


@login_required
def ask_export_csv(request: AuthedRequest) -> StreamingHttpResponse:
    user = request.user
    response = StreamingHttpResponse(
        exporting.iter_csv(user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="nomentum-asks-{user.today()}.csv"'
    return response


@login_required
def ask_export_json(request: AuthedRequest) -> HttpResponse:
    user = request.user
    items = exporting.export_json(user)
    response = JsonResponse({"count": len(items), "items": items})
    response["Content-Disposition"] = f'attachment; filename="nomentum-asks-{user.today()}.json"'
    return response
