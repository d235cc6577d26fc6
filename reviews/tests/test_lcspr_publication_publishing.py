"""Publishing an LCSPR: only once the notice is given and a checked draft passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.publication.publishing import (
    delay_publication,
    plan_publication,
    record_pre_publication_notice,
    record_published,
)
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import Publication, Review
from reviews.process import Step
from reviews.tests import lcspr_publication_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_publication_setup import (
    PLANNED,
    SENT_TO,
    TODAY,
    at,
    final_draft_checked,
    noticed,
    url,
)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with at(TODAY):
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
    return setup.lcspr(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


def test_publishing_needs_the_notice_then_a_passed_anonymisation_check(
    lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    with pytest.raises(ActionError, match="before publishing"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")
    record_pre_publication_notice(lcspr, by=business_team_member, sent_on=TODAY, sent_to=SENT_TO)
    with pytest.raises(ActionError, match="anonymisation check"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")
    final_draft_checked(lcspr, business_team_member, hits=2)
    with pytest.raises(ActionError, match="anonymisation check"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Website")
    final_draft_checked(lcspr, business_team_member, hits=0)

    published = record_published(
        lcspr,
        by=business_team_member,
        published_on=TODAY,
        where="https://wexmoor.example/lcspr",
        improvements_only=True,
        improvements_justification="The family's safety would be put at risk.",
        gaps_confirmed=True,
        gaps_reason="The partners agreed to publish on the date set.",
    )

    assert (published.published_on, published.improvements_only) == (TODAY, True)
    assert schedule_for(lcspr).step(Step.PUBLISHED).completed == TODAY
    assert lcspr.events.get(type=EventType.PUBLISHED).detail["published_on"] == (
        "Wednesday 20 May 2026"
    )
    with pytest.raises(ActionError, match="was published on"):
        record_published(lcspr, by=business_team_member, published_on=TODAY, where="Again")


def test_publishing_after_six_months_needs_a_reason(
    lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)
    late = dt.date(2026, 9, 10)

    with at(late):
        with pytest.raises(ActionError) as refusal:
            record_published(lcspr, by=business_team_member, published_on=late, where="Website")
        published = record_published(
            lcspr,
            by=business_team_member,
            published_on=late,
            where="Website",
            delay_reason="The inquest concluded in September.",
            gaps_confirmed=True,
            gaps_reason="The partners agreed to publish on the date set.",
        )

    assert refusal.value.field == "delay_reason"
    assert "Sunday 6 September 2026" in refusal.value.message
    assert published.delay_reason == "The inquest concluded in September."


def test_publishing_before_the_notice_date_is_refused(
    lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)

    with pytest.raises(ActionError) as refusal:
        record_published(
            lcspr, by=business_team_member, published_on=dt.date(2026, 5, 19), where="Website"
        )

    assert refusal.value.field == "published_on"


def test_the_team_publishes_through_the_page(
    client: Client, lcspr: Review, business_team_member: User, partner_lead: User
) -> None:
    noticed(lcspr, business_team_member)
    final_draft_checked(lcspr, business_team_member)
    data = {
        "where": "https://wexmoor.example/lcspr",
        "improvements_only": "on",
        "improvements_justification": "The family's safety would be put at risk.",
        "delay_reason": "",
        "gaps_confirmed": "on",
        "gaps_reason": "The partners agreed to publish on the date set.",
        **date_fields("published_on", TODAY),
    }

    sign_in(client, partner_lead)
    refused = client.post(url("reviews:publication-publish", lcspr), data)
    sign_in(client, business_team_member)
    published = client.post(url("reviews:publication-publish", lcspr), data)
    page = client.get(url("reviews:publication", lcspr)).content.decode()

    assert refused.status_code == 403
    assert published.status_code == 302
    assert "https://wexmoor.example/lcspr" in page
    assert "The improvements to be made" in page
    assert "Record as published" not in page


def test_publishing_without_a_checked_draft_is_refused_on_the_page(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member)
    sign_in(client, business_team_member)

    response = client.post(
        url("reviews:publication-publish", lcspr),
        {"where": "Website", "delay_reason": "", **date_fields("published_on", TODAY)},
    )

    assert response.status_code == 400
    assert "has not passed the anonymisation check" in response.content.decode()
    assert Publication.objects.get(review=lcspr).published_on is None


def test_a_stale_plan_raises_a_clash(lcspr: Review, business_team_member: User) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    with pytest.raises(EditConflict):
        plan_publication(
            lcspr, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 7, 1)
        )


def test_the_publication_page_makes_a_fixed_number_of_queries(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("reviews:publication", lcspr)).status_code == 200
        return len(queries)

    actions.start_hold(lcspr, by=business_team_member, start=dt.date(2026, 4, 1), reason="A")
    one = count()
    actions.end_hold(lcspr, by=business_team_member, end=dt.date(2026, 4, 2))
    actions.start_hold(lcspr, by=business_team_member, start=dt.date(2026, 4, 3), reason="B")
    actions.end_hold(lcspr, by=business_team_member, end=dt.date(2026, 4, 4))
    for new_date, reason in [(dt.date(2026, 11, 16), "Trial"), (dt.date(2026, 12, 16), "Again")]:
        delay_publication(
            lcspr,
            by=business_team_member,
            new_date=new_date,
            reason=reason,
            told_on=dt.date(2026, 4, 4),
            told_how="Letter",
        )

    assert count() == one
