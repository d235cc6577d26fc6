"""Arranging an LCSPR's learning events: each participant's own calendar invitation, updates
under the same UID with a higher SEQUENCE, and cancellations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.events.participants import add_participant
from reviews.actions.lcspr.planning.terms import draft_terms
from reviews.event_types import EventType
from reviews.models import EventPlace, LearningEvent, Participant, ReviewKind
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.lcspr_events_setup import (
    EVENT_START,
    PSEUDONYM,
    TODAY,
    Case,
    arrange,
    mail_to,
    participant,
    url,
)
from reviews.tests.working_day_one_setup import attendees_of, body_of, calendar_in


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


def _form(event: LearningEvent, people: list[Participant], **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": str(event.version),
        "date-day": "20",
        "date-month": "4",
        "date-year": "2026",
        "start_time": "09:30",
        "duration_minutes": "180",
        "location": "Room 4, Wexmoor Civic Centre",
        "areas_to_explore": "Information sharing\nEscalation",
        "invitees": [str(person.pk) for person in people],
    }
    data.update(changes)
    return data


def test_arranging_sends_each_participant_their_own_calendar_invitation(
    client: Client,
    case: Case,
    event: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    dana, sam = participant(case, "Dana Field"), participant(case, "Sam Manager")
    no_email = participant(case, "Kit Nomail", email="")
    sign_in(client, case.author)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("learning-event", case, event), _form(event, [dana, sam, no_email])
        )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == EVENT_START
    assert event.sequence == 0
    assert event.areas_to_explore == "Information sharing\nEscalation"
    assert len(mail.outbox) == 2
    for person in (dana, sam):
        (message,) = mail_to(person.email)
        assert message.subject == (
            f"{case.review.case_code}: invitation to the practitioner learning event on "
            "Monday 20 April 2026 at 9:30am"
        )
        body = body_of(message)
        assert f"Dear {person.name}," in body
        assert "Date: Monday 20 April 2026" in body
        assert "Time: 9:30am, for 180 minutes" in body
        assert "Place: Room 4, Wexmoor Civic Centre" in body
        assert "Information sharing\nEscalation" in body
        assert PSEUDONYM not in body
        assert "/reviews/" not in body  # participants have no account: no link into the service
        calendar, content_type = calendar_in(message)
        (entry,) = calendar.events
        assert content_type == "text/calendar; method=REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        assert str(entry["UID"]) == event.uid
        assert entry["SEQUENCE"] == 0
        assert entry.decoded("DTSTART") == EVENT_START
        assert entry.decoded("DTEND") == EVENT_START + dt.timedelta(hours=3)
        assert str(entry["SUMMARY"]) == f"{case.review.case_code} practitioner learning event"
        assert str(entry["LOCATION"]) == "Room 4, Wexmoor Civic Centre"
        assert "URL" not in entry
        assert [str(each) for each in attendees_of(entry)] == [f"mailto:{person.email}"]
        assert PSEUDONYM not in calendar.to_ical().decode()
    places = EventPlace.objects.filter(event=event)
    assert places.count() == 3
    assert all(place.invited_at is not None for place in places)
    sent = case.review.events.get(type=EventType.INVITATIONS_SENT)
    assert sent.detail["count"] == 3
    assert sent.detail["without_email"] == 1
    assert sent.detail["when"] == "Monday 20 April 2026 at 9:30am"
    page = client.get(url("learning-event", case, event)).content.decode()
    assert "no email address: invite them another way" in page


def test_a_new_time_updates_everyone_still_invited_and_cancels_for_those_dropped(
    case: Case,
    event: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    dana, sam, robin = (
        participant(case, "Dana Field"),
        participant(case, "Sam Manager"),
        participant(case, "Robin Nurse"),
    )
    arrange(event, case.author, [dana, sam])
    later = EVENT_START + dt.timedelta(hours=4)

    with django_capture_on_commit_callbacks(execute=True):
        changed = arrange(event, case.team, [dana, robin], starts_at=later)

    assert changed.sequence == 1
    (update,) = mail_to(dana.email)
    assert update.subject.endswith(
        "practitioner learning event changed, now Monday 20 April 2026 at 1:30pm"
    )
    calendar, _ = calendar_in(update)
    (entry,) = calendar.events
    assert calendar["METHOD"] == "REQUEST"
    assert str(entry["UID"]) == event.uid
    assert entry["SEQUENCE"] == 1
    assert entry.decoded("DTSTART") == later
    (invitation,) = mail_to(robin.email)
    assert "invitation to the practitioner learning event" in invitation.subject
    assert calendar_in(invitation)[0].events[0]["SEQUENCE"] == 1
    (cancellation,) = mail_to(sam.email)
    cancelled, content_type = calendar_in(cancellation)
    assert content_type == "text/calendar; method=CANCEL"
    assert cancelled["METHOD"] == "CANCEL"
    assert str(cancelled.events[0]["STATUS"]) == "CANCELLED"
    assert str(cancelled.events[0]["UID"]) == event.uid
    assert "no longer invited" in body_of(cancellation)
    assert EventPlace.objects.get(event=event, participant=sam).cancelled_at is not None
    changed_event = case.review.events.get(type=EventType.LEARNING_EVENT_CHANGED)
    assert changed_event.detail["when"] == "Monday 20 April 2026 at 1:30pm"
    assert changed_event.detail["changes"] == ["starts_at"]
    assert changed_event.detail["cancelled"] == 1
    assert changed_event.detail["updated"] == 1


def test_a_participant_invited_again_gets_a_fresh_invitation(
    case: Case,
    event: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    dana, sam = participant(case, "Dana Field"), participant(case, "Sam Manager")
    arrange(event, case.author, [dana, sam])
    arrange(event, case.author, [dana])

    with django_capture_on_commit_callbacks(execute=True):
        arrange(event, case.author, [dana, sam])

    (message,) = mail.outbox
    assert message.to == [sam.email]
    assert calendar_in(message)[0]["METHOD"] == "REQUEST"
    assert EventPlace.objects.get(event=event, participant=sam).cancelled_at is None


def test_changing_only_the_areas_sends_nothing(
    case: Case,
    event: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    dana = participant(case, "Dana Field")
    arrange(event, case.author, [dana])

    with django_capture_on_commit_callbacks(execute=True):
        changed = arrange(event, case.author, [dana], areas_to_explore="Supervision")

    assert mail.outbox == []
    assert changed.sequence == 0
    assert changed.areas_to_explore == "Supervision"


def test_the_areas_are_offered_from_the_terms_of_reference_themes(
    client: Client, case: Case, event: LearningEvent
) -> None:
    draft_terms(
        case.review,
        by=case.team,
        period_start=dt.date(2025, 3, 6),
        period_end=dt.date(2026, 3, 6),
        practitioner_involvement="A learning event.",
        manager_involvement="A learning event.",
        family_involvement="A visit.",
        themes="Information sharing\nHearing the voice of the child",
    )
    participant(case, "Dana Field")
    sign_in(client, case.author)

    page = client.get(url("learning-event", case, event)).content.decode()

    assert "Information sharing\nHearing the voice of the child</textarea>" in page


def test_an_event_in_the_past_is_refused(client: Client, case: Case, event: LearningEvent) -> None:
    dana = participant(case, "Dana Field")
    sign_in(client, case.author)

    response = client.post(
        url("learning-event", case, event),
        _form(event, [dana], **{"date-day": "31", "date-month": "3"}),
    )

    assert response.status_code == 400
    assert "The event must be in the future" in response.content.decode()
    assert LearningEvent.objects.get(pk=event.pk).starts_at is None
    assert not EventPlace.objects.exists()


def test_a_participant_of_another_review_cannot_be_invited(
    case: Case, event: LearningEvent, partnership: Partnership
) -> None:
    other = make_review(partnership=partnership, by=case.team, kind=ReviewKind.LCSPR)
    stranger = add_participant(
        other, by=case.team, kind=Participant.Kind.PRACTITIONER, name="Lee Elsewhere"
    )

    with pytest.raises(ActionError, match="Choose participants of this review"):
        arrange(event, case.author, [stranger])


def test_arranging_is_version_checked_and_sends_nothing_on_a_clash(
    client: Client,
    case: Case,
    event: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    dana = participant(case, "Dana Field")
    stale = _form(event, [dana])
    arrange(event, case.team, [dana], location="Room 9")
    sign_in(client, case.author)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("learning-event", case, event), stale)

    assert response.status_code == 409
    assert mail.outbox == []
    page = response.content.decode()
    assert "Room 9" in page
    assert "Room 4, Wexmoor Civic Centre" in page
    assert LearningEvent.objects.get(pk=event.pk).location == "Room 9"
    assert case.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_a_panel_member_reads_the_event_but_cannot_arrange_it(
    client: Client, case: Case, event: LearningEvent
) -> None:
    dana = participant(case, "Dana Field")
    sign_in(client, case.panel_member)

    assert client.get(url("learning-event", case, event)).status_code == 200
    assert client.post(url("learning-event", case, event), _form(event, [dana])).status_code == 403
    assert 'action="' + url("learning-event", case, event) not in (
        client.get(url("learning-event", case, event)).content.decode()
    )


def test_an_event_of_another_review_is_not_found(
    client: Client, case: Case, event: LearningEvent
) -> None:
    rapid = case.review.rapid_review
    assert rapid is not None
    sign_in(client, case.team)

    response = client.get(
        reverse("reviews:learning-event", kwargs={"pk": rapid.pk, "event_pk": event.pk})
    )

    assert response.status_code == 404
