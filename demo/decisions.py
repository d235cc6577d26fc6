"""Demo rapid reviews from working day 9 onwards: waiting for decisions, in approval, waiting
for the National Panel, and closed with each outcome.

Each is driven through the real actions on the working day each thing happened (see
demo/rapid_reviews.py for the first seven days, which these build on). Fictional only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions import add_review_member
from reviews.actions.decisions import (
    DECISION_FIELDS,
    Presence,
    record_decision_meeting,
    record_partner_decision,
)
from reviews.actions.panel import (
    inform_subgroup,
    record_acknowledgement,
    record_panel_response,
    record_reconvened,
    submit_report_to_panel,
)
from reviews.actions.panel.outcome import record_communication, record_outcome
from reviews.actions.report import approve_report_version, generate_report_version
from reviews.deadlines import WorkingCalendar
from reviews.models import (
    ApprovalRole,
    Communication,
    Meeting,
    MeetingKind,
    NationalReview,
    OutcomeKind,
    PanelResponse,
    PanelSubmission,
    ReportVersion,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.reads.report import signatories

# A minimal, valid one-page PDF: the Panel's letter in the demo.
DEMO_LETTER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Chairs:
    subgroup: User
    partnership: User


def _answers(organisation: Organisation, *, lcspr: bool) -> dict[str, str]:
    """A partner's decision: yes where the demo case meets the criteria, each with a reason."""
    answers: dict[str, str] = {}
    for name in DECISION_FIELDS:
        if name.endswith("_rationale"):
            answers[name] = (
                f"{organisation.name}: the agencies' returns show missed follow-up of a child "
                "not brought to appointments, and no shared picture of the risks at home."
            )
        elif name in {"panel_referred", "national_criteria_may_be_met"}:
            answers[name] = "no"
        else:
            answers[name] = "yes" if lcspr else "no"
    return answers


def _leads(review: Review) -> dict[Organisation, User]:
    return {
        member.organisation: member.user
        for member in ReviewMember.objects.filter(
            review=review, role=ReviewRole.STATUTORY_PARTNER_LEAD, active=True
        ).select_related("organisation", "user")
        if member.organisation is not None
    }


def record_decisions(review: Review, *, how_many: int | None = None, lcspr: bool = True) -> None:
    """Have the statutory partners (all, or the first few) record their decisions."""
    for organisation, lead in list(_leads(review).items())[:how_many]:
        record_partner_decision(
            review,
            organisation=organisation,
            by=lead,
            expected_version=0,
            answers=_answers(organisation, lcspr=lcspr),
        )


def hold_meeting(review: Review, *, team: User, held_on: dt.date, lcspr: bool) -> None:
    """Record the working day 11 meeting: everyone invited attended; the joint decision."""
    meeting = Meeting.objects.get(review=review, kind=MeetingKind.DECISION)
    record_decision_meeting(
        meeting,
        by=team,
        expected_version=0,
        held_on=held_on,
        attendance=dict.fromkeys(meeting.invitees.all(), Presence.ATTENDED),
        legal_advice="The criteria are a matter for the partners; no proceedings prevent a review.",
        lcspr_criteria_met="yes" if lcspr else "no",
        national_criteria_met="no",
        lcspr_to_start=lcspr,
        rationale="Multi-agency learning about children not brought to health appointments.",
        action_on_learning=""
        if lcspr
        else "A 7-minute briefing on children not brought to appointments, shared by all partners.",
        dissents={},
    )


def agree_report(review: Review, *, team: User, chairs: Chairs, partners_too: bool) -> None:
    """Generate the report; the subgroup chair approves it, then (optionally) everyone else."""
    for chair, role in (
        (chairs.subgroup, ReviewRole.SUBGROUP_CHAIR),
        (chairs.partnership, ReviewRole.PARTNERSHIP_CHAIR),
    ):
        if not ReviewMember.objects.filter(review=review, user=chair, role=role, active=True):
            add_review_member(review, user=chair, role=role, by=team)
    version = generate_report_version(review, by=team)
    leads = _leads(review)
    for signatory in signatories(review):
        if signatory.role == ApprovalRole.SUBGROUP_CHAIR:
            person = chairs.subgroup
        elif not partners_too:
            continue
        elif signatory.role == ApprovalRole.PARTNERSHIP_CHAIR:
            person = chairs.partnership
        else:
            assert signatory.organisation is not None  # noqa: S101  a partner signs for one
            person = leads[signatory.organisation]
        approve_report_version(version, by=person, signatory=signatory, number=version.number)


def submit(review: Review, *, team: User, calendar: WorkingCalendar, submitted_on: dt.date) -> None:
    """Send the agreed report to the Panel (working day 15); the Panel acknowledges it."""
    version = ReportVersion.objects.filter(review=review).order_by("-number").first()
    assert version is not None  # noqa: S101  agree_report has made one
    submit_report_to_panel(
        review,
        by=team,
        expected_version=0,
        report_version=version,
        sent_on=submitted_on,
        sent_to="The National Panel's rapid review mailbox",
    )
    acknowledged = calendar.add_working_days(submitted_on, 2)
    consideration = calendar.add_working_days(submitted_on, 10)
    review.refresh_from_db()
    record_acknowledgement(
        review,
        by=team,
        expected_version=PanelSubmission.objects.get(review=review).version,
        acknowledged_on=min(acknowledged, moment.today()),
        consideration_date=consideration,
    )


def hear(review: Review, *, team: User, panel_agrees: bool) -> None:
    """Record the Panel's response, received today."""
    record_panel_response(
        review,
        by=team,
        expected_version=0,
        received_on=moment.today(),
        more_information_needed=False,
        agrees_with_conclusions=panel_agrees,
        national_review=NationalReview.NO,
        summary="The Panel thanked the partnership for a clear and timely rapid review.",
        letter=SimpleUploadedFile("panel-letter.pdf", DEMO_LETTER, "application/pdf"),
    )


def close_with(review: Review, *, team: User, kind: OutcomeKind, decided_on: dt.date) -> None:
    """Reconvene if the Panel disagreed, inform the subgroup, record the outcome and tell the
    family."""
    if not PanelResponse.objects.get(review=review).agrees_with_conclusions:
        record_reconvened(
            review,
            by=team,
            held_on=decided_on,
            next_course_of_action="Commission an LCSPR as the Panel recommends.",
            response_to_panel="The partners accept the Panel's view and will commission an LCSPR.",
        )
    inform_subgroup(review, by=team)
    record_outcome(
        review,
        by=team,
        kind=kind,
        rationale="Agreed by the statutory partners after the National Panel's response.",
        actions_instead="Briefings on the learning were shared with every agency's staff."
        if kind == OutcomeKind.NO_REVIEW
        else "",
        decided_on=decided_on,
    )
    record_communication(
        review,
        by=team,
        audience=Communication.Audience.FAMILY,
        about="The outcome of the rapid review and its reasons",
        method="Letter, followed by a visit from the family's social worker",
        communicated_on=decided_on,
    )
