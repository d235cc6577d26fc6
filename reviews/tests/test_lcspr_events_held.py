"""Recording an LCSPR's learning event held, with who attended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.events.invitations import record_event_held
from reviews.event_types import EventType
from reviews.models import EventPlace, LearningEvent
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.lcspr_events_setup import AFTER_THE_EVENT, TODAY, Case, arrange, participant, url


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


@pytest.fixture
def event(case: Case) -> LearningEvent:
    return setup.event(case=case)


def test_the_event_is_recorded_held_with_who_attended(
    client: Client, case: Case, event: LearningEvent, clock: time_machine.Traveller
) -> None:
    dana, sam = participant(case, "Dana Field"), participant(case, "Sam Manager")
    arranged = arrange(event, case.author, [dana, sam])
    clock.move_to(AFTER_THE_EVENT)
    sign_in(client, case.author)
    page = client.get(url("learning-event-held", case, event)).content.decode()
    assert f'value="{dana.pk}" checked' in page

    response = client.post(
        url("learning-event-held", case, event),
        {
            "version": str(arranged.version),
            "attended": [str(dana.pk)],
            "notes": "Good discussion of escalation.",
            "held_on-day": "20",
            "held_on-month": "4",
            "held_on-year": "2026",
        },
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.held_on == dt.date(2026, 4, 20)
    assert event.notes == "Good discussion of escalation."
    assert EventPlace.objects.get(event=event, participant=dana).attended is True
    assert EventPlace.objects.get(event=event, participant=sam).attended is False
    held = case.review.events.get(type=EventType.LEARNING_EVENT_HELD)
    assert held.detail["held_on"] == "Monday 20 April 2026"
    assert held.detail["attended"] == 1
    assert held.detail["invited"] == 2
    with pytest.raises(ActionError, match="held: it can no longer be changed"):
        arrange(event, case.author, [dana])


def test_only_invited_people_can_be_recorded_as_attending(case: Case, event: LearningEvent) -> None:
    dana, robin = participant(case, "Dana Field"), participant(case, "Robin Nurse")
    arranged = arrange(event, case.author, [dana])

    with pytest.raises(ActionError, match="Choose people who were invited"):
        record_event_held(
            arranged,
            by=case.author,
            expected_version=arranged.version,
            held_on=dt.date(2026, 4, 1),
            attended=[robin.pk],
        )
    assert LearningEvent.objects.get(pk=event.pk).held_on is None


def test_a_held_date_in_the_future_or_a_stale_version_is_refused(
    case: Case, event: LearningEvent
) -> None:
    with pytest.raises(ActionError, match="cannot be in the future"):
        record_event_held(
            event, by=case.author, expected_version=1, held_on=dt.date(2026, 4, 2), attended=[]
        )
    with pytest.raises(EditConflict):
        record_event_held(
            event, by=case.author, expected_version=7, held_on=dt.date(2026, 4, 1), attended=[]
        )


def test_the_event_page_makes_the_same_queries_for_one_invitee_or_many(
    client: Client,
    case: Case,
    event: LearningEvent,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    first = participant(case, "Dana Field")
    arrange(event, case.author, [first])
    sign_in(client, case.author)
    client.get(url("learning-event", case, event))
    with django_assert_max_num_queries(40) as few:
        client.get(url("learning-event", case, event))
    people = [first, *(participant(case, f"Person{number} Test") for number in range(10))]
    arrange(event, case.author, people)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("learning-event", case, event))

    assert response.content.decode().count("Person") >= 10
