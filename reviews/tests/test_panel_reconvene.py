"""The partners reconvene when the National Panel's view differs from theirs: the step appears
only then, and the reconvened meeting, with the next course of action and the partnership's
response to the Panel, completes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership
from conftest import sign_in
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import Reconvened, Review, StepRecord
from reviews.process import Step
from reviews.schedule import StepState
from reviews.tests.form_data import date_fields
from reviews.tests.panel_setup import RECEIVED_ON, RECONVENED_ON, TODAY, Cast, up_to_the_response


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _review(partnership: Partnership, cast: Cast, school: Organisation, *, agrees: bool) -> Review:
    return up_to_the_response(partnership, cast, school=school, agrees=agrees)


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def _meeting(**changes: str) -> dict[str, str]:
    data = {
        "next_course_of_action": "Commission an LCSPR on joint working.",
        "response_to_panel": "The partners accept the Panel's view.",
        "attendance": "Pat Harrow (police lead)",
        **date_fields("held_on", RECONVENED_ON),
    }
    return data | changes


def test_the_step_is_absent_when_the_panel_agrees(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = _review(partnership, cast, school, agrees=True)
    sign_in(client, cast.team)

    schedule = schedule_for(review)
    page = client.get(_url("reviews:panel", review)).content.decode()

    assert Step.RECONVENE not in [step.key for step in schedule.steps]
    assert Step.RECONVENE in schedule.not_applicable
    assert 'id="reconvene"' not in page


def test_the_step_appears_when_the_panel_disagrees_and_the_meeting_completes_it(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = _review(partnership, cast, school, agrees=False)
    sign_in(client, cast.team)
    before = schedule_for(review).step(Step.RECONVENE)
    page = client.get(_url("reviews:panel", review)).content.decode()

    response = client.post(_url("reviews:panel-reconvene", review), _meeting())

    assert before.completed is None
    assert 'id="reconvene"' in page
    assert "Record the meeting" in page
    assert response.status_code == 302
    after = schedule_for(review).step(Step.RECONVENE)
    assert after.completed == RECONVENED_ON
    assert after.state is StepState.DONE
    reconvened = Reconvened.objects.get(review=review)
    assert reconvened.response_to_panel == "The partners accept the Panel's view."
    assert review.events.get(type=EventType.RECONVENED).detail["held_on"] == (
        "Tuesday 21 April 2026"
    )
    shown = client.get(_url("reviews:panel", review)).content.decode()
    assert "Commission an LCSPR on joint working." in shown
    assert "Record the meeting" not in shown


def test_the_partners_do_not_reconvene_when_the_panel_agrees(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = _review(partnership, cast, school, agrees=True)
    sign_in(client, cast.team)

    response = client.post(_url("reviews:panel-reconvene", review), _meeting())

    assert response.status_code == 400
    assert "only when the Panel does not agree" in response.content.decode()
    assert not Reconvened.objects.filter(review=review).exists()
    assert not StepRecord.objects.filter(review=review, key=Step.RECONVENE).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"next_course_of_action": "  "}, "Enter the next course of action"),
        ({"response_to_panel": ""}, "Enter the partnership&#39;s response to the Panel"),
        (
            {"response_to_panel": "x" * 10001},
            "The partnership&#39;s response to the Panel must be 10,000 characters or fewer",
        ),
        (date_fields("held_on", dt.date(2026, 4, 25)), "must be today or in the past"),
        (
            date_fields("held_on", RECEIVED_ON - dt.timedelta(days=1)),
            "The date the meeting was held must be on or after Wednesday 15 April 2026",
        ),
        ({"held_on-year": "26"}, "Year in date the meeting was held must include 4 numbers"),
    ],
)
def test_bad_meeting_details_are_refused_naming_the_field(
    client: Client,
    partnership: Partnership,
    cast: Cast,
    school: Organisation,
    changes: dict[str, str],
    message: str,
) -> None:
    review = _review(partnership, cast, school, agrees=False)
    sign_in(client, cast.team)

    response = client.post(_url("reviews:panel-reconvene", review), _meeting(**changes))

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: National Panel" in page
    assert message in page
    assert not Reconvened.objects.filter(review=review).exists()


def test_the_meeting_is_recorded_once(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = _review(partnership, cast, school, agrees=False)
    sign_in(client, cast.team)
    client.post(_url("reviews:panel-reconvene", review), _meeting())

    again = client.post(
        _url("reviews:panel-reconvene", review),
        _meeting(next_course_of_action="Something else"),
    )

    assert again.status_code == 400
    assert Reconvened.objects.get(review=review).next_course_of_action == (
        "Commission an LCSPR on joint working."
    )


def test_a_partner_lead_reads_it_but_cannot_record_it(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation, police: Organisation
) -> None:
    review = _review(partnership, cast, school, agrees=False)
    sign_in(client, cast.partner_leads[police])

    page = client.get(_url("reviews:panel", review)).content.decode()
    response = client.post(_url("reviews:panel-reconvene", review), _meeting())

    assert 'id="reconvene"' in page
    assert "Record the meeting" not in page
    assert response.status_code == 403
    assert not Reconvened.objects.filter(review=review).exists()
