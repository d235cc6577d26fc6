"""The Panel page's forms, each posted to its own address, and the Panel's letter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import actions
from reviews.actions import panel as panel_actions
from reviews.forms.panel import (
    AcknowledgementForm,
    ReconvenedForm,
    ResponseForm,
    SubmissionForm,
)
from reviews.models import (
    AccessLogEntry,
    NationalReview,
    PanelResponse,
    ReportVersion,
    Review,
)
from reviews.permissions import Permission
from reviews.uploads import (
    DOCUMENT_KINDS,
    SizeLimit,
    limit_upload_size,
    max_document_bytes,
    safe_display_name,
    too_large_message,
)
from reviews.views import posting
from reviews.views.helpers import look_from, rapid_review_for
from reviews.views.panel.common import closed_message
from reviews.views.panel.page import render_panel, version_choices


def post_panel_form(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    name: str,
    bind: Callable[[QueryDict], Form],
    act: Callable[[dict[str, Any]], object],
    success: str,
    form: Form | None = None,
) -> HttpResponse:
    """Post the Panel page's form ``name`` (a closed review refuses every change) and answer:
    the page again with the form in place, or a redirect."""
    if not review.is_open:
        return render_panel(request, user, review, refusal=closed_message(review), status=409)
    posted = posting.submit(
        request, bind=bind, act=lambda valid: act(valid.cleaned_data), form=form
    )
    if posted.done:
        return posting.saved(request, success, "reviews:panel", pk=review.pk)
    return render_panel(
        request,
        user,
        review,
        bound={name: posted.form},
        conflict=posted.conflict,
        status=posted.status,
    )


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)

    def bind(data: QueryDict) -> Form:
        return SubmissionForm(data, versions=version_choices(review))

    def act(data: dict[str, Any]) -> None:
        panel_actions.submit_report_to_panel(
            review,
            by=user,
            expected_version=data["version"],
            report_version=ReportVersion.objects.get(pk=data["report_version"], review=review),
            sent_on=data["sent_on"],
            sent_to=data["sent_to"],
        )

    return post_panel_form(
        request,
        user,
        review,
        name="submission",
        bind=bind,
        act=act,
        success="The submission is recorded.",
    )


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)

    def act(data: dict[str, Any]) -> None:
        panel_actions.record_acknowledgement(
            review,
            by=user,
            expected_version=data["version"],
            acknowledged_on=data["acknowledged_on"],
            consideration_date=data["consideration_date"],
            panel_reference=data["panel_reference"],
        )

    return post_panel_form(
        request,
        user,
        review,
        name="acknowledgement",
        bind=AcknowledgementForm,
        act=act,
        success="The acknowledgement is recorded.",
    )


@csrf_exempt  # checked by _respond_checked once the size limit is in place
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the Panel's response with its letter, counting the letter's bytes as they come."""
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)
    limit = limit_upload_size(request, limit=max_document_bytes())
    return _respond_checked(request, user, review, limit)


@csrf_protect
def _respond_checked(
    request: HttpRequest, user: User, review: Review, limit: SizeLimit
) -> HttpResponse:
    if not review.is_open:
        return render_panel(request, user, review, refusal=closed_message(review), status=409)
    form = ResponseForm(request.POST, request.FILES)
    if "letter" in limit.refused:
        # The letter never reached the form: the size limit skipped it.
        form.full_clean()
        form.add_error("letter", too_large_message(max_document_bytes()))
        return render_panel(request, user, review, bound={"response": form}, status=400)

    def act(data: dict[str, Any]) -> None:
        panel_actions.record_panel_response(
            review,
            by=user,
            expected_version=data["version"],
            received_on=data["received_on"],
            more_information_needed=data["more_information_needed"],
            agrees_with_conclusions=data["agrees_with_conclusions"],
            national_review=NationalReview(data["national_review"]),
            summary=data["summary"],
            letter=data.get("letter"),
        )

    return post_panel_form(
        request,
        user,
        review,
        name="response",
        bind=ResponseForm,
        act=act,
        success="The Panel's response is recorded.",
        form=form,
    )


@require_POST
def reconvene(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)

    def act(data: dict[str, Any]) -> None:
        panel_actions.record_reconvened(
            review,
            by=user,
            held_on=data["held_on"],
            next_course_of_action=data["next_course_of_action"],
            response_to_panel=data["response_to_panel"],
            attendance=data["attendance"],
            response_sent_on=data["response_sent_on"],
        )

    return post_panel_form(
        request,
        user,
        review,
        name="reconvened",
        bind=ReconvenedForm,
        act=act,
        success="The reconvened meeting is recorded.",
    )


@require_POST
def inform_subgroup(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)
    if not review.is_open:
        return render_panel(request, user, review, refusal=closed_message(review), status=409)
    posted = posting.submit(
        request, bind=Form, act=lambda _button: panel_actions.inform_subgroup(review, by=user)
    )
    if not posted.done:
        refusal = " ".join(str(each) for each in posted.form.non_field_errors())
        return render_panel(request, user, review, refusal=refusal, status=posted.status)
    count = len(posted.result)
    message = (
        f"The link to the report and the Panel's reply has been sent to {count} "
        f"{'person' if count == 1 else 'people'} in the CSPR subgroup."
    )
    return posting.saved(request, message, "reviews:panel", pk=review.pk)


def letter(request: HttpRequest, pk: int) -> FileResponse:
    """Give the Panel's letter to someone who may read the review's documents, and log it."""
    user, review = rapid_review_for(request, pk, Permission.VIEW_DOCUMENTS)
    response = PanelResponse.objects.filter(review=review).first()
    if response is None or not response.letter:
        raise Http404("No letter from the Panel is recorded.")
    try:
        handle = response.letter.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    name = safe_display_name(response.letter_name, fallback="panel-letter")
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=review,
        target=f"{review.case_code}: the National Panel's letter ({name})",
        look=look_from(request),
    )
    kind = DOCUMENT_KINDS.get(PurePosixPath(name).suffix.lower())
    download = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    download["X-Content-Type-Options"] = "nosniff"
    download["Cache-Control"] = "private, no-store"
    return download
