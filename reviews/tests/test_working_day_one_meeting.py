"""Inviting agency leads to the working day 11 decision meeting, with calendar invitations."""

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
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.event_types import EventType
from reviews.models import Meeting, Review, StepRecord
from reviews.process import Step
from reviews.tests import working_day_one_meeting_setup as setup
from reviews.tests.working_day_one_meeting_setup import (
    LONDON,
    TEN_ON_WORKING_DAY_ELEVEN,
    arrange,
    form,
    person_named,
)
from reviews.tests.working_day_one_setup import (
    PSEUDONYM,
    WORKING_DAY_ONE,
    attendees_of,
    body_of,
    calendar_in,
    mail_to,
)


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def legal(partnership: Partnership) -> User:
    return setup.legal(partnership=partnership)


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
    agency_contributor: User,
    legal: User,
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        icb=icb,
        school=school,
        agency_contributor=agency_contributor,
        legal=legal,
    )


def test_the_form_offers_working_day_eleven_and_ticks_partner_leads_and_legal(
    client: Client, review: Review, business_team_member: User, agency_contributor: User
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:meeting", kwargs={"pk": review.pk})).content.decode()

    assert 'name="date-day" type="text" value="23"' in page
    for ticked in ["Pat Constable", "Isla Nurse", "Lena Counsel"]:
        assert f'value="{person_named(ticked).pk}" checked' in page
    assert f'value="{agency_contributor.pk}">' in page  # offered, not ticked
    assert "Colin Test (Agency contributor, Hollin Test School)" in page


def test_arranging_sends_each_invitee_a_calendar_invitation(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    invitees = [person_named("Pat Constable"), person_named("Lena Counsel"), agency_contributor]
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:meeting", kwargs={"pk": review.pk}), form(invitees))

    assert response.status_code == 302
    meeting = Meeting.objects.get(review=review)
    assert meeting.starts_at == TEN_ON_WORKING_DAY_ELEVEN
    assert meeting.uid.endswith("@127.0.0.1")
    assert set(meeting.invitees.all()) == set(invitees)
    assert len(mail.outbox) == 3
    for person in invitees:
        (message,) = mail_to(person.email)
        body = body_of(message)
        assert message.subject == (
            f"{review.case_code}: invitation to the decision meeting on "
            "Monday 23 March 2026 at 10:00am"
        )
        assert "Date: Monday 23 March 2026" in body
        assert "Time: 10:00am, for 90 minutes" in body
        assert "Place: Room 2, County Hall" in body
        assert "Join online: https://meet.wexmoor.example/rr-11" in body
        assert f"http://127.0.0.1:8000/reviews/{review.pk}/meeting/" in body
        assert PSEUDONYM not in body
        calendar, content_type = calendar_in(message)
        (event,) = calendar.events
        assert content_type == "text/calendar; method=REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == meeting.uid
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == TEN_ON_WORKING_DAY_ELEVEN
        assert str(event["SUMMARY"]) == f"{review.case_code} decision meeting"
        assert PSEUDONYM not in calendar.to_ical().decode()
        assert sorted(str(each) for each in attendees_of(event)) == sorted(
            f"mailto:{each.email}" for each in invitees
        )
    # On the wire, the part says what it is, so mail clients offer to accept it.
    (part,) = [
        each
        for each in mail.outbox[0].message().walk()
        if each.get_content_type() == "text/calendar"
    ]
    assert part.get_param("method") == "REQUEST"
    event_row = review.events.get(type=EventType.MEETING_ARRANGED)
    assert event_row.detail["count"] == 3
    step = StepRecord.objects.get(review=review, key=Step.INVITE_TO_MEETING)
    assert step.completed_on == dt.date(2026, 3, 9)


def test_a_change_updates_the_same_entry_and_cancels_for_those_dropped(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    pat, lena = person_named("Pat Constable"), person_named("Lena Counsel")
    meeting = arrange(review, business_team_member, [pat, lena, agency_contributor])
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:meeting", kwargs={"pk": review.pk}),
            form([pat, lena], version=str(meeting.version), start_time="14:30"),
        )

    assert response.status_code == 302
    changed = Meeting.objects.get(pk=meeting.pk)
    assert (changed.sequence, changed.uid) == (1, meeting.uid)
    (update,) = mail_to(pat.email)
    calendar, _type = calendar_in(update)
    (event,) = calendar.events
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == meeting.uid
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 23, 14, 30, tzinfo=LONDON)
    assert update.subject.startswith(f"{review.case_code}: decision meeting changed")
    (cancel,) = mail_to(agency_contributor.email)
    cancelled, cancel_type = calendar_in(cancel)
    assert cancel_type == "text/calendar; method=CANCEL"
    assert cancelled["METHOD"] == "CANCEL"
    assert [str(each) for each in attendees_of(cancelled.events[0])] == [
        f"mailto:{agency_contributor.email}"
    ]
    change = review.events.get(type=EventType.MEETING_CHANGED)
    assert change.detail["uninvited"] == ["Colin Test"]
    assert StepRecord.objects.get(
        review=review, key=Step.INVITE_TO_MEETING
    ).completed_on == dt.date(2026, 3, 9)


def test_a_stale_form_shows_the_clash_and_sends_nothing(
    client: Client,
    review: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    pat = person_named("Pat Constable")
    sign_in(client, business_team_member)
    url = reverse("reviews:meeting", kwargs={"pk": review.pk})
    arrange(review, business_team_member, [pat])  # someone else arranged it meanwhile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form([pat], start_time="15:00", location="Room 9"))

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved a change while you were editing" in page
    assert mail.outbox == []
    assert Meeting.objects.get(review=review).location == "Room 2, County Hall"
    assert review.events.filter(type=EventType.EDIT_REFUSED).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"location": "", "online_link": ""},
            "Enter a place for the meeting, an online link, or both",
        ),
        (
            {"online_link": "http://meet.wexmoor.example/x"},
            "Online meeting link must start with https://",
        ),
        ({"online_link": "javascript:alert(1)"}, "Enter the online meeting link as a web address"),
        (
            {"online_link": "https://x.example/" + "a" * 600},
            "Online meeting link must be 500 characters or fewer",
        ),
        ({"location": "<script>alert(1)</script>" * 20}, "Place must be 300 characters or fewer"),
        ({"date-day": "6"}, "The meeting must be in the future"),
        ({"date-year": "2028"}, "The meeting must be within a year from today"),
        ({"date-day": "", "date-month": "", "date-year": ""}, "Enter the date of the meeting"),
        ({"date-day": "30", "date-month": "2"}, "Date of the meeting must be a real date"),
        ({"start_time": ""}, "Enter the start time of the meeting"),
        ({"start_time": "25:00"}, "Enter the start time in the 24-hour clock"),
        ({"start_time": "<script>"}, "Enter the start time in the 24-hour clock"),
        ({"duration_minutes": "9999"}, "Choose how long the meeting lasts from the list"),
        ({"invitees": []}, "Choose at least one person to invite"),
        ({"invitees": ["STRANGER"]}, "Choose people to invite from the list"),
        ({"invitees": ["<script>"]}, "Choose people to invite from the list"),
        ({"version": "-1"}, "greater than or equal to 0"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_is_sent(
    client: Client,
    review: Review,
    business_team_member: User,
    outsider: User,
    changes: dict[str, object],
    message: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    if changes.get("invitees") == ["STRANGER"]:
        changes = {"invitees": [str(outsider.pk)]}
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:meeting", kwargs={"pk": review.pk}),
            form([person_named("Pat Constable")], **changes),
        )

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "<title>Error: " in page
    assert "<script>alert" not in page
    assert not Meeting.objects.exists()
    assert mail.outbox == []


def test_the_action_refuses_someone_with_no_part_in_the_review(
    review: Review, business_team_member: User, partnership: Partnership
) -> None:
    bystander = make_user(partnership=partnership, full_name="Bea Stander")

    with pytest.raises(ActionError, match="Choose people who take part in this review"):
        arrange(review, business_team_member, [bystander])
    with pytest.raises(ActionError, match="Give the meeting's start with its time zone"):
        arrange(
            review,
            business_team_member,
            [person_named("Pat Constable")],
            starts_at=dt.datetime(2026, 3, 23, 10),  # noqa: DTZ001  the mistake under test
        )

    assert not Meeting.objects.exists()
