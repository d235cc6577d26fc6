"""Versions of the report: the business team generates one or uploads an edited one; anyone
who reads the review's documents downloads any version, as a copy carrying the sign-offs
recorded against it by then.

The upload installs its size limit before the body is read, then checks the CSRF token itself
(Django's "Modifying upload handlers on the fly").
"""

from __future__ import annotations

import logging
from io import BytesIO

from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from reviews import actions, moment
from reviews.actions.report import generate_report_version, upload_report_version
from reviews.bounded import ParseLimitExceeded, run_bounded
from reviews.documents.rapid_review_report import (
    UnreadableDocument,
    report_file_name,
    with_sign_offs,
)
from reviews.forms.report import UploadReportForm
from reviews.models import AccessLogEntry, ReportVersion, Review
from reviews.permissions import Permission
from reviews.reads.report import sign_off_record
from reviews.uploads import SizeLimit, limit_upload_size, max_document_bytes, too_large_message
from reviews.views.helpers import look_from, rapid_review_for
from reviews.views.posting import saved, submit
from reviews.views.report.page import render_report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

logger = logging.getLogger(__name__)


@require_POST
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate a new version from what is recorded (a button: the form has no fields)."""
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)
    posted = submit(request, bind=Form, act=lambda _form: generate_report_version(review, by=user))
    if posted.done:
        message = f"Version {posted.result.number} has been generated."
        return saved(request, message, "reviews:report", pk=review.pk)
    errors = [(str(error), "#versions") for error in posted.form.non_field_errors()]
    return render_report(request, review, errors=errors, status=400)


@csrf_exempt  # checked by _upload_checked once the size limit is in place
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)
    limit = limit_upload_size(request, limit=max_document_bytes())
    return _upload_checked(request, user, review, limit)


@csrf_protect
def _upload_checked(
    request: HttpRequest, user: User, review: Review, limit: SizeLimit
) -> HttpResponse:
    form = UploadReportForm(request.POST, request.FILES)
    if "file" in limit.refused:
        # The file never reached the form: say why, rather than "Select the edited report".
        form.full_clean()
        form.errors.pop("file", None)
        form.add_error("file", too_large_message(max_document_bytes()))
        return render_report(request, review, upload_form=form, status=400)
    posted = submit(
        request,
        bind=lambda data: UploadReportForm(data, request.FILES),
        act=lambda form: upload_report_version(
            review, by=user, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
        ),
        form=form,
    )
    if posted.done:
        message = f"Version {posted.result.number} has been uploaded."
        return saved(request, message, "reviews:report", pk=review.pk)
    return render_report(request, review, upload_form=posted.form, status=400)


@never_cache
@require_GET
def report_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    user, review = rapid_review_for(request, pk, Permission.VIEW_DOCUMENTS)
    version = get_object_or_404(
        ReportVersion.objects.defer("text").select_related("review__partnership"),
        pk=version_pk,
        review=review,
    )
    try:
        with version.docx.open("rb") as handle:
            stored = handle.read()
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    # The stored file stays as it was made (ADR 0007); the copy downloaded says who has
    # agreed this version, and when it went to the Panel, as recorded now.
    try:
        # Within the parsing limits (reviews.bounded): a stored file may predate them.
        content = run_bounded(with_sign_offs, stored, sign_off_record(version, at=moment.now()))
    except (UnreadableDocument, ParseLimitExceeded):
        # It opened when it was stored: give the file as it is rather than nothing.
        logger.warning("Report version %s could not be filled in with its sign-offs", version.pk)
        content = stored
    name = report_file_name(review.case_code, version.number)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=review,
        target=f"{name} (rapid review report, version {version.number})",
        look=look_from(request),
    )
    response = FileResponse(BytesIO(content), as_attachment=True, filename=name, content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
