"""The report page: the steps, the newest version's approvals and the person's parts in the
chain, every version, and the business team's forms to add one. The forms posted from it come
back to it, with their errors, when refused."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reviews.clock import schedule_for
from reviews.documents.rapid_review_report import sections_to_complete
from reviews.forms.report import SendBackForm, UploadReportForm
from reviews.models import Approval, JointDecision, ReportVersion, Review
from reviews.permissions import GRANTS, Permission, standing_on
from reviews.process import Step, get_ruleset
from reviews.reads.report import Signatory, VersionApprovals, approvals_of, signatories
from reviews.views.helpers import person, rapid_review_for
from reviews.views.report.common import held_and_refused
from reviews.views.report.my_parts import my_part


def _states(review: Review) -> tuple[list[Signatory], list[VersionApprovals]]:
    """Who must approve the report, and every version, newest first, with its approvals."""
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
    return needed, [
        approvals_of(version, needed, list(version.approvals.all())) for version in versions
    ]


def _to_complete(review: Review, newest: VersionApprovals | None) -> tuple[str, ...]:
    """The sections the newest version has still to complete."""
    if newest is None:
        return ()
    # Only the newest version can still be approved: read its text (deferred above) alone.
    text = ReportVersion.objects.values_list("text", flat=True).get(pk=newest.version.pk)
    return sections_to_complete(text, get_ruleset(review.ruleset).rapid_review_report_sections)


def render_report(
    request: HttpRequest,
    review: Review,
    *,
    errors: list[tuple[str, str]] | None = None,
    upload_form: UploadReportForm | None = None,
    send_back: tuple[str, SendBackForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the report page; ``errors`` are (message, anchor), ``send_back`` the part's code
    and its send-back form as posted, in place of its empty one."""
    user = person(request)
    needed, states = _states(review)
    newest = states[0] if states else None
    decision = JointDecision.objects.filter(review=review).order_by("-recorded_at").first()
    decided_at = decision.recorded_at if decision else None
    holds, refusals = held_and_refused(user, review)
    parts = [my_part(each, newest, decided_at) for each in holds]
    forms = {part.code: SendBackForm(signatories=[part.signatory]) for part in parts}
    if send_back is not None:
        forms[send_back[0]] = send_back[1]
    schedule = schedule_for(review)
    return render(
        request,
        "reviews/report/report.html",
        {
            "review": review,
            "may_run": bool(standing_on(user, review) & GRANTS[Permission.RUN_REVIEW]),
            "states": states,
            "newest": newest,
            "to_complete": _to_complete(review, newest),
            "needed": needed,
            "decision": decision,
            "parts": parts,
            "refusals": refusals,
            "send_back_forms": forms,
            "steps": [schedule.step(key) for key in (Step.REPORT_AMENDED, Step.REPORT_AGREED)],
            "upload_form": upload_form or UploadReportForm(),
            "errors": errors or [],
        },
        status=status,
    )


@never_cache
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    _user, review = rapid_review_for(request, pk, Permission.VIEW_DOCUMENTS)
    return render_report(request, review)
