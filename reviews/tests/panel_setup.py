"""What the National Panel and outcome tests share: a rapid review with its people and its
report, and the Panel's correspondence recorded through the real actions.

The clock: the partnership was told on Friday 6 March 2026 (working day 0), so working day 15
is Friday 27 March 2026, when the report goes to the Panel. The Panel acknowledges it on
Monday 30 March and will consider it on Thursday 9 April, so its response is due 10 calendar
days later, on Sunday 19 April 2026. Tests run on Friday 24 April 2026 unless they say not.

``add_report_version`` and ``approve`` make their rows with the ORM: they stand in for the
report actions (reviews/actions/report.py) being written alongside this work. Switch them to
those actions once they exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import make_user
from reviews.actions.panel import (
    record_acknowledgement,
    record_panel_response,
    record_reconvened,
    submit_report_to_panel,
)
from reviews.actions.review.members import join
from reviews.actions.working_day_one import send_requests
from reviews.models import (
    Approval,
    ApprovalRole,
    NationalReview,
    PanelResponse,
    PanelSubmission,
    Reconvened,
    ReportVersion,
    Review,
    ReviewRole,
)
from reviews.tests.request_helpers import PDF
from reviews.tests.working_day_one_setup import (
    PSEUDONYM,
    WORKING_DAY_ONE,
    holder,
    open_rapid_review,
    staff,
)

TODAY = dt.datetime(2026, 4, 24, 10, tzinfo=dt.UTC)  # Friday 24 April 2026
SENT_ON = dt.date(2026, 3, 27)
ACKNOWLEDGED_ON = dt.date(2026, 3, 30)
CONSIDERATION = dt.date(2026, 4, 9)
RESPONSE_DUE = dt.date(2026, 4, 19)
RECEIVED_ON = dt.date(2026, 4, 15)
RECONVENED_ON = dt.date(2026, 4, 21)

__all__ = ["PDF", "PSEUDONYM"]


@dataclass(frozen=True)
class Cast:
    """The people of one rapid review, each in their part."""

    team: User
    lead: User
    partner_leads: dict[Organisation, User]
    legal: User
    subgroup_chair: User
    subgroup_member: User
    partnership_chair: User
    school_contributor: User


def make_cast(
    partnership: Partnership,
    *,
    team: User,
    partners: list[Organisation],
    school: Organisation,
) -> Cast:
    """Make the people: a business team lead, one lead per partner, legal, chairs, subgroup."""
    role = PartnershipRole.Role
    return Cast(
        team=team,
        # The review's business team lead, not in the partnership's business team.
        lead=make_user(
            partnership=partnership, email="bea.lead@wexmoor.example", full_name="Bea Lead"
        ),
        partner_leads={
            organisation: staff(organisation, f"Lead {organisation.name}")
            for organisation in partners
        },
        legal=holder(partnership, role.LEGAL_REPRESENTATIVE, "Lena Counsel"),
        subgroup_chair=holder(partnership, role.CSPR_SUBGROUP_CHAIR, "Sandra Chair"),
        subgroup_member=holder(partnership, role.CSPR_SUBGROUP_MEMBER, "Mo Subgroup"),
        partnership_chair=holder(partnership, role.PARTNERSHIP_CHAIR, "Ivor Chair"),
        school_contributor=staff(school, "Sid Teacher"),
    )


def open_with_people(partnership: Partnership, cast: Cast, *, school: Organisation) -> Review:
    """Open the rapid review (a real notification), send the partners their requests on working
    day 1, and give everyone else their part.

    The subgroup chair is left out on purpose: informing the subgroup gives them their part.
    """
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        review = open_rapid_review(partnership, by=cast.team)
        # The partner leads answer for their organisations; legal services are forwarded them.
        send_requests(review, by=cast.team, contributors=cast.partner_leads)
    for person, role, organisation in (
        (cast.lead, ReviewRole.BUSINESS_TEAM_LEAD, None),
        (cast.legal, ReviewRole.LEGAL_REPRESENTATIVE, None),
        (cast.partnership_chair, ReviewRole.PARTNERSHIP_CHAIR, None),
        (cast.school_contributor, ReviewRole.AGENCY_CONTRIBUTOR, school),
    ):
        join(review, person, role, by=cast.team, organisation=organisation)
    return review


def add_report_version(review: Review, *, by: User) -> ReportVersion:
    """Add the next version of the report (ORM stand-in for the report actions)."""
    number = (
        ReportVersion.objects.filter(review=review).aggregate(latest=Max("number"))["latest"] or 0
    ) + 1
    version = ReportVersion(
        review=review,
        number=number,
        source=ReportVersion.Source.GENERATED,
        sha256="0" * 64,
        text=f"Rapid review report, version {number}",
        created_by=by,
    )
    version.docx.save("report.docx", ContentFile(b"PK\x03\x04 not a real document"), save=False)
    version.save()
    return version


def approve(
    version: ReportVersion,
    *,
    role: ApprovalRole,
    person: User,
    organisation: Organisation | None = None,
) -> Approval:
    """Record one approval of one version (ORM stand-in for the report actions)."""
    return Approval.objects.create(
        version=version,
        role=role,
        organisation=organisation,
        person=person,
        verdict=Approval.Verdict.APPROVED,
    )


def approve_fully(version: ReportVersion, cast: Cast) -> None:
    approve(version, role=ApprovalRole.SUBGROUP_CHAIR, person=cast.subgroup_chair)
    approve(version, role=ApprovalRole.PARTNERSHIP_CHAIR, person=cast.partnership_chair)
    for organisation, person in cast.partner_leads.items():
        approve(
            version,
            role=ApprovalRole.STATUTORY_PARTNER,
            person=person,
            organisation=organisation,
        )


def send_to_panel(review: Review, cast: Cast, *, sent_on: dt.date = SENT_ON) -> PanelSubmission:
    """Send a fully approved version of the report to the Panel."""
    version = add_report_version(review, by=cast.team)
    approve_fully(version, cast)
    return submit_report_to_panel(
        review,
        by=cast.team,
        expected_version=0,
        report_version=version,
        sent_on=sent_on,
        sent_to="national.panel@panel.example",
    )


def acknowledge(
    review: Review,
    cast: Cast,
    *,
    acknowledged_on: dt.date = ACKNOWLEDGED_ON,
    consideration_date: dt.date = CONSIDERATION,
) -> PanelSubmission:
    submission = PanelSubmission.objects.get(review=review)
    return record_acknowledgement(
        review,
        by=cast.team,
        expected_version=submission.version,
        acknowledged_on=acknowledged_on,
        consideration_date=consideration_date,
    )


def letter(name: str = "panel-letter.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def respond(
    review: Review,
    cast: Cast,
    *,
    agrees: bool,
    received_on: dt.date = RECEIVED_ON,
    more_information: bool = False,
) -> PanelResponse:
    """Record the Panel's response, with its letter."""
    return record_panel_response(
        review,
        by=cast.team,
        expected_version=0,
        received_on=received_on,
        more_information_needed=more_information,
        agrees_with_conclusions=agrees,
        national_review=NationalReview.NO,
        summary="The Panel agrees a local review is right."
        if agrees
        else "The Panel asks "
        "the partners to reconsider: the learning on joint working merits a local review.",
        letter=letter(),
    )


def reconvene(review: Review, cast: Cast, *, held_on: dt.date = RECONVENED_ON) -> Reconvened:
    return record_reconvened(
        review,
        by=cast.team,
        held_on=held_on,
        next_course_of_action="Commission an LCSPR on joint working.",
        response_to_panel="The partners agree with the Panel and will commission an LCSPR.",
        attendance="Pat Harrow (police lead)\nLena Counsel (legal services)",
    )


def up_to_the_response(
    partnership: Partnership, cast: Cast, *, school: Organisation, agrees: bool
) -> Review:
    """A rapid review whose report was sent, acknowledged and answered by the Panel."""
    review = open_with_people(partnership, cast, school=school)
    send_to_panel(review, cast)
    acknowledge(review, cast)
    respond(review, cast, agrees=agrees)
    return review
