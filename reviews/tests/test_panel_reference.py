"""The Panel's reference number, recorded with its acknowledgement; the reconvened meeting's
attendance and the date the partnership's response went to the Panel. Each recorded by
submitting the Panel page's forms as it renders them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation, Partnership
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.panel import record_reconvened, record_response_sent
from reviews.event_types import EventType
from reviews.models import Event, PanelSubmission, Reconvened, Review
from reviews.tests.panel_forms_setup import fill_date, form_posting_to
from reviews.tests.panel_setup import (
    ACKNOWLEDGED_ON,
    CONSIDERATION,
    RECONVENED_ON,
    TODAY,
    Cast,
    open_with_people,
    reconvene,
    send_to_panel,
    up_to_the_response,
)

D = dt.date


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _panel(review: Review) -> str:
    return reverse("reviews:panel", kwargs={"pk": review.pk})


def test_the_reference_number_is_recorded_with_the_acknowledgement(
    web_as: WebAs, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = open_with_people(partnership, cast, school=school)
    send_to_panel(review, cast)
    app = web_as(cast.team)
    page = app.get(_panel(review))
    form = form_posting_to(page, reverse("reviews:panel-acknowledge", kwargs={"pk": review.pk}))
    fill_date(form, "acknowledged_on", ACKNOWLEDGED_ON)
    fill_date(form, "consideration_date", CONSIDERATION)
    form["panel_reference"] = "  NP-2026-0417 "

    page = form.submit().follow()

    assert PanelSubmission.objects.get(review=review).panel_reference == "NP-2026-0417"
    assert "NP-2026-0417" in page.html.find(id="acknowledgement").find_next("dl").get_text()
    event = Event.objects.filter(review=review, type=EventType.PANEL_ACKNOWLEDGED).get()
    assert event.detail["panel_reference"] == "NP-2026-0417"


def test_a_reference_too_long_is_refused_on_its_field(
    web_as: WebAs, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = open_with_people(partnership, cast, school=school)
    send_to_panel(review, cast)
    page = web_as(cast.team).get(_panel(review))
    form = form_posting_to(page, reverse("reviews:panel-acknowledge", kwargs={"pk": review.pk}))
    fill_date(form, "acknowledged_on", ACKNOWLEDGED_ON)
    fill_date(form, "consideration_date", CONSIDERATION)
    form["panel_reference"] = "N" * 101

    answer = form.submit(status=400)

    assert 'href="#id_panel_reference"' in answer.text
    assert PanelSubmission.objects.get(review=review).acknowledged_on is None


def test_the_reconvened_meeting_records_who_attended_and_when_the_response_went(
    web_as: WebAs, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = up_to_the_response(partnership, cast, school=school, agrees=False)
    app = web_as(cast.team)
    page = app.get(_panel(review))
    form = form_posting_to(page, reverse("reviews:panel-reconvene", kwargs={"pk": review.pk}))
    fill_date(form, "held_on", RECONVENED_ON)
    form["attendance"] = "Pat Harrow (police lead)\nLena Counsel (legal services)"
    form["next_course_of_action"] = "Commission an LCSPR on joint working."
    form["response_to_panel"] = "The partners accept the Panel's view."

    page = form.submit().follow()
    form = form_posting_to(page, reverse("reviews:panel-response-sent", kwargs={"pk": review.pk}))
    fill_date(form, "response_sent_on", D(2026, 4, 22))
    page = form.submit().follow()

    saved = Reconvened.objects.get(review=review)
    assert saved.attendance.startswith("Pat Harrow (police lead)")
    assert saved.response_sent_on == D(2026, 4, 22)
    words = (
        page.html.find("h2", string="Reconvened meeting").find_next("dl").get_text(" ", strip=True)
    )
    assert "Lena Counsel (legal services)" in words
    assert "Wednesday 22 April 2026" in words
    assert not [
        form
        for form in page.forms.values()
        if form.action == reverse("reviews:panel-response-sent", kwargs={"pk": review.pk})
    ]


# (date the response went, what the refusal says): never before the meeting, never ahead.
SENT_CASES = [
    pytest.param(D(2026, 4, 20), "on or after Tuesday 21 April 2026", id="before-the-meeting"),
    pytest.param(D(2026, 4, 25), "today or in the past", id="in-the-future"),
]


@pytest.mark.parametrize(("sent_on", "words"), SENT_CASES)
def test_the_response_goes_after_the_meeting(
    partnership: Partnership, cast: Cast, school: Organisation, sent_on: dt.date, words: str
) -> None:
    review = up_to_the_response(partnership, cast, school=school, agrees=False)
    reconvene(review, cast)

    with pytest.raises(ActionError, match=words) as refused:
        record_response_sent(review, by=cast.team, sent_on=sent_on)

    assert refused.value.field == "response_sent_on"
    assert Reconvened.objects.get(review=review).response_sent_on is None


def test_the_response_sent_with_the_meeting_keeps_the_same_order(
    partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = up_to_the_response(partnership, cast, school=school, agrees=False)

    with pytest.raises(ActionError, match="on or after Tuesday 21 April 2026"):
        record_reconvened(
            review,
            by=cast.team,
            held_on=RECONVENED_ON,
            next_course_of_action="Commission an LCSPR.",
            response_to_panel="Agreed.",
            attendance="Pat Harrow",
            response_sent_on=D(2026, 4, 20),
        )

    assert not Reconvened.objects.filter(review=review).exists()
