"""The Panel's acknowledgement and the 10-day response it tracks, the CSPR subgroup informed, and
who may see and do what on the Panel page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.panel import inform_subgroup
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import PanelSubmission, Review, ReviewKind, ReviewMember, ReviewRole
from reviews.process import Step
from reviews.schedule import StepState
from reviews.tests import panel_page_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.form_data import date_fields
from reviews.tests.panel_page_setup import done_on, submit_to_panel, url
from reviews.tests.panel_setup import (
    CONSIDERATION,
    PSEUDONYM,
    RESPONSE_DUE,
    TODAY,
    Cast,
    acknowledge,
    add_report_version,
    approve_fully,
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
    return setup.review(partnership=partnership, cast=cast, school=school)


def test_the_acknowledgement_gives_the_response_a_due_date_ten_days_after_consideration(
    client: Client, review: Review, cast: Cast
) -> None:
    submission = send_to_panel(review, cast)
    assert schedule_for(review).step(Step.PANEL_RESPONSE).due is None
    sign_in(client, cast.team)

    response = client.post(
        url("reviews:panel-acknowledge", review),
        {
            "version": str(submission.version),
            **date_fields("acknowledged_on", dt.date(2026, 3, 30)),
            **date_fields("consideration_date", CONSIDERATION),
        },
    )
    page = client.get(url("reviews:panel", review)).content.decode()

    assert response.status_code == 302
    assert done_on(review, Step.PANEL_ACKNOWLEDGED) == dt.date(2026, 3, 30)
    assert schedule_for(review).step(Step.PANEL_RESPONSE).due == RESPONSE_DUE
    assert "Sunday 19 April 2026" in page
    assert "Thursday 9 April 2026" in page


def test_the_consideration_date_cannot_come_before_the_report_was_sent(
    client: Client, review: Review, cast: Cast
) -> None:
    submission = send_to_panel(review, cast)
    sign_in(client, cast.team)

    response = client.post(
        url("reviews:panel-acknowledge", review),
        {
            "version": str(submission.version),
            **date_fields("acknowledged_on", dt.date(2026, 3, 30)),
            **date_fields("consideration_date", dt.date(2026, 3, 20)),
        },
    )

    assert response.status_code == 400
    assert "must be on or after the date the report was sent" in response.content.decode()
    assert done_on(review, Step.PANEL_ACKNOWLEDGED) is None


def test_the_response_is_tracked_and_overdue_the_day_after_ten_days(
    client: Client, review: Review, cast: Cast
) -> None:
    send_to_panel(review, cast)
    acknowledge(review, cast)
    sign_in(client, cast.team)

    with time_machine.travel(dt.datetime(2026, 4, 19, 10, tzinfo=dt.UTC), tick=False):
        due_day = schedule_for(review).step(Step.PANEL_RESPONSE).state
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC), tick=False):
        day_after = schedule_for(review).step(Step.PANEL_RESPONSE).state
        page = client.get(url("reviews:panel", review)).content.decode()

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
    assert url("reviews:panel", review) in str(message.body)
    assert PSEUDONYM not in str(message.body)
    assert not message.attachments
    assert done_on(review, Step.PANEL_RESPONSE) == dt.date(2026, 4, 15)


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
        response = client.post(url("reviews:panel-subgroup", review))

    assert response.status_code == 302
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [cast.subgroup_chair.email, cast.subgroup_member.email]
    )
    body = str(mail.outbox[0].body)
    assert url("reviews:panel", review) in body
    assert PSEUDONYM not in body
    assert not mail.outbox[0].attachments
    assert ReviewMember.objects.filter(
        review=review, user=cast.subgroup_chair, role=ReviewRole.SUBGROUP_CHAIR, active=True
    ).exists()
    assert done_on(review, Step.SUBGROUP_INFORMED) == TODAY.date()
    event = review.events.get(type=EventType.SUBGROUP_INFORMED)
    assert event.detail["sent_to"] == ["Mo Subgroup", "Sandra Chair"]
    sign_in(client, cast.subgroup_chair)
    assert client.get(url("reviews:panel", review)).status_code == 200


def test_the_subgroup_is_not_sent_anything_before_the_panel_responds(
    client: Client, review: Review, cast: Cast
) -> None:
    send_to_panel(review, cast)
    sign_in(client, cast.team)

    response = client.post(url("reviews:panel-subgroup", review))

    assert response.status_code == 400
    assert "Record the Panel&#39;s response before sending it" in response.content.decode()
    assert not review.events.filter(type=EventType.SUBGROUP_INFORMED).exists()


def test_partners_read_the_page_but_only_the_business_team_and_lead_act(
    client: Client, review: Review, cast: Cast, police: Organisation
) -> None:
    version = add_report_version(review, by=cast.team)
    sign_in(client, cast.partner_leads[police])
    read = client.get(url("reviews:panel", review))
    posted = client.post(url("reviews:panel-submit", review), submit_to_panel(review, version.pk))
    sign_in(client, cast.lead)
    lead = client.get(url("reviews:panel", review))

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
    agency = client.get(url("reviews:panel", review))
    sign_in(client, outsider)
    other = client.get(url("reviews:panel", review))
    sign_in(client, cast.team)
    on_lcspr = client.get(url("reviews:panel", lcspr))

    assert (agency.status_code, other.status_code, on_lcspr.status_code) == (403, 404, 404)


def test_hostile_text_is_shown_as_text(client: Client, review: Review, cast: Cast) -> None:
    version = add_report_version(review, by=cast.team)
    sign_in(client, cast.team)

    client.post(
        url("reviews:panel-submit", review),
        submit_to_panel(review, version.pk, sent_to="<script>alert(1)</script>"),
    )
    page = client.get(url("reviews:panel", review)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _page_queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("reviews:panel", review)).status_code == 200
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
