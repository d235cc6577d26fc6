"""The combined agency information report: its versions, generating, circulating, downloading."""

from __future__ import annotations

from typing import Final

from django import forms
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from reviews import actions, moment
from reviews.actions.documents import (
    circulate_combined_report,
    generate_combined_report,
    may_try_again,
    try_again,
)
from reviews.clock import schedule_for
from reviews.documents.combined_report import combined_report_file_stem
from reviews.models import (
    ANSWERED,
    AccessLogEntry,
    DocumentKind,
    GeneratedDocument,
    Review,
)
from reviews.models.documents import DocumentStatus
from reviews.permissions import GRANTS, Permission, get_review_for, standing_on
from reviews.process import Step
from reviews.reads.documents import circulation_recipients
from reviews.views.helpers import look_from, person
from reviews.views.posting import saved, submit

CONTENT_TYPES: Final = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FORMAT_NAMES: Final = {"docx": "Word", "pdf": "PDF"}
LARGEST_ID: Final = 2**31 - 1


class DocumentActionForm(forms.Form):
    """What the buttons on the combined report page ask for."""

    action = forms.ChoiceField(
        choices=[
            ("generate", "Generate a new version"),
            ("circulate", "Circulate a version"),
            ("retry", "Try generating a version again"),
        ],
        error_messages={
            "required": "Choose whether to generate a new version or circulate one.",
            "invalid_choice": "Choose whether to generate a new version or circulate one.",
        },
    )
    document = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=LARGEST_ID,
        error_messages={
            "invalid": "Choose a version of the report to circulate.",
            "min_value": "Choose a version of the report to circulate.",
            "max_value": "Choose a version of the report to circulate.",
        },
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") in {"circulate", "retry"} and data.get("document") is None:
            self.add_error("document", "Choose a version of the report to circulate.")
        return data


def _versions(review: Review) -> list[GeneratedDocument]:
    return list(
        GeneratedDocument.objects.filter(review=review, kind=DocumentKind.COMBINED_REPORT)
        .select_related("created_by", "circulated_by")
        .order_by("-number")
    )


def _page(
    request: HttpRequest, review: Review, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    user = person(request)
    may_manage = bool(standing_on(user, review) & GRANTS[Permission.MANAGE_REQUESTS])
    counts = review.requests.aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(status__in=list(ANSWERED)))
    )
    versions = _versions(review)
    # The version to circulate: the newest that has not failed, once its files are ready.
    newest = next((v for v in versions if v.status != DocumentStatus.FAILED), None)
    confirming = None
    recipients = []
    wanted = request.GET.get("circulate", "")
    if may_manage and newest and newest.is_ready and wanted == str(newest.pk) and not errors:
        confirming = newest
        recipients = circulation_recipients(review)
    try:
        step = schedule_for(review).step(Step.COMBINED_REPORT)
    except KeyError:
        step = None  # an LCSPR has no such step
    return render(
        request,
        "reviews/documents/combined_report.html",
        {
            "review": review,
            "may_manage": may_manage,
            "counts": counts,
            "versions": versions,
            "newest": newest,
            "confirming": confirming,
            "recipients": recipients,
            "step": step,
            "errors": errors or [],
            "format_names": FORMAT_NAMES,
            "unfinished": any(version.is_unfinished for version in versions),
            "may_retry": {v.pk for v in versions if may_try_again(v, moment.now())},
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def combined_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    if request.method != "POST":
        return _page(request, get_review_for(user, pk, Permission.VIEW_DOCUMENTS))
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    posted = submit(
        request,
        bind=DocumentActionForm,
        act=lambda form: _generate_or_circulate(review, user, form),
    )
    if not posted.done:
        problems = [str(error) for errors in posted.form.errors.values() for error in errors]
        return _page(request, review, errors=problems, status=400)
    return saved(request, posted.result, "reviews:combined-report", pk=review.pk)


def _generate_or_circulate(review: Review, user: User, form: DocumentActionForm) -> str:
    """Do what the button asked; say what was done."""
    if form.cleaned_data["action"] == "generate":
        document = generate_combined_report(review, by=user)
        return (
            f"Version {document.number} is being generated from the returns as they stand "
            "now. Its files appear here when they are ready."
        )
    # Looked up within this review only: another review's document is simply not found.
    document = get_object_or_404(
        GeneratedDocument,
        pk=form.cleaned_data["document"],
        review=review,
        kind=DocumentKind.COMBINED_REPORT,
    )
    if form.cleaned_data["action"] == "retry":
        try_again(document, by=user)
        return f"Version {document.number} is being generated again."
    circulate_combined_report(document, by=user)
    return f"A link to version {document.number} has been sent to the partners and legal services."


def _download_name(document: GeneratedDocument, file_format: str) -> str:
    if document.kind == DocumentKind.COMBINED_REPORT:
        stem = combined_report_file_stem(document.review.case_code, document.number)
    else:
        stem = f"{document.review.case_code}-{document.kind}-v{document.number}"
    return f"{stem}.{file_format}"


@never_cache
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int, format: str) -> FileResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_DOCUMENTS)
    if format not in CONTENT_TYPES:
        raise Http404("No such format.")
    document = get_object_or_404(
        GeneratedDocument.objects.select_related("review"),
        pk=document_pk,
        review=review,
        status=DocumentStatus.READY,
    )
    stored = document.docx if format == "docx" else document.pdf
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    name = _download_name(document, format)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=review,
        target=f"{name} ({document.get_kind_display()}, version {document.number})",
        look=look_from(request),
    )
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[format]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
