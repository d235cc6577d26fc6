"""Who reaches the National Panel pages of a rapid review, its outcome and who was told it.

Everyone taking part in the rapid review (agencies aside) reads them and downloads the
Panel's letter; only the business team and the review's business team lead record anything.
The independent author has no part in the rapid review, so it does not exist for them. The
setup sends the report, records the Panel's acknowledgement and a response that disagrees
(so the reconvene step applies) asking for more information, with one round of it asked,
supplied and resubmitted, through the real actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max

from reviews.actions.panel import (
    record_acknowledgement,
    record_information_supplied,
    record_panel_response,
    record_reconvened,
    record_resubmitted,
    request_more_information,
    submit_report_to_panel,
)
from reviews.clock import schedule_for
from reviews.models import (
    InformationRound,
    NationalReview,
    PanelResponse,
    PanelSubmission,
    Reconvened,
    ReportVersion,
)
from reviews.process import Step
from reviews.tests.form_data import date_fields
from reviews.tests.request_helpers import PDF
from reviews.views.panel.extras import extension_steps
from tests.matrix import ALL_REVIEW_ROLES, BUSINESS_TEAM_AND_LEAD, Row, World, on_rapid_review

READERS = ALL_REVIEW_ROLES | {"author": "hidden"}
ACTORS = BUSINESS_TEAM_AND_LEAD | {"author": "hidden"}


def _day(world: World, days: int) -> dt.date:
    return world.review.origin + dt.timedelta(days=days)


def setup(world: World) -> None:
    team = world.people["business-team"]
    review = world.review
    # An ORM stand-in for the report actions being written alongside (reviews.actions.report).
    latest = ReportVersion.objects.filter(review=review).aggregate(latest=Max("number"))["latest"]
    version = ReportVersion(
        review=review,
        number=(latest or 0) + 1,
        source=ReportVersion.Source.GENERATED,
        sha256="0" * 64,
        text="Rapid review report",
        created_by=team,
    )
    version.docx.save("report.docx", ContentFile(b"PK\x03\x04"), save=False)
    version.save()
    submission = submit_report_to_panel(
        review,
        by=team,
        expected_version=0,
        report_version=version,
        sent_on=_day(world, 21),
        sent_to="national.panel@panel.example",
    )
    record_acknowledgement(
        review,
        by=team,
        expected_version=submission.version,
        acknowledged_on=_day(world, 24),
        consideration_date=_day(world, 34),
    )
    record_panel_response(
        review,
        by=team,
        expected_version=0,
        received_on=_day(world, 40),
        more_information_needed=True,
        agrees_with_conclusions=False,
        national_review=NationalReview.NO,
        summary="The Panel asks the partners to reconsider.",
        letter=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )
    world.extras["panel_report_version"] = version
    _one_round(world)


def _one_round(world: World) -> None:
    team, review = world.people["business-team"], world.review
    asked = request_more_information(
        review,
        by=team,
        expected_version=0,
        requested_on=_day(world, 41),
        asks="The police chronology for March.",
        due_on=_day(world, 43),
    )
    supplied = record_information_supplied(
        review, by=team, number=1, expected_version=asked.version, supplied_on=_day(world, 42)
    )
    record_resubmitted(
        review, by=team, number=1, expected_version=supplied.version, resubmitted_on=_day(world, 43)
    )


def _round_version(world: World) -> str:
    return str(InformationRound.objects.get(review=world.review, number=1).version)


def _new_round(world: World) -> dict[str, Any]:
    return {
        "version": "0",
        "asks": "The school's notes.",
        **date_fields("requested_on", _day(world, 44)),
        **date_fields("due_on", _day(world, 50)),
    }


def _corrected_round(world: World) -> dict[str, Any]:
    return {
        "round-1-version": _round_version(world),
        "round-1-asks": "The police chronology for March and April.",
        **date_fields("round-1-requested_on", _day(world, 41)),
        **date_fields("round-1-due_on", _day(world, 43)),
    }


def _supplied(world: World) -> dict[str, Any]:
    return {
        "round-1-version": _round_version(world),
        **date_fields("round-1-supplied_on", _day(world, 42)),
    }


def _resubmitted(world: World) -> dict[str, Any]:
    return {
        "round-1-version": _round_version(world),
        **date_fields("round-1-resubmitted_on", _day(world, 43)),
    }


def _response_sent(world: World) -> dict[str, Any]:
    # The meeting is recorded inside the case (rolled back with it): the reconvene row needs
    # the review without one.
    if not Reconvened.objects.filter(review=world.review).exists():
        record_reconvened(
            world.review,
            by=world.people["business-team"],
            held_on=_day(world, 45),
            next_course_of_action="Commission an LCSPR.",
            response_to_panel="The partners accept the Panel's view.",
            attendance="Pat Harrow (police lead)",
        )
    return date_fields("response_sent_on", _day(world, 46))


def _extension(world: World) -> dict[str, Any]:
    schedule = schedule_for(world.review)
    key = extension_steps(schedule)[0][0]
    due = schedule.step(Step(key)).due
    assert due is not None
    return {
        "step": key,
        "reason": "The Panel agreed more time.",
        **date_fields("agreed_with_panel_on", _day(world, 30)),
        **date_fields("new_date", due + dt.timedelta(days=7)),
    }


def on_round(world: World) -> dict[str, Any]:
    return {"pk": world.review.pk, "number": 1}


def _submission(world: World) -> dict[str, Any]:
    current = PanelSubmission.objects.get(review=world.review)
    return {
        "version": str(current.version),
        "report_version": str(world.extras["panel_report_version"].pk),
        "sent_to": "national.panel@panel.example",
        **date_fields("sent_on", _day(world, 20)),
    }


def _acknowledgement(world: World) -> dict[str, Any]:
    current = PanelSubmission.objects.get(review=world.review)
    return {
        "version": str(current.version),
        **date_fields("acknowledged_on", _day(world, 25)),
        **date_fields("consideration_date", _day(world, 34)),
    }


def _response(world: World) -> dict[str, Any]:
    current = PanelResponse.objects.get(review=world.review)
    return {
        "version": str(current.version),
        "more_information_needed": "yes",
        "agrees_with_conclusions": "no",
        "national_review": "undecided",
        "summary": "The Panel asks for more on joint working.",
        **date_fields("received_on", _day(world, 40)),
    }


def _reconvened(world: World) -> dict[str, Any]:
    return {
        "next_course_of_action": "Commission an LCSPR.",
        "response_to_panel": "The partners accept the Panel's view.",
        "attendance": "Pat Harrow (police lead)",
        **date_fields("held_on", _day(world, 45)),
    }


ROWS: dict[str, Row] = {
    "reviews:panel": Row(READERS, kwargs=on_rapid_review),
    "reviews:panel-submit": Row(ACTORS, method="post", kwargs=on_rapid_review, data=_submission),
    "reviews:panel-acknowledge": Row(
        ACTORS, method="post", kwargs=on_rapid_review, data=_acknowledgement
    ),
    "reviews:panel-respond": Row(ACTORS, method="post", kwargs=on_rapid_review, data=_response),
    "reviews:panel-letter": Row(READERS, kwargs=on_rapid_review),
    "reviews:panel-reconvene": Row(ACTORS, method="post", kwargs=on_rapid_review, data=_reconvened),
    "reviews:panel-subgroup": Row(ACTORS, method="post", kwargs=on_rapid_review),
    "reviews:panel-information": Row(
        ACTORS, method="post", kwargs=on_rapid_review, data=_new_round
    ),
    "reviews:panel-information-correct": Row(
        ACTORS, method="post", kwargs=on_round, data=_corrected_round
    ),
    "reviews:panel-information-supplied": Row(
        ACTORS, method="post", kwargs=on_round, data=_supplied
    ),
    "reviews:panel-information-resubmitted": Row(
        ACTORS, method="post", kwargs=on_round, data=_resubmitted
    ),
    "reviews:panel-response-sent": Row(
        ACTORS, method="post", kwargs=on_rapid_review, data=_response_sent
    ),
    "reviews:panel-extension": Row(ACTORS, method="post", kwargs=on_rapid_review, data=_extension),
    "reviews:outcome": Row(READERS, kwargs=on_rapid_review),
    "reviews:communications": Row(READERS, kwargs=on_rapid_review),
}
