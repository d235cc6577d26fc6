"""What the rapid review report tests share: a rapid review brought to working day 11 through
the real actions, with the chairs and partners who sign, and Word files to upload.

The clock: the partnership was told on Friday 6 March 2026 (working day 0). Requests go out on
working day 1 (Monday 9 March), agencies return on working day 4, the partners decide on
working day 9 (Thursday 19 March), the decision meeting is held on working day 11 (Monday
23 March); the report is approved from working day 12 (Tuesday 24 March) to working day 15
(Friday 27 March). Each stage runs at its own moment (time-machine), so every record is dated
as it would be. Fictional people, places and events only.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import docx
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews import actions
from reviews.actions.decisions import (
    QUESTIONS,
    RATIONALES,
    Presence,
    record_decision_meeting,
    record_partner_decision,
)
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.report import approve_report_version
from reviews.actions.requests.attachments import add_chronology_entry
from reviews.actions.requests.returns import (
    declare_no_involvement,
    save_return_draft,
    submit_return,
)
from reviews.actions.working_day_one import add_further_agency, arrange_meeting, send_requests
from reviews.models import (
    AbuseOrNeglect,
    Approval,
    ApprovalRole,
    Criterion,
    Harm,
    IdentityRecord,
    InformationRequest,
    JointDecision,
    Meeting,
    Plan,
    ReportVersion,
    Review,
    ReviewRole,
    Sex,
)
from reviews.reads.report import Signatory
from reviews.tests.working_day_one_setup import holder, staff

LONDON = ZoneInfo("Europe/London")
WORKING_DAY_ONE = dt.datetime(2026, 3, 9, 10, tzinfo=LONDON)
WORKING_DAY_FOUR = dt.datetime(2026, 3, 12, 10, tzinfo=LONDON)
WORKING_DAY_NINE = dt.datetime(2026, 3, 19, 10, tzinfo=LONDON)
WORKING_DAY_TEN = dt.datetime(2026, 3, 20, 10, tzinfo=LONDON)
MEETING_DAY = dt.date(2026, 3, 23)
AFTER_THE_MEETING = dt.datetime(2026, 3, 23, 15, tzinfo=LONDON)
WORKING_DAY_TWELVE = dt.datetime(2026, 3, 24, 10, tzinfo=LONDON)
WORKING_DAY_FIFTEEN = dt.datetime(2026, 3, 27, 10, tzinfo=LONDON)

PSEUDONYM = "Child Zephyrine"
# The child's real identity, and a parent's: none of these may appear in any report.
IDENTITY_VALUES = (
    "Marigold Pennywhistle",
    "Goldie Penn",
    "14 Quillon Crescent",
    "Brackenfold Primary",
    "Rowena Pennywhistle",
    "23/07/2021",
    "23 July 2021",
    "2021-07-23",
)
DATE_OF_BIRTH = dt.date(2021, 7, 23)

RETURNS = {
    "police": (
        "Officers attended the home twice after neighbours reported shouting.",
        "No referral was made because no child was seen at the address.",
        [(dt.date(2025, 11, 3), "Officers attended a report of shouting", "Incident log 114")],
    ),
    "icb": (
        "The health visitor saw the child at the 2 year review.",
        "A missed follow-up appointment was not chased.",
        [(dt.date(2025, 6, 30), "Follow-up clinic appointment not attended", "HV records")],
    ),
    "csc": (
        "A contact was received and closed at the front door.",
        "The threshold decision did not consider the police callouts.",
        [(dt.date(2025, 12, 1), "Contact closed with no further action", "Case record")],
    ),
}


@dataclass(frozen=True)
class ReportCase:
    """A rapid review at working day 11, and everyone who takes part in its report."""

    review: Review
    team: User
    subgroup_chair: User
    partnership_chair: User
    legal: User
    leads: dict[str, User]  # by organisation kind: csc, police, icb
    partners: dict[str, Organisation]
    meeting: Meeting


def rationale(kind: str, question: str) -> str:
    """A partner's distinctive rationale, so a test finding it cannot be a coincidence."""
    return f"Rationale of {kind} on {question.replace('_', ' ')}: practice fell short."


def _answers(kind: str) -> dict[str, str]:
    answers = dict.fromkeys(QUESTIONS, "yes")
    answers.update({field: rationale(kind, question) for field, question in RATIONALES.items()})
    return answers


def _return(request: InformationRequest, kind: str, by: User) -> None:
    involvement, analysis, entries = RETURNS[kind]
    request = save_return_draft(
        request,
        by=by,
        expected_version=request.version,
        involvement=involvement,
        analysis=analysis,
        immediate_actions=f"Immediate action of {kind}: a practice reminder to all teams.",
        learning=f"Learning of {kind}: see and hear the child at every visit.",
    )
    for happened_on, what, source in entries:
        add_chronology_entry(
            request, by=by, happened_on=happened_on, what_happened=what, source=source
        )
    request.refresh_from_db()
    submit_return(request, by=by, expected_version=request.version)


