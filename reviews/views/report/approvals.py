"""The approval chain's posts from the report page: a chair or statutory partner lead approves
the newest version, or sends it back with a reason, in a part they hold."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions.report import approve_report_version, send_back_report_version
from reviews.forms.report import ApprovalForm, SendBackForm
from reviews.models import ReportVersion, Review
from reviews.permissions import Permission
from reviews.reads.report import Signatory
from reviews.views.helpers import rapid_review_for
from reviews.views.posting import saved, submit
from reviews.views.report.common import held
from reviews.views.report.page import render_report


def _in_the_chain(request: HttpRequest, pk: int) -> tuple[User, Review, list[Signatory]]:
    user, review = rapid_review_for(request, pk, Permission.VIEW_DOCUMENTS)
    parts = held(user, review)
    if not parts:
        raise PermissionDenied("Your part in this review does not include signing the report.")
    return user, review, parts


def _version(review: Review, form: ApprovalForm) -> ReportVersion:
    # Looked up within this review only: another review's version is simply not found.
    return get_object_or_404(
        ReportVersion.objects.defer("text").select_related("review"),
        pk=form.cleaned_data["version"],
        review=review,
    )


def _form_errors(form: ApprovalForm) -> list[tuple[str, str]]:
    return [(str(error), "#approvals") for errors in form.errors.values() for error in errors]


def _approve(user: User, review: Review, form: ApprovalForm) -> ReportVersion:
    version = _version(review, form)
    approve_report_version(
        version, by=user, signatory=form.signatory, number=form.cleaned_data["number"]
    )
    return version


def _send_back(user: User, review: Review, form: SendBackForm) -> ReportVersion:
    version = _version(review, form)
    send_back_report_version(
        version,
        by=user,
        signatory=form.signatory,
        number=form.cleaned_data["number"],
        reason=form.cleaned_data["reason"],
    )
    return version


@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, parts = _in_the_chain(request, pk)
    posted = submit(
        request,
        bind=lambda data: ApprovalForm(data, signatories=parts),
        act=lambda form: _approve(user, review, form),
    )
    if not posted.done:
        return render_report(request, review, errors=_form_errors(posted.form), status=400)
    message = f"Version {posted.result.number} is approved as {posted.form.signatory.as_role}."
    return saved(request, message, "reviews:report", pk=review.pk)


@require_POST
def report_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, parts = _in_the_chain(request, pk)
    form = SendBackForm(request.POST, signatories=parts)
    if not form.is_valid():
        # The form goes back in place, its reason's error beside the box it belongs to.
        code = str(form.cleaned_data.get("role", request.POST.get("role", "")))
        errors = [
            (str(error), f"#reason-{code}" if name == "reason" else "#approvals")
            for name, field_errors in form.errors.items()
            for error in field_errors
        ]
        return render_report(request, review, errors=errors, send_back=(code, form), status=400)
    posted = submit(
        request,
        bind=lambda data: SendBackForm(data, signatories=parts),
        act=lambda form: _send_back(user, review, form),
        form=form,
    )
    if not posted.done:
        return render_report(request, review, errors=_form_errors(posted.form), status=400)
    message = f"Version {posted.result.number} has been sent back to the business team."
    return saved(request, message, "reviews:report", pk=review.pk)
