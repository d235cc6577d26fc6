"""The report sent to the National Panel, the Panel's acknowledgement and the 10-day response
it tracks, the CSPR subgroup informed, and who may see and do what on the Panel page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import EditConflict
from reviews.actions.panel import inform_subgroup, missing_approvals, submit_report_to_panel
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import (
    Approval,
    ApprovalRole,
    PanelSubmission,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.schedule import StepState
from reviews.tests.factories import make_review
from reviews.tests.panel_setup import (
    CONSIDERATION,
    PSEUDONYM,
    RESPONSE_DUE,
    SENT_ON,
    TODAY,
    Cast,
    acknowledge,
    add_report_version,
    approve,
    approve_fully,
    date_fields,
    open_with_people,
    respond,
    send_to_panel,
)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    return open_with_people(partnership, cast, school=school)


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def _submission(review: Review, version_pk: int, **changes: str) -> dict[str, str]:
    data = {
        "version": "0",
        "report_version": str(version_pk),
        "sent_to": "national.panel@panel.example",
        **date_fields("sent_on", SENT_ON),
    }
    return data | changes


def _done_on(review: Review, key: str) -> dt.date | None:
    record = StepRecord.objects.filter(review=review, key=key).first()
    return record.completed_on if record else None


def test_the_newest_version_is_offered_and_sending_it_completes_report_submitted(
    client: Client, review: Review, cast: Cast
) -> None:
    older = add_report_version(review, by=cast.team)
    newest = add_report_version(review, by=cast.team)
    approve_fully(newest, cast)
    sign_in(client, cast.team)

    page = client.get(_url("reviews:panel", review)).content.decode()
    response = client.post(_url("reviews:panel-submit", review), _submission(review, newest.pk))

    assert f'value="{newest.pk}" checked' in page
    assert f'value="{older.pk}" checked' not in page
    assert response.status_code == 302
    submission = PanelSubmission.objects.get(review=review)
    assert (submission.report_version, submission.sent_on) == (newest, SENT_ON)
    assert submission.sent_to == "national.panel@panel.example"
    assert _done_on(review, "report-submitted") == SENT_ON
    event = review.events.get(type=EventType.REPORT_SUBMITTED)
    assert (event.detail["number"], event.detail["missing_approvals"]) == (2, [])


def test_a_version_lacking_approvals_can_be_sent_but_the_record_says_so(
    client: Client, review: Review, cast: Cast, police: Organisation
) -> None:
    version = add_report_version(review, by=cast.team)
    approve(version, role=ApprovalRole.SUBGROUP_CHAIR, person=cast.subgroup_chair)
    sign_in(client, cast.team)

    page = client.get(_url("reviews:panel", review)).content.decode()
    client.post(_url("reviews:panel-submit", review), _submission(review, version.pk))
    after = client.get(_url("reviews:panel", review)).content.decode()

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
        _url("reviews:panel-submit", review), _submission(review, version.pk, **changes)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: National Panel" in page
    assert message in page
    assert not PanelSubmission.objects.filter(review=review).exists()
    assert _done_on(review, "report-submitted") is None


def test_a_correction_moves_the_step_and_a_stale_one_overwrites_nothing(
    client: Client, review: Review, cast: Cast
) -> None:
    submission = send_to_panel(review, cast)
    earlier = SENT_ON - dt.timedelta(days=1)
    sign_in(client, cast.team)

    corrected = client.post(
        _url("reviews:panel-submit", review),
        _submission(
            review,
            submission.report_version_id,
            version=str(submission.version),
            **date_fields("sent_on", earlier),
        ),
    )
    stale = client.post(
        _url("reviews:panel-submit", review),
        _submission(review, submission.report_version_id, version="1", sent_to="Someone else"),
    )

    assert corrected.status_code == 302
    assert _done_on(review, "report-submitted") == earlier
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


def test_the_acknowledgement_gives_the_response_a_due_date_ten_days_after_consideration(
    client: Client, review: Review, cast: Cast
) -> None:
    submission = send_to_panel(review, cast)
    assert schedule_for(review).step("panel-response").due is None
    sign_in(client, cast.team)

    response = client.post(
        _url("reviews:panel-acknowledge", review),
        {
            "version": str(submission.version),
            **date_fields("acknowledged_on", dt.date(2026, 3, 30)),
            **date_fields("consideration_date", CONSIDERATION),
        },
    )
    page = client.get(_url("reviews:panel", review)).content.decode()

    assert response.status_code == 302
    assert _done_on(review, "panel-acknowledged") == dt.date(2026, 3, 30)
    assert schedule_for(review).step("panel-response").due == RESPONSE_DUE
    assert "Sunday 19 April 2026" in page
    assert "Thursday 9 April 2026" in page


def test_the_consideration_date_cannot_come_before_the_report_was_sent(
    client: Client, review: Review, cast: Cast
) -> None:
    submission = send_to_panel(review, cast)
    sign_in(client, cast.team)

    response = client.post(
        _url("reviews:panel-acknowledge", review),
        {
            "version": str(submission.version),
            **date_fields("acknowledged_on", dt.date(2026, 3, 30)),
            **date_fields("consideration_date", dt.date(2026, 3, 20)),
        },
    )

    assert response.status_code == 400
    assert "must be on or after the date the report was sent" in response.content.decode()
    assert _done_on(review, "panel-acknowledged") is None


def test_the_response_is_tracked_and_overdue_the_day_after_ten_days(
    client: Client, review: Review, cast: Cast
) -> None:
    send_to_panel(review, cast)
    acknowledge(review, cast)
    sign_in(client, cast.team)

    with time_machine.travel(dt.datetime(2026, 4, 19, 10, tzinfo=dt.UTC), tick=False):
        due_day = schedule_for(review).step("panel-response").state
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC), tick=False):
        day_after = schedule_for(review).step("panel-response").state
        page = client.get(_url("reviews:panel", review)).content.decode()

    assert due_day is StepState.DUE_TODAY
    assert day_after is StepState.OVERDUE
    assert 'data-testid="state-panel-response"' in page
    assert "Overdue" in page


def test_the_panel_s_response_tells_the_partners_with_a_link_only(
    review: Review, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    send_to_panel(review, cast)
    acknowledge(review, cast)

    with django_capture_on_commit_callbacks(execute=True):
        respond(review, cast, agrees=False)

    told = sorted(address for message in mail.outbox for address in message.to)
    # The recorder of the notification leads the review too (record_notification).
    leads = [cast.team, cast.lead]
    expected = [*leads, cast.legal, cast.partnership_chair, *cast.partner_leads.values()]
    assert told == sorted(person.email for person in expected)
    message = mail.outbox[0]
    assert message.subject == f"{review.case_code}: the National Panel has responded"
    assert "does not agree" in str(message.body)
    assert _url("reviews:panel", review) in str(message.body)
    assert PSEUDONYM not in str(message.body)
    assert not message.attachments
    assert _done_on(review, "panel-response") == dt.date(2026, 4, 15)


def test_the_subgroup_gets_a_link_and_its_chair_a_part_in_the_review(
    client: Client,
    review: Review,
    cast: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    send_to_panel(review, cast)
    acknowledge(review, cast)
    respond(review, cast, agrees=True)
    sign_in(client, cast.team)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("reviews:panel-subgroup", review))

    assert response.status_code == 302
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [cast.subgroup_chair.email, cast.subgroup_member.email]
    )
    body = str(mail.outbox[0].body)
    assert _url("reviews:panel", review) in body
    assert PSEUDONYM not in body
    assert not mail.outbox[0].attachments
    assert ReviewMember.objects.filter(
        review=review, user=cast.subgroup_chair, role=ReviewRole.SUBGROUP_CHAIR, active=True
    ).exists()
    assert _done_on(review, "subgroup-informed") == TODAY.date()
    event = review.events.get(type=EventType.SUBGROUP_INFORMED)
    assert event.detail["sent_to"] == ["Mo Subgroup", "Sandra Chair"]
    sign_in(client, cast.subgroup_chair)
    assert client.get(_url("reviews:panel", review)).status_code == 200


def test_the_subgroup_is_not_sent_anything_before_the_panel_responds(
    client: Client, review: Review, cast: Cast
) -> None:
    send_to_panel(review, cast)
    sign_in(client, cast.team)

    response = client.post(_url("reviews:panel-subgroup", review))

    assert response.status_code == 400
    assert "Record the Panel&#39;s response before sending it" in response.content.decode()
    assert not review.events.filter(type=EventType.SUBGROUP_INFORMED).exists()


def test_partners_read_the_page_but_only_the_business_team_and_lead_act(
    client: Client, review: Review, cast: Cast, police: Organisation
) -> None:
    version = add_report_version(review, by=cast.team)
    sign_in(client, cast.partner_leads[police])
    read = client.get(_url("reviews:panel", review))
    posted = client.post(_url("reviews:panel-submit", review), _submission(review, version.pk))
    sign_in(client, cast.lead)
    lead = client.get(_url("reviews:panel", review))

    assert read.status_code == 200
    assert "Record the submission" not in read.content.decode()
    assert posted.status_code == 403
    assert "Record the submission" in lead.content.decode()
    assert not PanelSubmission.objects.filter(review=review).exists()


def test_agencies_are_refused_and_outsiders_and_lcsprs_are_not_found(
    client: Client, review: Review, cast: Cast, outsider: User, partnership: Partnership
) -> None:
    lcspr = make_review(
        partnership=partnership, by=cast.team, kind=ReviewKind.LCSPR, rapid_review=review
    )
    sign_in(client, cast.school_contributor)
    agency = client.get(_url("reviews:panel", review))
    sign_in(client, outsider)
    other = client.get(_url("reviews:panel", review))
    sign_in(client, cast.team)
    on_lcspr = client.get(_url("reviews:panel", lcspr))

    assert (agency.status_code, other.status_code, on_lcspr.status_code) == (403, 404, 404)


def test_hostile_text_is_shown_as_text(client: Client, review: Review, cast: Cast) -> None:
    version = add_report_version(review, by=cast.team)
    sign_in(client, cast.team)

    client.post(
        _url("reviews:panel-submit", review),
        _submission(review, version.pk, sent_to="<script>alert(1)</script>"),
    )
    page = client.get(_url("reviews:panel", review)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _page_queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("reviews:panel", review)).status_code == 200
    return len(queries)


def test_the_page_makes_a_fixed_number_of_queries(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    small = open_with_people(partnership, cast, school=school)
    send_to_panel(small, cast)
    acknowledge(small, cast)
    respond(small, cast, agrees=False)
    inform_subgroup(small, by=cast.team)
    larger = open_with_people(partnership, cast, school=school)
    for _ in range(4):
        approve_fully(add_report_version(larger, by=cast.team), cast)
    send_to_panel(larger, cast)
    acknowledge(larger, cast)
    respond(larger, cast, agrees=False)
    inform_subgroup(larger, by=cast.team)
    sign_in(client, cast.team)

    assert _page_queries(client, small) == _page_queries(client, larger)
