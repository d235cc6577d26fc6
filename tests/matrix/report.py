"""Who reaches the rapid review report: its page, versions, comparison and approval chain.

The report belongs to the rapid review, where the independent author has no part (so it is
hidden from them). Everyone else with a part but the agencies reads it and downloads its
versions; the business team and the review's business team lead add versions; the two chairs
and the statutory partner leads approve or send back, and nobody else does.

The state the rows need (a partner's decision, the joint decision, a version the subgroup
chair has approved) is made on first use, through the real actions, so that other topics'
tests do not pay for writing a Word file.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reviews.actions.decisions import (
    QUESTIONS,
    RATIONALES,
    Presence,
    record_decision_meeting,
    record_partner_decision,
)
from reviews.actions.report import approve_report_version, generate_report_version
from reviews.models import ApprovalRole, JointDecision, PartnerDecision, ReportVersion
from reviews.reads.report import Signatory
from reviews.reads.working_day_one import decision_meeting
from reviews.tests.report_setup import word_file
from tests.matrix import ALL_REVIEW_ROLES, BUSINESS_TEAM_AND_LEAD, Row, World

READERS = ALL_REVIEW_ROLES | {"author": "hidden"}
ACTORS = BUSINESS_TEAM_AND_LEAD | {"author": "hidden"}
SIGNERS = READERS | dict.fromkeys(
    ["business-team", "business-team-lead", "legal", "panel-member"], "forbidden"
)


def _decided(world: World) -> None:
    """The police decide and the partners meet, unless another topic has recorded it."""
    review, team = world.review, world.people["business-team"]
    police = world.organisations["police"]
    if not PartnerDecision.objects.filter(review=review, organisation=police).exists():
        answers = dict.fromkeys(QUESTIONS, "yes")
        answers.update(dict.fromkeys(RATIONALES, "The reasons."))
        record_partner_decision(
            review,
            organisation=police,
            by=world.people["partner-lead"],
            expected_version=0,
            answers=answers,
        )
    meeting = decision_meeting(review)
    if meeting is not None and not JointDecision.objects.filter(review=review).exists():
        record_decision_meeting(
            meeting,
            by=team,
            expected_version=0,
            held_on=timezone.localdate(),
            attendance=dict.fromkeys(meeting.invitees.all(), Presence.ATTENDED),
            legal_advice="Advice given.",
            lcspr_criteria_met="yes",
            national_criteria_met="no",
            lcspr_to_start=True,
            rationale="The reasons.",
            action_on_learning="",
            dissents={},
        )


def _version(world: World) -> ReportVersion:
    version = world.extras.get("report_version")
    if version is None:
        _decided(world)
        version = generate_report_version(world.review, by=world.people["business-team"])
        approve_report_version(
            version,
            by=world.people["subgroup-chair"],
            signatory=Signatory(ApprovalRole.SUBGROUP_CHAIR),
            number=version.number,
        )
        world.extras["report_version"] = version
    assert isinstance(version, ReportVersion)
    return version


def _on_report(world: World) -> dict[str, Any]:
    _version(world)
    return {"pk": world.review.pk}


def _download(world: World) -> dict[str, Any]:
    return {"pk": world.review.pk, "version_pk": _version(world).pk}


def _approval(world: World) -> dict[str, Any]:
    version = _version(world)
    return {"version": str(version.pk), "number": str(version.number)}


def _send_back(world: World) -> dict[str, Any]:
    return _approval(world) | {"reason": "The chronology is incomplete."}


def _upload(world: World) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("edited.docx", word_file("Edited for the matrix")),
        "note": "Edited.",
    }


ROWS: dict[str, Row] = {
    "reviews:report": Row(READERS, kwargs=_on_report),
    "reviews:report-download": Row(READERS, kwargs=_download),
    "reviews:report-compare": Row(READERS, kwargs=_on_report),
    "reviews:report-generate": Row(ACTORS, method="post", kwargs=_on_report),
    "reviews:report-upload": Row(ACTORS, method="post", kwargs=_on_report, data=_upload),
    "reviews:report-approve": Row(SIGNERS, method="post", kwargs=_on_report, data=_approval),
    "reviews:report-send-back": Row(SIGNERS, method="post", kwargs=_on_report, data=_send_back),
}
