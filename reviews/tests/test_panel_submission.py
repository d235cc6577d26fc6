"""The report sent to the National Panel: the version offered, approvals, corrections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from accounts.models import Organisation, Partnership
from conftest import sign_in
from reviews.actions import EditConflict
from reviews.actions.panel import submit_report_to_panel
from reviews.event_types import EventType
from reviews.models import Approval, ApprovalRole, PanelSubmission, Review
from reviews.process import Step
from reviews.reads.panel import missing_approvals
from reviews.tests import panel_page_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.panel_page_setup import done_on, submit_to_panel, url
from reviews.tests.panel_setup import (
    SENT_ON,
    TODAY,
    Cast,
    add_report_version,
    approve,
    approve_fully,
    send_to_panel,
)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    return setup.review(partnership=partnership, cast=cast, school=school)


def test_the_newest_version_is_offered_and_sending_it_completes_report_submitted(
    client: Client, review: Review, cast: Cast
) -> None:
    older = add_report_version(review, by=cast.team)
    newest = add_report_version(review, by=cast.team)
    approve_fully(newest, cast)
    sign_in(client, cast.team)

    page = client.get(url("reviews:panel", review)).content.decode()
    response = client.post(url("reviews:panel-submit", review), submit_to_panel(review, newest.pk))

    assert f'value="{newest.pk}" checked' in page
    assert f'value="{older.pk}" checked' not in page
    assert response.status_code == 302
    submission = PanelSubmission.objects.get(review=review)
    assert (submission.report_version, submission.sent_on) == (newest, SENT_ON)
    assert submission.sent_to == "national.panel@panel.example"
    assert done_on(review, Step.REPORT_SUBMITTED) == SENT_ON
    event = review.events.get(type=EventType.REPORT_SUBMITTED)
    assert (event.detail["number"], event.detail["missing_approvals"]) == (2, [])


def test_a_version_lacking_approvals_can_be_sent_but_the_record_says_so(
    client: Client, review: Review, cast: Cast, police: Organisation
) -> None:
    version = add_report_version(review, by=cast.team)
    approve(version, role=ApprovalRole.SUBGROUP_CHAIR, person=cast.subgroup_chair)
    sign_in(client, cast.team)

    page = client.get(url("reviews:panel", review)).content.decode()
    client.post(url("reviews:panel-submit", review), submit_to_panel(review, version.pk))
    after = client.get(url("reviews:panel", review)).content.decode()

    assert "Not yet approved by: Partnership independent chair" in page
    assert "was sent without the approval of: Partnership independent chair" in after
    assert police.name in after
    event = review.events.get(type=EventType.REPORT_SUBMITTED)
    assert "CSPR subgroup chair" not in event.detail["missing_approvals"]
    assert police.name in event.detail["missing_approvals"]


def test_a_version_sent_back_after_approval_lacks_that_approval(
    review: Review, cast: Cast, police: Organisation
) -> None:
    version = add_report_version(review, by=cast.team)
    approve_fully(version, cast)
    assert missing_approvals(version) == []

    Approval.objects.create(
        version=version,
        role=ApprovalRole.STATUTORY_PARTNER,
        organisation=police,
        person=cast.partner_leads[police],
        verdict=Approval.Verdict.SENT_BACK,
        reason="The chronology misses the second call-out.",
    )

    assert missing_approvals(version) == [police.name]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sent_on-day": "25", "sent_on-month": "4"}, "Date sent must be today or in the past"),
        ({"sent_on-day": "31", "sent_on-month": "2"}, "Date sent must be a real date"),
        ({"sent_to": ""}, "Enter who the report was sent to"),
        ({"sent_to": "x" * 301}, "Sent to must be 300 characters or fewer"),
        ({"report_version": "999999"}, "Choose a version of the report from the list"),
        ({"version": "not a number"}, "Enter a whole number"),
    ],
)
def test_bad_submission_details_are_refused_naming_the_field(
    client: Client, review: Review, cast: Cast, changes: dict[str, str], message: str
) -> None:
    version = add_report_version(review, by=cast.team)
    sign_in(client, cast.team)

    response = client.post(
        url("reviews:panel-submit", review), submit_to_panel(review, version.pk, **changes)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: National Panel" in page
    assert message in page
    assert not PanelSubmission.objects.filter(review=review).exists()
    assert done_on(review, Step.REPORT_SUBMITTED) is None


def test_a_correction_moves_the_step_and_a_stale_one_overwrites_nothing(
    client: Client, review: Review, cast: Cast
) -> None:
    submission = send_to_panel(review, cast)
    earlier = SENT_ON - dt.timedelta(days=1)
    sign_in(client, cast.team)

    corrected = client.post(
        url("reviews:panel-submit", review),
        submit_to_panel(
            review,
            submission.report_version_id,
            version=str(submission.version),
            **date_fields("sent_on", earlier),
        ),
    )
    stale = client.post(
        url("reviews:panel-submit", review),
        submit_to_panel(review, submission.report_version_id, version="1", sent_to="Someone else"),
    )

    assert corrected.status_code == 302
    assert done_on(review, Step.REPORT_SUBMITTED) == earlier
    assert stale.status_code == 409
    assert 'data-testid="conflict"' in stale.content.decode()
    submission.refresh_from_db()
    assert (submission.sent_on, submission.sent_to) == (earlier, "national.panel@panel.example")
    assert review.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_the_database_holds_one_submission_per_review(review: Review, cast: Cast) -> None:
    send_to_panel(review, cast)

    with pytest.raises(EditConflict):
        submit_report_to_panel(
            review,
            by=cast.team,
            expected_version=0,
            report_version=add_report_version(review, by=cast.team),
            sent_on=SENT_ON,
            sent_to="Again",
        )

    assert PanelSubmission.objects.filter(review=review).count() == 1
