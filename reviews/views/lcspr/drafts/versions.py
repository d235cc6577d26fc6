"""The list of the author's draft versions, uploading a version and downloading one."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from reviews import actions
from reviews.actions.lcspr.drafts.versions import upload_draft
from reviews.clock import schedule_for
from reviews.forms.lcspr.drafts import UploadDraftForm
from reviews.models import AccessLogEntry, DraftComment, DraftReport, Review
from reviews.permissions import Permission
from reviews.process import Step
from reviews.uploads import (
    SizeLimit,
    describe_size,
    limit_upload_size,
    max_document_bytes,
    too_large_message,
)
from reviews.views.helpers import NotYet, lcspr_for, look_from, not_yet, page_prerequisite
from reviews.views.lcspr.drafts.common import draft_of, may_on
from reviews.views.posting import saved, submit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _drafts_page(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    upload_form: UploadDraftForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = list(
        DraftReport.objects.filter(review=review)
        .defer("text")
        .select_related("uploaded_by", "final_agreed_by")
        .annotate(
            open_comments=Count("comments", filter=Q(comments__status=DraftComment.Status.OPEN)),
            closed_comments=Count("comments", filter=~Q(comments__status=DraftComment.Status.OPEN)),
        )
        .order_by("-number")
    )
    may = may_on(user, review)
    schedule = schedule_for(review)
    blocked: NotYet | None = None
    if not versions and may["run"] and review.is_open:
        # The panel agrees one of the author's versions (agree_final_draft): none is uploaded.
        upload = page_prerequisite(
            user,
            review,
            "The author uploads a draft",
            "reviews:drafts",
            permission=Permission.AUTHOR_WORK,
            section="upload",
        )
        blocked = not_yet(user, review, Step.FINAL_DRAFT_AGREED, schedule=schedule, also=[upload])
    steps = (Step.DRAFT_REPORT, Step.DRAFT_PRESENTED, Step.FINAL_DRAFT_AGREED)
    context = {
        "review": review,
        "versions": versions,
        "final": next((each for each in versions if each.is_final), None),
        "may": may,
        "blocked": blocked,
        "steps": [schedule.step(key) for key in steps],
        "upload_form": upload_form or UploadDraftForm(),
        "max_document": describe_size(max_document_bytes()),
    }
    return render(request, "reviews/lcspr/drafts/list.html", context, status=status)


@never_cache
@require_GET
def drafts(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return _drafts_page(request, user, review)


@csrf_exempt  # checked by _upload_checked once the size limit is in place
@require_POST
def draft_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    limit = limit_upload_size(request, limit=max_document_bytes())
    return _upload_checked(request, user, review, limit)


@csrf_protect
def _upload_checked(
    request: HttpRequest, user: User, review: Review, limit: SizeLimit
) -> HttpResponse:
    def bind(data: QueryDict) -> UploadDraftForm:
        return UploadDraftForm(data, request.FILES)

    form = bind(request.POST)
    if "file" in limit.refused:
        # The file never reached the form: say why, rather than "Select the draft report".
        form.full_clean()
        form.errors.pop("file", None)
        form.add_error("file", too_large_message(max_document_bytes()))
        return _drafts_page(request, user, review, upload_form=form, status=400)
    posted = submit(
        request,
        bind=bind,
        act=lambda form: upload_draft(
            review, by=user, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
        ),
        form=form,
    )
    if posted.done:
        number = posted.result.number
        message = f"Version {number} has been uploaded."
        return saved(request, message, "reviews:draft", pk=review.pk, number=number)
    return _drafts_page(request, user, review, upload_form=posted.form, status=400)


@never_cache
@require_GET
def draft_download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    draft = draft_of(review, number)
    try:
        handle = draft.docx.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    name = f"{review.case_code}-draft-report-v{draft.number}.docx"
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=review,
        target=f"{name} (draft report, version {draft.number})",
        look=look_from(request),
    )
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