def _open(partnership: Partnership, team: User) -> Review:
    review = record_notification(
        partnership=partnership,
        by=team,
        children=[
            ChildDetails(
                pseudonym=PSEUDONYM,
                sex=Sex.FEMALE,
                date_of_birth=DATE_OF_BIRTH,
                real_name="Marigold Pennywhistle",
                ethnicity="Mixed White and Black Caribbean",
                disability="Hearing impairment",
                plan=Plan.CHILD_PROTECTION,
            )
        ],
        incident_date=dt.date(2026, 3, 1),
        harm=Harm.SERIOUSLY_HARMED,
        incident_area="Wexmoor",
        home_area="Calderbridge",
        criterion=Criterion.IN_AREA,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        proceed_reason="",
        la_aware_on=dt.date(2026, 3, 2),
        panel_notified_on=dt.date(2026, 3, 5),
        partnership_told_on=dt.date(2026, 3, 6),
    )
    actions.record_identity(
        review,
        by=team,
        subject=IdentityRecord.Subject.PARENT,
        pseudonym="Mother",
        real_name="Rowena Pennywhistle",
        aliases="Goldie Penn",
        address="14 Quillon Crescent, Wexmoor",
        school="Brackenfold Primary",
    )
    return review


def case_at_working_day_eleven(
    partnership: Partnership,
    *,
    team: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
    police_lead: User,
    decided: tuple[str, ...] = ("csc", "icb", "police"),
    meet: bool = True,
) -> ReportCase:
    """Bring a rapid review to working day 11 through the real actions.

    ``decided`` names the partners that record a decision on working day 9; with ``meet`` the
    decision meeting records the joint decision (an LCSPR starts; the ICB disagrees).
    """
    partners = {"csc": childrens_social_care, "police": police, "icb": icb}
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        review = _open(partnership, team)
        legal = holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, "Lena Counsel")
        subgroup_chair = holder(partnership, PartnershipRole.Role.CSPR_SUBGROUP_CHAIR, "Sam Chair")
        partnership_chair = holder(
            partnership, PartnershipRole.Role.PARTNERSHIP_CHAIR, "Pat Independent"
        )
        for person, role in [
            (subgroup_chair, ReviewRole.SUBGROUP_CHAIR),
            (partnership_chair, ReviewRole.PARTNERSHIP_CHAIR),
        ]:
            actions.add_review_member(review, user=person, role=role, by=team)
        leads = {
            "csc": staff(childrens_social_care, "Cara Social"),
            "police": police_lead,
            "icb": staff(icb, "Isla Nurse"),
        }
        send_requests(
            review, by=team, contributors={partners[kind]: lead for kind, lead in leads.items()}
        )
        school_request = add_further_agency(
            review,
            by=team,
            organisation=school,
            named_by=police,
            contributor=staff(school, "Dora Lead"),
        )
        meeting = arrange_meeting(
            review,
            by=team,
            expected_version=0,
            starts_at=dt.datetime.combine(MEETING_DAY, dt.time(10), tzinfo=LONDON),
            duration_minutes=90,
            location="Room 2, County Hall",
            online_link="",
            invitees=[*leads.values(), legal],
        )
    with time_machine.travel(WORKING_DAY_FOUR, tick=False):
        for request in InformationRequest.objects.filter(review=review).select_related(
            "organisation"
        ):
            kind = next((k for k, o in partners.items() if o.pk == request.organisation_id), None)
            if kind is not None:
                _return(request, kind, leads[kind])
        school_request.refresh_from_db()
        assert school_request.contributor is not None
        declare_no_involvement(
            school_request, by=school_request.contributor, expected_version=school_request.version
        )
    with time_machine.travel(WORKING_DAY_NINE, tick=False):
        for kind in decided:
            record_partner_decision(
                review,
                organisation=partners[kind],
                by=leads[kind],
                expected_version=0,
                answers=_answers(kind),
            )
    case = ReportCase(
        review, team, subgroup_chair, partnership_chair, legal, leads, partners, meeting
    )
    if meet:
        hold_meeting(case)
    return case


def hold_meeting(case: ReportCase) -> JointDecision:
    """Record the decision meeting on working day 11, the ICB disagreeing."""
    with time_machine.travel(AFTER_THE_MEETING, tick=False):
        return record_decision_meeting(
            case.meeting,
            by=case.team,
            expected_version=0,
            held_on=MEETING_DAY,
            attendance=dict.fromkeys(case.meeting.invitees.all(), Presence.ATTENDED),
            legal_advice="Privileged advice that must not be copied into the report.",
            lcspr_criteria_met="yes",
            national_criteria_met="no",
            lcspr_to_start=True,
            rationale="Joint rationale: two agencies did not share what they knew.",
            action_on_learning="",
            dissents={case.partners["icb"]: "ICB dissent: a single-agency review would do."},
        )


def word_file(*paragraphs: str) -> bytes:
    """A real Word document (python-docx) holding these paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload_of(content: bytes, name: str = "rapid-review-report-edited.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


SUBGROUP_CHAIR = Signatory(ApprovalRole.SUBGROUP_CHAIR)
PARTNERSHIP_CHAIR = Signatory(ApprovalRole.PARTNERSHIP_CHAIR)


def partner_signatory(case: ReportCase, kind: str) -> Signatory:
    return Signatory(ApprovalRole.STATUTORY_PARTNER, case.partners[kind])


def approve_as(case: ReportCase, version: ReportVersion, who: str) -> Approval:
    """Approve as "subgroup", "chair" or a partner kind (csc, icb, police), through the action."""
    if who == "subgroup":
        return approve_report_version(
            version, by=case.subgroup_chair, signatory=SUBGROUP_CHAIR, number=version.number
        )
    if who == "chair":
        return approve_report_version(
            version, by=case.partnership_chair, signatory=PARTNERSHIP_CHAIR, number=version.number
        )
    return approve_report_version(
        version, by=case.leads[who], signatory=partner_signatory(case, who), number=version.number
    )
