"""An LCSPR's media strategy agreed and the impact update."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.publication.publishing import agree_media_strategy, save_media_strategy
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import MediaStrategy, Review, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_publication_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_publication_setup import TODAY, at, url


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


def _strategy(review: Review, by: User, version: int = 0, **changes: str) -> MediaStrategy:
    values = {
        "impact_update": "Four of six actions are complete.",
        "publication_method": "On the partnership's website with a press release.",
        "practitioner_update": "A seven-minute briefing to every agency.",
        "family_liaison": "The author tells the mother a week before.",
    } | changes
    return save_media_strategy(review, by=by, expected_version=version, **values)


def test_agreeing_the_media_strategy_completes_its_step(
    lcspr: Review, business_team_member: User
) -> None:
    _strategy(lcspr, business_team_member)

    agreed = agree_media_strategy(lcspr, by=business_team_member, agreed_on=dt.date(2026, 5, 18))

    assert (agreed.agreed_on, agreed.agreed_by) == (dt.date(2026, 5, 18), business_team_member)
    step = schedule_for(lcspr).step(Step.MEDIA_STRATEGY)
    assert step.completed == dt.date(2026, 5, 18)
    assert lcspr.events.get(type=EventType.MEDIA_STRATEGY_AGREED).detail == {
        "agreed_on": "Monday 18 May 2026"
    }
    with pytest.raises(ActionError, match="already agreed"):
        agree_media_strategy(lcspr, by=business_team_member, agreed_on=TODAY)


def test_a_media_strategy_missing_a_part_cannot_be_agreed(
    lcspr: Review, business_team_member: User
) -> None:
    _strategy(lcspr, business_team_member, family_liaison="")

    with pytest.raises(ActionError, match="family liaison"):
        agree_media_strategy(lcspr, by=business_team_member, agreed_on=TODAY)
    assert not StepRecord.objects.filter(review=lcspr, key=Step.MEDIA_STRATEGY).exists()


def test_the_impact_update_starts_from_the_learning_summary(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    page = client.get(url("reviews:media-strategy", lcspr)).content.decode()

    assert f"Impact update: {lcspr.case_code}" in page
    assert 'name="version" value="0"' in page


def test_the_team_saves_and_agrees_through_the_page_and_a_partner_lead_only_reads(
    client: Client, lcspr: Review, business_team_member: User, partner_lead: User
) -> None:
    sign_in(client, business_team_member)
    saved = client.post(
        url("reviews:media-strategy", lcspr),
        {
            "version": "0",
            "impact_update": "Actions under way.",
            "publication_method": "Website",
            "practitioner_update": "Briefing",
            "family_liaison": "Letter through the advocate",
        },
    )
    agreed = client.post(
        url("reviews:media-strategy-agree", lcspr), date_fields("agreed_on", TODAY)
    )
    stale = client.post(
        url("reviews:media-strategy", lcspr),
        {
            "version": "1",
            "impact_update": "Old",
            "publication_method": "",
            "practitioner_update": "",
            "family_liaison": "",
        },
    )

    assert (saved.status_code, agreed.status_code, stale.status_code) == (302, 302, 409)
    assert "Actions under way." in stale.content.decode()
    sign_in(client, partner_lead)
    page = client.get(url("reviews:media-strategy", lcspr))
    assert page.status_code == 200
    assert "Website" in page.content.decode()
    assert "Save the media strategy" not in page.content.decode()
    assert client.post(url("reviews:media-strategy", lcspr), {}).status_code == 403


def test_an_agency_is_refused_and_a_rapid_review_has_no_media_strategy(
    client: Client,
    lcspr: Review,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
) -> None:
    rapid = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, agency_contributor)
    assert client.get(url("reviews:media-strategy", lcspr)).status_code == 403
    sign_in(client, business_team_member)
    assert client.get(url("reviews:media-strategy", rapid)).status_code == 404
    assert client.get(url("reviews:publication", rapid)).status_code == 404
