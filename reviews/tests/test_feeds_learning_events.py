"""LCSPR learning events in personal calendar feeds: at their London time for the people who
run them (the independent author) and for a user invited as a participant under their own
email address; never for others on the review; gone when the place is withdrawn; and a moved
event keeps its UID with a higher SEQUENCE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar, Event

from accounts.models import Organisation, Partnership, User
from reviews.actions.feeds import reset_feed
from reviews.models import FeedKind, LearningEvent
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.feeds_setup import events_of, link_of, sequence, start
from reviews.tests.lcspr_events_setup import EVENT_START, PSEUDONYM, TODAY, Case, arrange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_april_first() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


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
        partnership,
        business_team_member,
        police,
        school,
        partner_lead,
        agency_contributor,
        independent_author,
    )


@pytest.fixture
def event(case: Case) -> LearningEvent:
    return setup.event(case)


def learning_events_in(user: User) -> dict[str, Event]:
    feed = reset_feed(user, FeedKind.PERSONAL)
    response = Client().get(link_of(feed))
    assert response.status_code == 200
    assert PSEUDONYM.encode() not in response.content
    calendar = Calendar.from_ical(response.content)
    return {
        uid: event
        for uid, event in events_of(calendar).items()
        if "learning event" in str(event["SUMMARY"])
    }


def test_the_author_and_an_invited_user_see_the_event_at_its_time(
    case: Case, event: LearningEvent, partner_lead: User
) -> None:
    invited = setup.participant(case, "Hannah Lead", email=partner_lead.email.upper())
    arrange(event, case.author, [invited])

    for person in (case.author, partner_lead):
        found = list(learning_events_in(person).values())
        assert len(found) == 1, person
        assert start(found[0]) == EVENT_START
    assert learning_events_in(case.panel_member) == {}


def test_a_withdrawn_place_drops_the_event(
    case: Case, event: LearningEvent, partner_lead: User
) -> None:
    invited = setup.participant(case, "Hannah Lead", email=partner_lead.email)
    other = setup.participant(case, "Omar Visitor")
    arrange(event, case.author, [invited, other])
    assert learning_events_in(partner_lead)

    arrange(event, case.author, [other])

    assert learning_events_in(partner_lead) == {}


def test_a_moved_event_keeps_its_uid_with_a_higher_sequence(
    case: Case, event: LearningEvent
) -> None:
    visitor = setup.participant(case, "Omar Visitor")
    arrange(event, case.author, [visitor])
    before = learning_events_in(case.author)

    arrange(event, case.author, [visitor], starts_at=EVENT_START + dt.timedelta(days=1))
    after = learning_events_in(case.author)

    assert set(after) == set(before)
    (uid,) = after
    assert start(after[uid]) == EVENT_START + dt.timedelta(days=1)
    assert sequence(after[uid]) == 1
