"""The introduction meeting of the independent author with key partners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.planning.author import record_introduction_meeting
from reviews.event_types import EventType
from reviews.models import IntroductionMeeting, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_planning_author_setup as setup
from reviews.tests.factories import join
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_planning_author_setup import TODAY, Cast, commission_for


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Cast:
    return setup.cast(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
    )


ORIGIN = dt.date(2026, 3, 6)  # reviews.tests.factories.DEFAULT_ORIGIN


def _meet(cast: Cast, **changes: object) -> IntroductionMeeting:
    values: dict[str, object] = {
        "expected_version": 0,
        "held_on": dt.date(2026, 9, 28),
        "attendees": [cast.team, cast.police_lead],
        "others_present": "Minute taker",
        "agreed": "Draft terms shared; learning events in November.",
    }
    values.update(changes)
    return record_introduction_meeting(cast.lcspr, by=cast.team, **values)  # type: ignore[arg-type]


def test_recording_the_meeting_completes_its_step(cast: Cast) -> None:
    meeting = _meet(cast)

    assert set(meeting.attendees.all()) == {cast.team, cast.police_lead}
    step = StepRecord.objects.get(review=cast.lcspr, key=Step.INTRODUCTION_MEETING)
    assert step.completed_on == dt.date(2026, 9, 28)
    event = cast.lcspr.events.get(type=EventType.INTRODUCTION_MEETING_RECORDED)
    assert event.detail["held_on"] == "Monday 28 September 2026"


def test_correcting_the_meeting_moves_the_step_and_keeps_the_history(cast: Cast) -> None:
    meeting = _meet(cast)

    corrected = _meet(cast, expected_version=1, held_on=dt.date(2026, 9, 29), attendees=[cast.team])

    assert (corrected.pk, corrected.version) == (meeting.pk, 2)
    assert list(corrected.attendees.all()) == [cast.team]
    assert StepRecord.objects.get(
        review=cast.lcspr, key=Step.INTRODUCTION_MEETING
    ).completed_on == (dt.date(2026, 9, 29))
    changed = cast.lcspr.events.get(type=EventType.INTRODUCTION_MEETING_CHANGED)
    assert changed.detail["changes"] == ["attendees", "held_on"]
    assert corrected.history.count() >= 2
    with pytest.raises(EditConflict) as clash:
        _meet(cast, expected_version=1, agreed="Something else.")
    assert clash.value.theirs["agreed"] == "Draft terms shared; learning events in November."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on"),
        ({"held_on": ORIGIN - dt.timedelta(days=1)}, "held_on"),
        ({"agreed": ""}, "agreed"),
        ({"agreed": "x" * 10_001}, "agreed"),
        ({"others_present": "x" * 2001}, "others_present"),
        ({"attendees": [], "others_present": ""}, "attendees"),
    ],
)
def test_a_meeting_the_rules_refuse_names_the_field(
    cast: Cast, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        _meet(cast, **changes)

    assert refusal.value.field == field
    assert not IntroductionMeeting.objects.exists()


def test_only_people_taking_part_are_attendees(cast: Cast, partnership: Partnership) -> None:
    stranger = make_user(partnership=partnership, full_name="Sid Stranger")

    with pytest.raises(ActionError) as refusal:
        _meet(cast, attendees=[cast.team, stranger])

    assert refusal.value.field == "attendees"


def _meeting_data(cast: Cast, version: int, **changes: str) -> dict[str, object]:
    return {
        "version": str(version),
        **date_fields("held_on", dt.date(2026, 9, 28)),
        "attendees": [str(cast.police_lead.pk)],
        "others_present": "",
        "agreed": "Draft terms shared.",
        **changes,
    }


def test_the_author_records_the_meeting_on_its_page(client: Client, cast: Cast) -> None:
    commission_for(cast)
    sign_in(client, cast.author)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})

    form = client.get(url).content.decode()
    response = client.post(url, _meeting_data(cast, 0))

    assert "Hannah Test (Statutory partner lead, Wexmoor Police)" in form
    assert response.status_code == 302
    meeting = IntroductionMeeting.objects.get()
    assert (meeting.recorded_by, list(meeting.attendees.all())) == (cast.author, [cast.police_lead])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"agreed": ""}, "agreed", "Enter what was agreed"),
        ({"held_on-year": "26"}, "held_on", "Year in date of the meeting must include 4 numbers"),
        (
            {**date_fields("held_on", dt.date(2026, 3, 1))},
            "held_on",
            "The date the meeting was held must be on or after Friday 6 March 2026",
        ),
        ({"attendees": "999999"}, "attendees", "Choose who attended from the list"),
    ],
)
def test_a_bad_meeting_on_the_page_names_the_field(
    client: Client, cast: Cast, changes: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, cast.team)

    response = client.post(
        reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk}),
        _meeting_data(cast, 0, **changes),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not IntroductionMeeting.objects.exists()


def test_a_clash_on_the_meeting_page_is_a_409(client: Client, cast: Cast) -> None:
    sign_in(client, cast.team)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})
    client.post(url, _meeting_data(cast, 0, agreed="First record."))

    response = client.post(url, _meeting_data(cast, 0, agreed="Second record."))

    assert response.status_code == 409
    page = response.content.decode()
    assert "First record." in page
    assert "Second record." in page
    assert IntroductionMeeting.objects.get().agreed == "First record."


def test_the_meeting_page_is_read_by_the_panel_and_recorded_by_the_review_team(
    client: Client, cast: Cast, outsider: User
) -> None:
    _meet(cast)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})
    lead = sign_in(Client(), cast.police_lead)

    page = lead.get(url)
    refused = lead.post(url, _meeting_data(cast, 1))

    assert page.status_code == 200
    assert "Draft terms shared; learning events in November." in page.content.decode()
    assert 'name="agreed"' not in page.content.decode()
    assert refused.status_code == 403
    assert sign_in(Client(), outsider).get(url).status_code == 404


def test_the_meeting_page_makes_the_same_number_of_queries_however_many_attended(
    client: Client, cast: Cast, partnership: Partnership
) -> None:
    _meet(cast, attendees=[cast.team])
    sign_in(client, cast.team)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    people = [make_user(partnership=partnership) for _ in range(4)]
    for each in people:
        join(cast.lcspr, each, ReviewRole.PANEL_MEMBER, by=cast.team)
    _meet(cast, expected_version=1, attendees=[cast.team, *people])
    with CaptureQueriesContext(connection) as five:
        client.get(url)

    assert len(five) == len(one)
