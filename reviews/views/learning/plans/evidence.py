"""The documents evidencing an action: uploading one, downloading one (logged), and taking one
out. Its owners and the business team upload and remove; anyone who may see the action
downloads.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import actions
from reviews.actions.learning import plans as plan_actions
from reviews.forms.requests import FileForm
from reviews.models import AccessLogEntry, ActionEvidence, PlanAction
from reviews.uploads import (
    SizeLimit,
    limit_upload_size,
    max_document_bytes,
    safe_display_name,
    too_large_message,
)
from reviews.views.helpers import look_from
from reviews.views.learning.plans.actions import action_for, render_action, worker
from reviews.views.posting import act_then_redirect, saved, submit


@csrf_exempt  # checked by _evidence_checked once the size limit is in place
@require_POST
def evidence_add(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Upload a document evidencing the action, counting its bytes as they come."""
    user, action = worker(request, pk, action_pk)
    limit = limit_upload_size(request, limit=max_document_bytes())
    return _evidence_checked(request, user, action, limit)


@csrf_protect
def _evidence_checked(
    request: HttpRequest, user: User, action: PlanAction, limit: SizeLimit
) -> HttpResponse:
    form = FileForm(request.POST, request.FILES)
    if "file" in limit.refused:
        form.full_clean()
        form.errors.pop("file", None)  # "Select a file", which would mislead
        form.add_error("file", too_large_message(max_document_bytes()))
        return render_action(request, user, action, bound={"evidence": form}, status=400)
    posted = submit(
        request,
        bind=lambda data: FileForm(data, request.FILES),
        act=lambda form: plan_actions.add_action_evidence(
            action, by=user, upload=form.cleaned_data["file"]
        ),
        form=form,
    )
    if posted.done:
        return saved(
            request,
            f"{posted.result.original_name} has been uploaded.",
            "reviews:plan-action",
            pk=action.review_id,
            action_pk=action.pk,
        )
    return render_action(
        request, user, action, bound={"evidence": posted.form}, status=posted.status
    )


def _evidence(action: PlanAction, evidence_pk: int) -> ActionEvidence:
    found = ActionEvidence.objects.filter(
        pk=evidence_pk, action=action, removed_at__isnull=True
    ).first()
    if found is None:
        raise Http404("No such document.")
    return found


def evidence_download(
    request: HttpRequest, pk: int, action_pk: int, evidence_pk: int
) -> FileResponse:
    """Give an evidence document to someone who may see the action, and log that they did."""
    user, action = action_for(request, pk, action_pk)
    evidence = _evidence(action, evidence_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=action.review,
        target=f"{action.review.case_code}: evidence for an action of "
        f"{action.organisation.name} ({evidence.original_name})",
        look=look_from(request),
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_display_name(evidence.original_name),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def evidence_remove(
    request: HttpRequest, pk: int, action_pk: int, evidence_pk: int
) -> HttpResponse:
    user, action = worker(request, pk, action_pk)
    evidence = _evidence(action, evidence_pk)
    return act_then_redirect(
        request,
        lambda: plan_actions.remove_action_evidence(evidence, by=user),
        success=f"{evidence.original_name} has been removed.",
        to="reviews:plan-action",
        pk=action.review_id,
        action_pk=action.pk,
    )
