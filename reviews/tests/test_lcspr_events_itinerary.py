"""An LCSPR's itinerary drafted and changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.events.itinerary import (
    add_itinerary_item,
    change_planned_date,
    draft_itinerary,
)
from reviews.event_types import EventType
from reviews.models import DRAFT_ITINERARY, EventKind, LearningEvent
from reviews.reads.lcspr.events import default_itinerary
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_events_setup import APRIL_FIRST, TODAY, Case, drafted, review_url


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        school=school,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        independent_author=independent_author,
    )


def test_the_draft_offers_a_weekday_for_each_item_spread_over_six_months(case: Case) -> None:
    offered = default_itinerary(case.review)

    assert list(offered) == list(DRAFT_ITINERARY)
    assert all(day.weekday() < 5 for day in offered.values())
    assert min(offered.values()) > case.review.origin
    assert max(offered.values()) < case.review.origin + dt.timedelta(days=183)
    assert offered[EventKind.PRACTITIONER_EVENT] == dt.date(2026, 4, 20)


def test_the_author_drafts_the_itinerary_in_one_go(client: Client, case: Case) -> None:
    sign_in(client, case.author)
    page = client.get(review_url("itinerary-draft", case)).content.decode()
    assert 'name="practitioner_event-day" type="text" value="20"' in page
    planned = {kind.replace("-", "_"): day for kind, day in default_itinerary(case.review).items()}
    data: dict[str, str] = {}
    for name, day in planned.items():
        data |= date_fields(name, day)
    data |= date_fields("emerging_learning", dt.date(2026, 8, 3))

    response = client.post(review_url("itinerary-draft", case), data)

    assert response.status_code == 302
    items = {event.kind: event for event in LearningEvent.objects.filter(review=case.review)}
    assert set(items) == set(DRAFT_ITINERARY)
    assert items[EventKind.EMERGING_LEARNING].planned_on == dt.date(2026, 8, 3)
    assert len({event.uid for event in items.values()}) == 5
    assert all(event.uid.endswith("@127.0.0.1") for event in items.values())
    drafted_event = case.review.events.get(type=EventType.ITINERARY_DRAFTED)
    assert drafted_event.detail == {"count": 5}
    assert drafted_event.actor == case.author


def test_a_planned_date_before_the_review_is_refused_and_nothing_is_saved(
    client: Client, case: Case
) -> None:
    sign_in(client, case.author)
    data: dict[str, str] = {}
    for kind, day in default_itinerary(case.review).items():
        data |= date_fields(kind.replace("-", "_"), day)
    data |= date_fields("manager_event", dt.date(2026, 1, 5))

    response = client.post(review_url("itinerary-draft", case), data)

    assert response.status_code == 400
    assert "Manager learning event cannot be planned before the review started" in (
        response.content.decode()
    )
    assert not LearningEvent.objects.filter(review=case.review).exists()


def test_the_itinerary_is_drafted_only_once(case: Case) -> None:
    drafted(case)

    with pytest.raises(ActionError, match="already drafted"):
        draft_itinerary(case.review, by=case.team, planned=default_itinerary(case.review))


def test_a_panel_member_cannot_draft_and_a_rapid_review_has_no_itinerary(
    client: Client, case: Case
) -> None:
    sign_in(client, case.panel_member)
    assert client.get(review_url("itinerary-draft", case)).status_code == 403
    assert client.get(review_url("itinerary", case)).status_code == 200
    rapid = case.review.rapid_review
    assert rapid is not None

    sign_in(client, case.team)
    for name in ["itinerary", "itinerary-draft", "participants"]:
        url = reverse(f"reviews:{name}", kwargs={"pk": rapid.pk})
        assert client.get(url).status_code == 404, name


def test_an_outsider_is_told_the_itinerary_does_not_exist(
    client: Client, case: Case, outsider: User, agency_contributor: User
) -> None:
    sign_in(client, outsider)
    assert client.get(review_url("itinerary", case)).status_code == 404

    sign_in(client, agency_contributor)
    assert client.get(review_url("itinerary", case)).status_code == 403


def test_a_pre_meeting_can_be_added_once(client: Client, case: Case) -> None:
    drafted(case)
    sign_in(client, case.author)
    form = client.get(review_url("itinerary-add", case)).content.decode()
    assert 'value="pre-meeting" checked' in form

    response = client.post(
        review_url("itinerary-add", case),
        {"kind": "pre-meeting", **date_fields("planned_on", dt.date(2026, 4, 10))},
    )

    assert response.status_code == 302
    assert LearningEvent.objects.filter(review=case.review, kind=EventKind.PRE_MEETING).count() == 1
    event = case.review.events.get(type=EventType.ITINERARY_CHANGED)
    assert event.detail["event"] == "added the pre-meeting, planned for Friday 10 April 2026"
    again = client.post(
        review_url("itinerary-add", case),
        {"kind": "pre-meeting", **date_fields("planned_on", dt.date(2026, 4, 11))},
    )
    assert again.status_code == 400
    assert "The itinerary already has a pre-meeting" in again.content.decode()


def test_an_item_needs_a_drafted_itinerary(case: Case) -> None:
    with pytest.raises(ActionError, match="Draft the itinerary first"):
        add_itinerary_item(
            case.review, by=case.author, kind=EventKind.PRE_MEETING, planned_on=APRIL_FIRST
        )


def test_changing_a_planned_date_is_version_checked(client: Client, case: Case) -> None:
    event = drafted(case)[EventKind.MANAGER_EVENT]
    change_planned_date(event, by=case.team, expected_version=1, planned_on=dt.date(2026, 5, 11))
    sign_in(client, case.author)

    response = client.post(
        review_url("itinerary-date", case, event_pk=event.pk),
        {"version": "1", **date_fields("planned_on", dt.date(2026, 5, 18))},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change while you were editing" in page
    assert "Monday 11 May 2026" in page
    assert "Monday 18 May 2026" in page
    event.refresh_from_db()
    assert event.planned_on == dt.date(2026, 5, 11)
    assert case.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1
