"""An LCSPR's itinerary confirmed by the panel, its page, and the events done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.events.invitations import arrange_learning_event, record_event_held
from reviews.actions.lcspr.events.itinerary import (
    add_itinerary_item,
    complete_learning_events,
    confirm_itinerary,
)
from reviews.event_types import EventType
from reviews.models import EventKind, Itinerary, LearningEvent, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_events_setup import (
    AFTER_THE_EVENT,
    APRIL_FIRST,
    EVENT_START,
    PSEUDONYM,
    TODAY,
    Case,
    drafted,
    participant,
    review_url,
)


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


def _row(page: str, kind: str) -> str:
    start = page.index(f'data-testid="item-{kind}"')
    return page[start : page.index("</tr>", start)]


def test_a_panel_member_records_the_confirmation_which_completes_the_step(
    client: Client, case: Case
) -> None:
    drafted(case)
    sign_in(client, case.panel_member)

    response = client.post(
        review_url("itinerary-confirm", case),
        {
            "adjustments": "Manager event a week later.",
            "sensitivities": "One practitioner is <b>bereaved</b>.",
            **date_fields("confirmed_on", dt.date(2026, 3, 31)),
        },
    )

    assert response.status_code == 302
    itinerary = Itinerary.objects.get(review=case.review)
    assert itinerary.confirmed_by == case.panel_member
    assert itinerary.confirmed_on == dt.date(2026, 3, 31)
    step = StepRecord.objects.get(review=case.review, key=Step.ITINERARY_CONFIRMED)
    assert step.completed_on == dt.date(2026, 3, 31)
    confirmed = case.review.events.get(type=EventType.ITINERARY_CONFIRMED)
    assert "bereaved" not in str(confirmed.detail)
    page = client.get(review_url("itinerary", case)).content.decode()
    assert "Manager event a week later." in page
    assert "One practitioner is &lt;b&gt;bereaved&lt;/b&gt;." in page
    assert "Pia Panel" in page
    assert "Tuesday 31 March 2026" in page
    with pytest.raises(ActionError, match="already confirmed"):
        confirm_itinerary(case.review, by=case.team, confirmed_on=APRIL_FIRST)


def test_the_business_team_and_partner_lead_may_confirm_but_the_author_may_not(
    client: Client, case: Case
) -> None:
    drafted(case)
    for person, status in [(case.author, 403), (case.partner_lead, 200), (case.team, 200)]:
        sign_in(client, person)
        assert client.get(review_url("itinerary-confirm", case)).status_code == status


def test_the_itinerary_cannot_be_confirmed_before_it_is_drafted(case: Case) -> None:
    with pytest.raises(ActionError, match="Draft the itinerary before"):
        confirm_itinerary(case.review, by=case.team, confirmed_on=APRIL_FIRST)


def test_the_page_shows_each_item_planned_arranged_or_held(
    client: Client, case: Case, clock: time_machine.Traveller
) -> None:
    items = drafted(case)
    dana = participant(case, "Dana Field")
    arrange_learning_event(
        items[EventKind.PRACTITIONER_EVENT],
        by=case.author,
        expected_version=1,
        starts_at=EVENT_START,
        duration_minutes=180,
        location="Room 4",
        areas_to_explore="",
        invitees=[dana],
    )
    arrange_learning_event(
        items[EventKind.MANAGER_EVENT],
        by=case.author,
        expected_version=1,
        starts_at=EVENT_START + dt.timedelta(days=1),
        duration_minutes=180,
        location="Room 4",
        areas_to_explore="",
        invitees=[dana],
    )
    clock.move_to(AFTER_THE_EVENT)
    record_event_held(
        LearningEvent.objects.get(pk=items[EventKind.PRACTITIONER_EVENT].pk),
        by=case.author,
        expected_version=2,
        held_on=dt.date(2026, 4, 20),
        attended=[dana.pk],
    )
    sign_in(client, case.panel_member)

    page = client.get(review_url("itinerary", case)).content.decode()

    assert "Held" in _row(page, "practitioner-event")
    assert "Monday 20 April 2026, 1 attended" in _row(page, "practitioner-event")
    assert "Arranged" in _row(page, "manager-event")
    assert "Tuesday 21 April 2026 at 9:30am" in _row(page, "manager-event")
    assert "Planned" in _row(page, "family-engagement")
    assert "Not arranged" in _row(page, "family-engagement")
    assert "Still to be held: the manager learning event." in page
    assert PSEUDONYM in page  # the review's own header, for the people taking part


def test_the_itinerary_page_makes_the_same_queries_for_one_item_or_many(
    client: Client, case: Case, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    sign_in(client, case.team)
    drafted(case)
    client.get(review_url("itinerary", case))  # warm the session
    with django_assert_max_num_queries(30) as few:
        client.get(review_url("itinerary", case))
    for day in range(10):
        add_itinerary_item(
            case.review,
            by=case.team,
            kind=EventKind.FURTHER_INFORMATION,
            planned_on=dt.date(2026, 6, 1) + dt.timedelta(days=day),
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(review_url("itinerary", case))

    assert response.content.decode().count("Gathering further information") == 11


def test_the_events_are_done_only_once_the_practitioner_and_manager_events_are_held(
    client: Client, case: Case
) -> None:
    items = drafted(case)
    sign_in(client, case.team)

    response = client.post(
        review_url("learning-events-complete", case), date_fields("completed_on", APRIL_FIRST)
    )

    assert response.status_code == 400
    assert (
        "The practitioner learning event and the manager learning event have not been held yet"
        in response.content.decode()
    )
    record_event_held(
        items[EventKind.PRACTITIONER_EVENT],
        by=case.team,
        expected_version=1,
        held_on=APRIL_FIRST,
        attended=[],
    )
    with pytest.raises(ActionError, match="The manager learning event has not been held yet"):
        complete_learning_events(case.review, by=case.team, completed_on=APRIL_FIRST)
    record_event_held(
        items[EventKind.MANAGER_EVENT],
        by=case.team,
        expected_version=1,
        held_on=APRIL_FIRST,
        attended=[],
    )

    response = client.post(
        review_url("learning-events-complete", case), date_fields("completed_on", APRIL_FIRST)
    )

    assert response.status_code == 302
    assert StepRecord.objects.get(review=case.review, key=Step.LEARNING_EVENTS).completed_on == (
        APRIL_FIRST
    )


def test_only_the_business_team_records_the_events_done(client: Client, case: Case) -> None:
    sign_in(client, case.author)

    response = client.post(
        review_url("learning-events-complete", case), date_fields("completed_on", APRIL_FIRST)
    )

    assert response.status_code == 403
