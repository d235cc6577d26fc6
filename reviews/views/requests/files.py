"""The chronology and supporting documents of an agency's return.

Entries and documents are looked up within the request the URL names, so an id belonging to
another request is simply not found. Uploads are size-checked as they arrive: the views that
take a file install the limit before the body is read, then check the CSRF token themselves
(Django's "Modifying upload handlers on the fly").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import actions
from reviews.actions.requests import attachments
from reviews.forms.requests import ChronologyEntryForm, FileForm
from reviews.imports import MAX_BYTES as MAX_IMPORT_BYTES
from reviews.imports import MAX_ROWS
from reviews.models import AccessLogEntry, ChronologyEntry, InformationRequest, SupportingDocument
from reviews.permissions import get_request_for
from reviews.uploads import (
    SizeLimit,
    limit_upload_size,
    max_document_bytes,
    safe_display_name,
    too_large_message,
)
from reviews.views.helpers import look_from, person
from reviews.views.posting import act_then_redirect, saved, submit
from reviews.views.requests.returns import answering, render_request_page, request_url

T = TypeVar("T")


def _too_large(form: FileForm, message: str) -> None:
    """Say why the file was refused (it never reached the form: the size limit skipped it)."""
    form.full_clean()
    form.errors.pop("file", None)  # "Select a file", which would mislead
    form.add_error("file", message)


@require_POST
def chronology_add(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    user, info_request = answering(request, pk, request_pk)
    posted = submit(
        request,
        bind=ChronologyEntryForm,
        act=lambda form: attachments.add_chronology_entry(
            info_request,
            by=user,
            happened_on=form.cleaned_data["happened_on"],
            what_happened=form.cleaned_data["what_happened"],
            source=form.cleaned_data["source"],
        ),
    )
    if posted.done:
        return saved(
            request,
            "The entry has been added to the chronology.",
            request_url(info_request, "chronology"),
        )
    return render_request_page(request, user, info_request, entry_form=posted.form, status=400)


@require_POST
def chronology_remove(
    request: HttpRequest, pk: int, request_pk: int, entry_pk: int
) -> HttpResponse:
    user, info_request = answering(request, pk, request_pk)
    entry = get_object_or_404(ChronologyEntry, pk=entry_pk, request=info_request)
    return act_then_redirect(
        request,
        lambda: attachments.remove_chronology_entry(entry, by=user),
        success="The entry has been removed from the chronology.",
        to=request_url(info_request, "chronology"),
    )


@csrf_exempt  # checked by _import_checked once the size limit is in place
def chronology_import(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Import a chronology from a CSV or Excel file, and report what could not be read."""
    user, info_request = answering(request, pk, request_pk)
    limit = limit_upload_size(request, limit=MAX_IMPORT_BYTES)
    return _import_checked(request, user, info_request, limit)


@csrf_protect
def _import_checked(
    request: HttpRequest, user: User, info_request: InformationRequest, limit: SizeLimit
) -> HttpResponse:
    form = FileForm()
    report = None
    if request.method == "POST":
        form = FileForm(request.POST, request.FILES)
        if "file" in limit.refused:
            _too_large(form, too_large_message(MAX_IMPORT_BYTES))
        else:
            report = _submit_file(
                request,
                form,
                lambda upload: attachments.import_chronology(
                    info_request, by=user, content=upload.read(), filename=upload.name or ""
                ),
            )
    return render(
        request,
        "reviews/requests/import.html",
        {
            "review": info_request.review,
            "info_request": info_request,
            "form": form,
            "report": report,
            "max_rows": MAX_ROWS,
        },
        status=400 if form.errors else 200,
    )


@csrf_exempt  # checked by _add_checked once the size limit is in place
@require_POST
def document_add(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    user, info_request = answering(request, pk, request_pk)
    limit = limit_upload_size(request, limit=max_document_bytes())
    return _add_checked(request, user, info_request, limit)


@csrf_protect
def _add_checked(
    request: HttpRequest, user: User, info_request: InformationRequest, limit: SizeLimit
) -> HttpResponse:
    form = FileForm(request.POST, request.FILES)
    if "file" in limit.refused:
        _too_large(form, too_large_message(max_document_bytes()))
    else:
        document = _submit_file(
            request,
            form,
            lambda upload: attachments.add_supporting_document(
                info_request, by=user, upload=upload
            ),
        )
        if document is not None:
            return saved(
                request,
                f"{document.original_name} has been uploaded.",
                request_url(info_request, "documents"),
            )
    return render_request_page(request, user, info_request, document_form=form, status=400)


def _submit_file(
    request: HttpRequest, form: FileForm, act: Callable[[UploadedFile[bytes]], T]
) -> T | None:
    """Hand the posted file to ``act``; None if the form or the action refused it (every
    refusal is about the file, so it is shown on the file's field)."""
    posted = submit(
        request,
        bind=lambda data: FileForm(data, request.FILES),
        act=lambda valid: act(valid.cleaned_data["file"]),
        form=form,
    )
    for message in form.errors.pop(NON_FIELD_ERRORS, []):
        form.add_error("file", message)
    return posted.result if posted.done else None


def document_download(
    request: HttpRequest, pk: int, request_pk: int, document_pk: int
) -> FileResponse:
    """Give a supporting document to someone who may see the request, and log that they did."""
    user = person(request)
    info_request = get_request_for(user, pk, request_pk)
    document = get_object_or_404(SupportingDocument, pk=document_pk, request=info_request)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=info_request.review,
        target=f"{info_request.review.case_code}: {document.original_name}",
        look=look_from(request),
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_display_name(document.original_name),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_remove(
    request: HttpRequest, pk: int, request_pk: int, document_pk: int
) -> HttpResponse:
    user, info_request = answering(request, pk, request_pk)
    document = get_object_or_404(SupportingDocument, pk=document_pk, request=info_request)
    return act_then_redirect(
        request,
        lambda: attachments.remove_supporting_document(document, by=user),
        success=f"{document.original_name} has been removed.",
        to=request_url(info_request, "documents"),
    )
