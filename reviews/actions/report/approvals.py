"""Approving the rapid review report, or sending it back, one version at a time.

Order (domain.md, working days 12 to 15): the CSPR subgroup chair approves a version made
after the partners' joint decision was recorded, which completes report-amended and forwards
it to the partnership chair; the partnership chair and each statutory partner then agree that
same version, which completes report-agreed. Nothing is edited: each approval or sending back
is a new row with its own event, and the field history records who saved it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from reviews import emails
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.completion import complete_once
from reviews.actions.guards import REPORT, check_length, check_open_rapid_review
from reviews.actions.report.lock import lock_review
from reviews.dates_in_words import long_date
from reviews.documents.rapid_review_report import sections_to_complete
from reviews.event_types import EventType
from reviews.models import (
    Approval,
    ApprovalRole,
    JointDecision,
    ReportVersion,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.permissions import approval_roles
from reviews.permissions_partners import refusal
from reviews.process import Step, get_ruleset
from reviews.reads.report import (
    Signatory,
    VersionApprovals,
    approvals_of,
    business_team_leads,
    newest_version,
    signatories,
)


def _current(
    version: ReportVersion, *, by: User, signatory: Signatory, number: int
) -> VersionApprovals:
    """Re-read the version under the review's lock and refuse what the chain does not allow."""
    review = version.review
    if version.number != number:
        raise ActionError(
            "The version on your page is not the one you chose. Reload the page and try again."
        )
    if signatory not in [Signatory(role, org) for role, org in approval_roles(by, review)]:
        because = f": {refusal(signatory.organisation, review)}" if signatory.organisation else "."
        raise ActionError(f"You do not sign the report as {signatory.as_role}{because}")
    newest = newest_version(review)
    if newest is not None and newest.number != version.number:
        raise ActionError(
            f"Version {version.number} is no longer the newest: version {newest.number} was "
            f"added on {long_date(timezone.localdate(newest.created_at))}. Read version "
            f"{newest.number} and approve or send back that one instead."
        )
    state = approvals_of(version, signatories(review))
    if signatory not in state.needed:
        raise ActionError(f"{signatory.label}'s sign-off is not needed on {review.case_code}.")
    if state.sent_back is not None:
        raise ActionError(
            f"Version {version.number} has been sent back, so it cannot be approved or sent "
            "back again. The business team adds a new version."
        )
    return state


def _check_after_joint_decision(review: Review, version: ReportVersion) -> None:
    decision = JointDecision.objects.filter(review=review).order_by("-recorded_at").first()
    if decision is None:
        raise ActionError(
            "The partners' joint decision has not been recorded yet. The CSPR subgroup chair "
            "approves the report once it has been amended with their decision."
        )
    if version.created_at < decision.recorded_at:
        raise ActionError(
            f"Version {version.number} was made before the partners' joint decision was "
            "recorded, so it does not include it. The business team adds a version with the "
            "decision first."
        )


def approve_report_version(
    version: ReportVersion, *, by: User, signatory: Signatory, number: int
) -> Approval:
    """Approve one version in one part of the chain. Approving it twice changes nothing.

    A version still holding "To be completed" sections can be approved: the page lists them
    before the approval and the event names them. Whether the report is complete enough is
    the signatories' judgement; refusing would let a line of text stop the chain before the
    working day 15 deadline.
    """
    review = version.review
    check_open_rapid_review(review, REPORT)
    with transaction.atomic():
        lock_review(review)
        state = _current(version, by=by, signatory=signatory, number=number)
        given = state.approval_of(signatory)
        if given is not None:
            return given
        if signatory.role == ApprovalRole.SUBGROUP_CHAIR:
            _check_after_joint_decision(review, version)
        elif not state.subgroup_chair_approved:
            raise ActionError(
                f"The CSPR subgroup chair approves each version first, and has not approved "
                f"version {version.number} yet."
            )
        approval = Approval(
            version=version,
            role=signatory.role,
            organisation=signatory.organisation,
            person=by,
            verdict=Approval.Verdict.APPROVED,
        )
        saved_by(approval, by)
        approval.save()
        record_event(
            review,
            EventType.REPORT_APPROVED,
            by=by,
            number=version.number,
            version_id=version.pk,
            approval_id=approval.pk,
            role=signatory.as_role,
            to_be_completed=list(
                sections_to_complete(
                    version.text, get_ruleset(review.ruleset).rapid_review_report_sections
                )
            ),
        )
        _move_chain_on(version, by=by, signatory=signatory, state=state, approval=approval)
    return approval


def _move_chain_on(
    version: ReportVersion,
    *,
    by: User,
    signatory: Signatory,
    state: VersionApprovals,
    approval: Approval,
) -> None:
    """After an approval: the subgroup chair's completes report-amended and forwards the
    version; the last one needed completes report-agreed and tells the business team."""
    review = version.review
    if signatory.role == ApprovalRole.SUBGROUP_CHAIR:
        complete_once(
            review,
            Step.REPORT_AMENDED,
            by=by,
            note=f"Version {version.number} approved by the CSPR subgroup chair.",
        )
        _forward(review, version, state.needed)
    after = approvals_of(version, state.needed, [*state.rows, approval])
    if after.agreed:
        complete_once(review, Step.REPORT_AGREED, by=by, note=f"Version {version.number} agreed.")
        emails.report_agreed(version, to=business_team_leads(review))


def send_back_report_version(
    version: ReportVersion, *, by: User, signatory: Signatory, number: int, reason: str
) -> Approval:
    """Send one version back with the reason; it can then be approved no further."""
    review = version.review
    check_open_rapid_review(review, REPORT)
    reason = reason.strip()
    if not reason:
        raise ActionError("Enter why you are sending the report back", field="reason")
    check_length(reason, limit=max_length(Approval, "reason"), label="The reason", field="reason")
    with transaction.atomic():
        lock_review(review)
        state = _current(version, by=by, signatory=signatory, number=number)
        if state.agreed:
            raise ActionError(
                f"Version {version.number} has been agreed by everyone who signs it. To change "
                "it, the business team adds a new version."
            )
        approval = Approval(
            version=version,
            role=signatory.role,
            organisation=signatory.organisation,
            person=by,
            verdict=Approval.Verdict.SENT_BACK,
            reason=reason,
        )
        saved_by(approval, by)
        approval.save()
        record_event(
            review,
            EventType.REPORT_SENT_BACK,
            by=by,
            number=version.number,
            version_id=version.pk,
            approval_id=approval.pk,
            role=signatory.as_role,
            reason=reason,
        )
        emails.report_sent_back(version, to=business_team_leads(review))
    return approval


def _forward(review: Review, version: ReportVersion, needed: Sequence[Signatory]) -> None:
    """Tell the partnership chair, and the partners who sign, that the version awaits them."""
    partners = [each.organisation for each in needed if each.organisation is not None]
    people = ReviewMember.objects.filter(review=review, active=True, user__is_active=True)
    chairs = people.filter(role=ReviewRole.PARTNERSHIP_CHAIR)
    leads = people.filter(role=ReviewRole.STATUTORY_PARTNER_LEAD, organisation__in=partners)
    emails.report_forwarded(
        version,
        to=[
            *chairs.values_list("user__email", flat=True),
            *leads.values_list("user__email", flat=True),
        ],
    )
