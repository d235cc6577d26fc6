"""Regulation 14 monitoring: the business team's dated checkpoints on time and quality, its
written requests to the independent author (who is emailed a link), and the author's replies."""

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
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.publication.monitoring import (
    ask_author,
    record_author_reply,
    record_checkpoint,
)
from reviews.event_types import EventType
from reviews.models import MonitoringEntry, Review, ReviewKind, ReviewRole
from reviews.tests.factories import join, make_review
from reviews.tests.form_data import date_fields

ORIGIN = dt.date(2026, 3, 6)
TODAY = dt.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN)
    join(review, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(review, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return review


def _url(name: str, review: Review, **kwargs: int) -> str:
    return reverse(name, kwargs={"pk": review.pk, **kwargs})


def _ask(review: Review, by: User, dated: dt.date = dt.date(2026, 5, 11)) -> MonitoringEntry:
    return ask_author(review, by=by, dated=dated, text="Please send the second draft.")


# Actions


def test_a_checkpoint_is_dated_with_its_findings(lcspr: Review, business_team_member: User) -> None:
    entry = record_checkpoint(
        lcspr,
        by=business_team_member,
        dated=dt.date(2026, 5, 4),
        on_time=False,
        findings="Two weeks behind the itinerary; quality good.",
    )

    assert (entry.kind, entry.on_time) == (MonitoringEntry.Kind.CHECKPOINT, False)
    event = lcspr.events.get(type=EventType.MONITORING_CHECKPOINT)
    assert event.detail == {"dated": "Monday 4 May 2026", "on_time": False}


def test_a_request_in_writing_emails_the_author_a_link_only(
    lcspr: Review,
    business_team_member: User,
    independent_author: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = _ask(lcspr, business_team_member)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [independent_author.email]
    assert lcspr.case_code in message.subject
    assert f"/reviews/{lcspr.pk}/monitoring/#entry-{entry.pk}" in message.body
    assert "second draft" not in message.body
    assert lcspr.events.get(type=EventType.AUTHOR_ASKED).detail == {"dated": "Monday 11 May 2026"}


def test_a_request_is_refused_when_there_is_no_author(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(
        partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR, origin=ORIGIN
    )

    with pytest.raises(ActionError, match="No independent author"):
        _ask(review, business_team_member)
    assert not MonitoringEntry.objects.exists()


def test_the_author_replies_and_a_stale_correction_clashes(
    lcspr: Review, business_team_member: User, independent_author: User
) -> None:
    request = _ask(lcspr, business_team_member)

    replied = record_author_reply(
        lcspr,
        by=independent_author,
        entry=request,
        expected_version=request.version,
        replied_on=dt.date(2026, 5, 15),
        reply="Sent on the drafts page.",
    )
    with pytest.raises(EditConflict):
        record_author_reply(
            lcspr,
            by=independent_author,
            entry=request,
            expected_version=request.version,
            replied_on=dt.date(2026, 5, 15),
            reply="Changed my mind.",
        )

    assert (replied.reply, replied.replied_by) == ("Sent on the drafts page.", independent_author)
    event = lcspr.events.get(type=EventType.AUTHOR_REPLIED)
    assert event.detail["replied_on"] == "Friday 15 May 2026"


def test_a_reply_cannot_come_before_the_request_nor_answer_a_checkpoint(
    lcspr: Review, business_team_member: User, independent_author: User
) -> None:
    request = _ask(lcspr, business_team_member)
    checkpoint = record_checkpoint(
        lcspr, by=business_team_member, dated=TODAY, on_time=True, findings="Fine."
    )

    with pytest.raises(ActionError) as early:
        record_author_reply(
            lcspr,
            by=independent_author,
            entry=request,
            expected_version=1,
            replied_on=dt.date(2026, 5, 10),
            reply="Early",
        )
    with pytest.raises(ActionError, match="Only a written request"):
        record_author_reply(
            lcspr,
            by=independent_author,
            entry=checkpoint,
            expected_version=1,
            replied_on=TODAY,
            reply="Hm",
        )

    assert early.value.field == "replied_on"
    assert "Monday 11 May 2026" in early.value.message


# Pages


def test_everyone_taking_part_reads_the_log_but_only_the_team_writes(
    client: Client,
    lcspr: Review,
    business_team_member: User,
    partner_lead: User,
    agency_contributor: User,
    outsider: User,
) -> None:
    record_checkpoint(
        lcspr, by=business_team_member, dated=TODAY, on_time=True, findings="On track."
    )
    sign_in(client, partner_lead)
    page = client.get(_url("reviews:monitoring", lcspr))
    posted = client.post(_url("reviews:monitoring-checkpoint", lcspr), {})

    assert page.status_code == 200
    assert "On track." in page.content.decode()
    assert "Record a checkpoint" not in page.content.decode()
    assert posted.status_code == 403

    sign_in(client, agency_contributor)
    assert client.get(_url("reviews:monitoring", lcspr)).status_code == 403
    sign_in(client, outsider)
    assert client.get(_url("reviews:monitoring", lcspr)).status_code == 404


def test_the_team_records_a_checkpoint_and_a_request_through_the_page(
    client: Client,
    lcspr: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)
    checkpoint = client.post(
        _url("reviews:monitoring-checkpoint", lcspr),
        {"on_time": "no", "findings": "Behind by a week.", **date_fields("dated", TODAY)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = client.post(
            _url("reviews:monitoring-request", lcspr),
            {"text": "Please send the chronology.", **date_fields("dated", TODAY)},
        )
    missing = client.post(_url("reviews:monitoring-checkpoint", lcspr), {})

    assert (checkpoint.status_code, request.status_code) == (302, 302)
    assert len(mail.outbox) == 1
    assert missing.status_code == 400
    body = missing.content.decode()
    assert "Enter the date of the checkpoint" in body
    assert "Choose whether the review is on time" in body
    assert MonitoringEntry.objects.filter(review=lcspr).count() == 2


def test_the_author_replies_through_the_page_but_a_partner_lead_cannot(
    client: Client,
    lcspr: Review,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
) -> None:
    request = _ask(lcspr, business_team_member)
    url = _url("reviews:monitoring-reply", lcspr, entry_pk=request.pk)
    prefix = f"entry-{request.pk}-"
    data = {
        f"{prefix}version": "1",
        f"{prefix}reply": "The draft is uploaded.",
        **date_fields(f"{prefix}replied_on", TODAY),
    }

    sign_in(client, partner_lead)
    assert client.post(url, data).status_code == 403
    sign_in(client, independent_author)
    page = client.get(_url("reviews:monitoring", lcspr)).content.decode()
    replied = client.post(url, data)
    again = client.post(url, data | {f"{prefix}reply": "Stale"})

    assert "Record the reply" in page
    assert replied.status_code == 302
    request.refresh_from_db()
    assert request.reply == "The draft is uploaded."
    assert again.status_code == 409
    assert f'name="{prefix}version" value="2"' in again.content.decode()


def test_a_reply_to_a_checkpoint_or_on_a_rapid_review_does_not_exist(
    client: Client,
    lcspr: Review,
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
) -> None:
    checkpoint = record_checkpoint(
        lcspr, by=business_team_member, dated=TODAY, on_time=True, findings="Fine."
    )
    rapid = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    assert (
        client.post(_url("reviews:monitoring-reply", lcspr, entry_pk=checkpoint.pk), {})
    ).status_code == 404
    assert client.get(_url("reviews:monitoring", rapid)).status_code == 404


def _queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("reviews:monitoring", review)).status_code == 200
    return len(queries)


def test_the_log_makes_the_same_number_of_queries_however_long_it_is(
    client: Client, lcspr: Review, business_team_member: User, independent_author: User
) -> None:
    sign_in(client, independent_author)
    first = _ask(lcspr, business_team_member)
    record_author_reply(
        lcspr,
        by=independent_author,
        entry=first,
        expected_version=1,
        replied_on=TODAY,
        reply="Done.",
    )
    one = _queries(client, lcspr)
    for day in range(12, 20):
        _ask(lcspr, business_team_member, dt.date(2026, 5, day))
        record_checkpoint(
            lcspr, by=business_team_member, dated=dt.date(2026, 5, day), on_time=True, findings="."
        )

    assert _queries(client, lcspr) == one
