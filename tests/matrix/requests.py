"""Who reaches the requests for information: the business team's list and follow-up, and the
agency's own return (only the organisation's answering people change it; need to know hides
it from everyone else). The requests are on the LCSPR, where every persona takes part."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.actions.requests import attachments as return_attachments
from reviews.actions.requests import returns
from reviews.models import InformationRequest, ReviewRole
from reviews.tests.request_helpers import PDF, send_request
from tests.matrix import BUSINESS_TEAM_AND_LEAD, Row, World, everyone_but

_NOBODY_ELSE = dict.fromkeys(
    [
        "partner_lead",
        "legal",
        "subgroup_chair",
        "partnership_chair",
        "panel_member",
        "author",
        "auditor",
        "same_partnership_non_member",
        "other_partnership",
    ],
    "hidden",
)
# The business team and the review's lead read every request; the school's contributor theirs.
SEE_REQUEST = everyone_but(**_NOBODY_ELSE)
# Only the people answering for the school change its return; the business team reads it.
ANSWER_REQUEST = SEE_REQUEST | {"business-team": "forbidden", "business-team-lead": "forbidden"}


def setup(world: World) -> None:
    team = world.people["business-team"]
    contributor = world.people["agency-contributor"]
    school = send_request(
        world.lcspr, world.organisations["school"], by=team, contributor=contributor
    )
    school = returns.save_return_draft(
        school,
        by=contributor,
        expected_version=school.version,
        involvement="The school saw Child A daily.",
        analysis="Attendance concerns were shared late.",
        immediate_actions="",
        learning="",
    )
    entry = return_attachments.add_chronology_entry(
        school,
        by=contributor,
        happened_on=world.lcspr.origin,
        what_happened="Absent from school",
        source="Register",
    )
    document = return_attachments.add_supporting_document(
        school, by=contributor, upload=SimpleUploadedFile("plan.pdf", PDF)
    )
    # The police lead answers for the police: their return is in, for "ask for more detail".
    lead = world.people["partner-lead"]
    police = send_request(
        world.lcspr,
        world.organisations["police"],
        by=team,
        contributor=lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
    )
    police = returns.save_return_draft(
        police,
        by=lead,
        expected_version=police.version,
        involvement="Two call-outs.",
        analysis="Referrals were made.",
        immediate_actions="",
        learning="",
    )
    police = returns.submit_return(police, by=lead, expected_version=police.version)
    world.extras.update(
        {"school_request": school, "entry": entry, "document": document, "police": police}
    )


def _school(world: World) -> InformationRequest:
    request: InformationRequest = world.extras["school_request"]
    return request


def _on_school(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "request_pk": _school(world).pk}


def _on_police(world: World) -> dict[str, Any]:
    return {"pk": world.lcspr.pk, "request_pk": world.extras["police"].pk}


def _on_entry(world: World) -> dict[str, Any]:
    return _on_school(world) | {"entry_pk": world.extras["entry"].pk}


def _on_document(world: World) -> dict[str, Any]:
    return _on_school(world) | {"document_pk": world.extras["document"].pk}


def _version(world: World) -> dict[str, Any]:
    return {"version": _school(world).version}


def _draft(world: World) -> dict[str, Any]:
    return _version(world) | {
        "involvement": "The school saw Child A daily.",
        "analysis": "Attendance concerns were shared late with children's services.",
        "immediate_actions": "",
        "learning": "",
    }


def _entry(world: World) -> dict[str, Any]:
    day = world.lcspr.origin
    return {
        "happened_on-day": str(day.day),
        "happened_on-month": str(day.month),
        "happened_on-year": str(day.year),
        "what_happened": "Seen by the school nurse",
        "source": "Health record",
    }


def _chronology_file(world: World) -> dict[str, Any]:
    csv = b"Date,What happened,Source\n06/03/2026,Seen by the school nurse,Health record\n"
    return {"file": SimpleUploadedFile("chronology.csv", csv, content_type="text/csv")}


def _document_file(world: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")}


def _reason(world: World) -> dict[str, Any]:
    return {"reason": "Say what the officers saw on the second call-out."}


ROWS: dict[str, Row] = {
    "reviews:requests": Row(BUSINESS_TEAM_AND_LEAD),
    "reviews:requests-chase-late": Row(BUSINESS_TEAM_AND_LEAD, method="post"),
    "reviews:request": Row(SEE_REQUEST, kwargs=_on_school),
    "reviews:request-chase": Row(BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_on_school),
    "reviews:request-more-detail": Row(
        BUSINESS_TEAM_AND_LEAD, method="post", kwargs=_on_police, data=_reason
    ),
    "reviews:request-autosave": Row(ANSWER_REQUEST, method="post", kwargs=_on_school, data=_draft),
    "reviews:request-submit": Row(ANSWER_REQUEST, method="post", kwargs=_on_school, data=_version),
    "reviews:request-no-involvement": Row(
        ANSWER_REQUEST, method="post", kwargs=_on_school, data=_version
    ),
    "reviews:request-chronology-add": Row(
        ANSWER_REQUEST, method="post", kwargs=_on_school, data=_entry
    ),
    "reviews:request-chronology-remove": Row(ANSWER_REQUEST, method="post", kwargs=_on_entry),
    "reviews:request-chronology-import": Row(
        ANSWER_REQUEST, method="post", kwargs=_on_school, data=_chronology_file
    ),
    "reviews:request-document-add": Row(
        ANSWER_REQUEST, method="post", kwargs=_on_school, data=_document_file
    ),
    "reviews:request-document": Row(SEE_REQUEST, kwargs=_on_document),
    "reviews:request-document-remove": Row(ANSWER_REQUEST, method="post", kwargs=_on_document),
}
