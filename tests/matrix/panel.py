"""Who reaches the National Panel pages of a rapid review, its outcome and who was told it.

Everyone taking part in the rapid review (agencies aside) reads them and downloads the
Panel's letter; only the business team and the review's business team lead record anything.
The independent author has no part in the rapid review, so it does not exist for them. The
setup sends the report, records the Panel's acknowledgement and a response that disagrees
(so the reconvene step applies), through the real actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max

from reviews.actions.panel import (
    record_acknowledgement,
    record_panel_response,
    submit_report_to_panel,
)
from reviews.models import NationalReview, PanelResponse, PanelSubmission, ReportVersion
from reviews.tests.form_data import date_fields
from reviews.tests.request_helpers import PDF
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
        more_information_needed=False,
        agrees_with_conclusions=False,
        national_review=NationalReview.NO,
        summary="The Panel asks the partners to reconsider.",
        letter=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )
    world.extras["panel_report_version"] = version


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
    "reviews:outcome": Row(READERS, kwargs=on_rapid_review),
    "reviews:communications": Row(READERS, kwargs=on_rapid_review),
}
