"""The rapid review report: its versions, comparing two, and the approval chain.

Everyone with a part in the review but the agencies reads the page and downloads any version
(VIEW_DOCUMENTS), as a copy carrying the sign-offs recorded against that version by then; the
business team generates and uploads versions (RUN_REVIEW); the chairs and statutory partner
leads approve or send back, each in the parts ``approval_roles`` gives them.
The upload installs its size limit before the body is read, then checks the CSRF token itself
(Django's "Modifying upload handlers on the fly").
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from reviews import actions, moment
from reviews.actions import ActionError
from reviews.actions.report import (
    REPORT_AGREED,
    REPORT_AMENDED,
    Signatory,
    VersionApprovals,
    approvals_of,
    approve_report_version,
    generate_report_version,
    send_back_report_version,
    sign_off_record,
    signatories,
    upload_report_version,
)
from reviews.clock import schedule_for
from reviews.documents.rapid_review_report import (
    UnreadableDocument,
    compare_texts,
    report_file_name,
    sections_to_complete,
    with_sign_offs,
)
from reviews.forms.report import (
    ApprovalForm,
    CompareForm,
    SendBackForm,
    UploadReportForm,
    signatory_code,
)
from reviews.models import (
    AccessLogEntry,
    Approval,
    ApprovalRole,
    JointDecision,
    ReportVersion,
    Review,
    ReviewKind,
)
from reviews.permissions import GRANTS, Permission, approval_roles, get_review_for, standing_on
from reviews.process import get_ruleset
from reviews.uploads import SizeLimit, limit_upload_size, max_document_bytes, too_large_message
from reviews.views.helpers import look_from, person

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

logger = logging.getLogger(__name__)


def _rapid_review(user: User, pk: int, permission: Permission) -> Review:
    review = get_review_for(user, pk, permission)
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise Http404("Only a rapid review has a rapid review report.")
    return review


def _held(user: User, review: Review) -> list[Signatory]:
    return [Signatory(role, organisation) for role, organisation in approval_roles(user, review)]


@dataclass(frozen=True)
class MyPart:
    """A part the signed-in person holds in the chain, and what it lets them do now."""

    signatory: Signatory
    code: str
    can_approve: bool
    can_send_back: bool
    status: str


def _closed(signatory: Signatory, state: VersionApprovals | None) -> str | None:
    """Why this part has nothing to do on the newest version, if so."""
    if state is None:
        return "There is no version of the report yet."
    number = state.version.number
    if signatory not in state.needed:
        return "Your sign-off is not needed on this review."
    if state.sent_back is not None:
        return f"Version {number} has been sent back: it waits for a new version."
    if state.agreed:
        return f"Version {number} has been agreed."
    return None


def _waiting(
    signatory: Signatory, state: VersionApprovals, decided_at: dt.datetime | None
) -> str | None:
    """Why this part cannot approve the newest version yet, if so (the order of the chain)."""
    if signatory.role == ApprovalRole.SUBGROUP_CHAIR:
        if decided_at is None or state.version.created_at < decided_at:
            return (
                "You approve a version once it has been amended with the partners' joint "
                "decision: the business team adds that version first."
            )
        return None
    if not state.subgroup_chair_approved:
        return (
            f"You can approve version {state.version.number} once the CSPR subgroup chair has "
            "approved it."
        )
    return None


def _my_part(
    signatory: Signatory, state: VersionApprovals | None, decided_at: dt.datetime | None
) -> MyPart:
    code = signatory_code(signatory)
    closed = _closed(signatory, state)
    if closed is not None or state is None:
        return MyPart(signatory, code, False, False, closed or "")
    number = state.version.number
    if state.approval_of(signatory) is not None:
        return MyPart(signatory, code, False, True, f"You have approved version {number}.")
    waiting = _waiting(signatory, state, decided_at)
    return MyPart(
        signatory,
        code,
        waiting is None,
        True,
        waiting or f"Version {number} waits for your decision.",
    )


def _page(
    request: HttpRequest,
    review: Review,
    *,
    errors: list[tuple[str, str]] | None = None,
    upload_form: UploadReportForm | None = None,
    send_back: tuple[str, SendBackForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = person(request)
    may_run = bool(standing_on(user, review) & GRANTS[Permission.RUN_REVIEW])
    versions = list(
        ReportVersion.objects.filter(review=review)
        .defer("text")  # kept for comparing; a long report's text is large
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=Approval.objects.select_related("person", "organisation"),
            )
        )
        .order_by("-number")
    )
    needed = signatories(review)
    states = [approvals_of(version, needed, list(version.approvals.all())) for version in versions]
    newest = states[0] if states else None
    decision = JointDecision.objects.filter(review=review).order_by("-recorded_at").first()
    decided_at = decision.recorded_at if decision else None
    parts = [_my_part(each, newest, decided_at) for each in _held(user, review)]
    # Only the newest version can still be approved: read its text (deferred above) alone.
    to_complete = (
        sections_to_complete(
            ReportVersion.objects.values_list("text", flat=True).get(pk=newest.version.pk),
            get_ruleset(review.ruleset).rapid_review_report_sections,
        )
        if newest is not None
        else ()
    )
    forms = {part.code: SendBackForm(signatories=[part.signatory]) for part in parts}
    if send_back is not None:
        forms[send_back[0]] = send_back[1]
    schedule = schedule_for(review)
    steps = [schedule.step(key) for key in (REPORT_AMENDED, REPORT_AGREED)]
    return render(
        request,
        "reviews/report/report.html",
        {
            "review": review,
            "may_run": may_run,
            "states": states,
            "newest": newest,
            "to_complete": to_complete,
            "needed": needed,
            "decision": decision,
            "parts": parts,
            "send_back_forms": forms,
            "steps": steps,
            "upload_form": upload_form or UploadReportForm(),
            "errors": errors or [],
        },
        status=status,
    )


@never_cache
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _rapid_review(person(request), pk, Permission.VIEW_DOCUMENTS))


@require_POST
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = _rapid_review(user, pk, Permission.RUN_REVIEW)
    try:
        version = generate_report_version(review, by=user)
    except ActionError as refusal:
        return _page(request, review, errors=[(refusal.message, "#versions")], status=400)
    messages.success(request, f"Version {version.number} has been generated.")
    return redirect("reviews:report", pk=review.pk)


@csrf_exempt  # checked by _upload_checked once the size limit is in place
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = _rapid_review(user, pk, Permission.RUN_REVIEW)
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
    elif form.is_valid():
        try:
            version = upload_report_version(
                review, by=user, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ActionError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, f"Version {version.number} has been uploaded.")
            return redirect("reviews:report", pk=review.pk)
    return _page(request, review, upload_form=form, status=400)


def _in_the_chain(request: HttpRequest, pk: int) -> tuple[User, Review, list[Signatory]]:
    user = person(request)
    review = _rapid_review(user, pk, Permission.VIEW_DOCUMENTS)
    held = _held(user, review)
    if not held:
        raise PermissionDenied("Your part in this review does not include signing the report.")
    return user, review, held


def _version(review: Review, form: ApprovalForm) -> ReportVersion:
    # Looked up within this review only: another review's version is simply not found.
    return get_object_or_404(
        ReportVersion.objects.defer("text").select_related("review"),
        pk=form.cleaned_data["version"],
        review=review,
    )


def _form_errors(form: ApprovalForm) -> list[tuple[str, str]]:
    return [(str(error), "#approvals") for errors in form.errors.values() for error in errors]


@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, held = _in_the_chain(request, pk)
    form = ApprovalForm(request.POST, signatories=held)
    if not form.is_valid():
        return _page(request, review, errors=_form_errors(form), status=400)
    version = _version(review, form)
    try:
        approve_report_version(
            version, by=user, signatory=form.signatory, number=form.cleaned_data["number"]
        )
    except ActionError as refusal:
        return _page(request, review, errors=[(refusal.message, "#approvals")], status=400)
    messages.success(request, f"Version {version.number} is approved as {form.signatory.as_role}.")
    return redirect("reviews:report", pk=review.pk)


@require_POST
def report_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, held = _in_the_chain(request, pk)
    form = SendBackForm(request.POST, signatories=held)
    code = str(request.POST.get("role", ""))
    if not form.is_valid():
        anchor = f"#reason-{form.cleaned_data.get('role', code)}"
        errors = [
            (str(error), anchor if name == "reason" else "#approvals")
            for name, field_errors in form.errors.items()
            for error in field_errors
        ]
        bound = (str(form.cleaned_data.get("role", code)), form)
        return _page(request, review, errors=errors, send_back=bound, status=400)
    version = _version(review, form)
    try:
        send_back_report_version(
            version,
            by=user,
            signatory=form.signatory,
            number=form.cleaned_data["number"],
            reason=form.cleaned_data["reason"],
        )
    except ActionError as refusal:
        return _page(request, review, errors=[(refusal.message, "#approvals")], status=400)
    messages.success(request, f"Version {version.number} has been sent back to the business team.")
    return redirect("reviews:report", pk=review.pk)


@never_cache
@require_GET
def report_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    user = person(request)
    review = _rapid_review(user, pk, Permission.VIEW_DOCUMENTS)
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
        content = with_sign_offs(stored, sign_off_record(version, at=moment.now()))
    except UnreadableDocument:
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


@never_cache
@require_GET
def report_compare(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = _rapid_review(user, pk, Permission.VIEW_DOCUMENTS)
    numbers = list(
        ReportVersion.objects.filter(review=review)
        .order_by("number")
        .values_list("number", flat=True)
    )
    query = request.GET.copy()
    if "from" not in query and "to" not in query and len(numbers) > 1:
        query.update({"from": str(numbers[-2]), "to": str(numbers[-1])})
    form = CompareForm(query) if "from" in query or "to" in query else CompareForm()
    comparison = None
    older = newer = None
    if form.is_bound and form.is_valid():
        for name in ("from", "to"):
            if form.cleaned_data[name] not in numbers:
                form.add_error(name, f"There is no version {form.cleaned_data[name]}")
    if form.is_bound and not form.errors:
        chosen = {
            version.number: version
            for version in ReportVersion.objects.filter(
                review=review, number__in=[form.cleaned_data["from"], form.cleaned_data["to"]]
            )
        }
        older, newer = chosen[form.cleaned_data["from"]], chosen[form.cleaned_data["to"]]
        comparison = compare_texts(older.text, newer.text)
        actions.record_access(
            by=user,
            action=AccessLogEntry.Action.VIEWED_REVIEW,
            review=review,
            target=f"{review.case_code} rapid review report: compared versions "
            f"{older.number} and {newer.number}",
            look=look_from(request),
        )
    return render(
        request,
        "reviews/report/compare.html",
        {
            "review": review,
            "form": form,
            "numbers": numbers,
            "older": older,
            "newer": newer,
            "comparison": comparison,
        },
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/report/", report, name="report"),
    path("<int:pk>/report/generate/", report_generate, name="report-generate"),
    path("<int:pk>/report/upload/", report_upload, name="report-upload"),
    path("<int:pk>/report/approve/", report_approve, name="report-approve"),
    path("<int:pk>/report/send-back/", report_send_back, name="report-send-back"),
    path("<int:pk>/report/compare/", report_compare, name="report-compare"),
    path("<int:pk>/report/versions/<int:version_pk>/", report_download, name="report-download"),
]
