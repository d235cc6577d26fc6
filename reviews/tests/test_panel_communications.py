"""The decision and its rationale communicated, including to the family (regulation 11): each
communication recorded, and the outcome page warning until the family has been told."""

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
from conftest import sign_in
from reviews.actions.panel.outcome import record_communication, record_outcome
from reviews.event_types import EventType
from reviews.models import Communication, OutcomeKind, Review
from reviews.tests.form_data import date_fields
from reviews.tests.panel_setup import TODAY, Cast, up_to_the_response

DECIDED_ON = dt.date(2026, 4, 22)
TOLD_ON = dt.date(2026, 4, 23)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    """A rapid review closed with its outcome: no further review, learning acted on."""
    review = up_to_the_response(partnership, cast, school=school, agrees=True)
    record_outcome(
        review,
        by=cast.team,
        kind=OutcomeKind.NO_REVIEW,
        rationale="The criteria are not met.",
        actions_instead="Single-agency learning reviews in the police and the ICB.",
        decided_on=DECIDED_ON,
    )
    return review


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def _told(audience: Communication.Audience, /, **changes: str) -> dict[str, str]:
    data = {
        "audience": audience.value,
        "about": "The outcome of the rapid review and its rationale",
        "method": "Home visit by the social worker, with a letter",
        "note": "",
        **date_fields("communicated_on", TOLD_ON),
    }
    return data | changes


def _family_warning(client: Client, review: Review) -> bool:
    page = client.get(_url("reviews:outcome", review)).content.decode()
    return 'data-testid="family-not-told"' in page


def test_telling_the_family_is_recorded_after_closing_and_the_warning_goes(
    client: Client, review: Review, cast: Cast
) -> None:
    sign_in(client, cast.team)
    warned_before = _family_warning(client, review)

    response = client.post(
        _url("reviews:communications", review), _told(Communication.Audience.FAMILY)
    )

    assert warned_before
    assert response.status_code == 302
    told = Communication.objects.get(review=review)
    assert (told.audience, told.communicated_on, told.recorded_by) == (
        Communication.Audience.FAMILY,
        TOLD_ON,
        cast.team,
    )
    event = review.events.get(type=EventType.COMMUNICATION_RECORDED)
    assert event.detail["audience"] == "the family"
    assert not _family_warning(client, review)
    listed = client.get(_url("reviews:communications", review)).content.decode()
    assert "Home visit by the social worker, with a letter" in listed
    assert "Thursday 23 April 2026" in listed


def test_telling_the_partners_leaves_the_family_warning(
    client: Client, review: Review, cast: Cast
) -> None:
    sign_in(client, cast.team)

    client.post(_url("reviews:communications", review), _told(Communication.Audience.PARTNERS))

    assert Communication.objects.filter(review=review).count() == 1
    assert _family_warning(client, review)
    page = client.get(_url("reviews:communications", review)).content.decode()
    assert 'data-testid="family-not-told"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"audience": ""}, "Choose who it was communicated to"),
        ({"audience": "the-press"}, "Choose who it was communicated to"),
        ({"about": ""}, "Enter what was communicated"),
        ({"method": "x" * 201}, "How it was communicated must be 200 characters or fewer"),
        ({"note": "x" * 5001}, "Note must be 5,000 characters or fewer"),
        (date_fields("communicated_on", dt.date(2026, 4, 25)), "must be today or in the past"),
        (
            date_fields("communicated_on", dt.date(2026, 3, 5)),
            "The date it was communicated must be on or after Friday 6 March 2026",
        ),
        ({"communicated_on-day": ""}, "Date communicated must include a day"),
    ],
)
def test_bad_communications_are_refused_naming_the_field(
    client: Client, review: Review, cast: Cast, changes: dict[str, str], message: str
) -> None:
    sign_in(client, cast.team)

    response = client.post(
        _url("reviews:communications", review),
        _told(Communication.Audience.FAMILY, **changes),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Who has been told" in page
    assert message in page
    assert not Communication.objects.filter(review=review).exists()


def test_hostile_text_is_shown_as_text(client: Client, review: Review, cast: Cast) -> None:
    sign_in(client, cast.team)

    client.post(
        _url("reviews:communications", review),
        _told(Communication.Audience.OTHER, note="<script>alert(1)</script>"),
    )
    page = client.get(_url("reviews:communications", review)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_partners_read_the_record_but_only_the_business_team_adds_to_it(
    client: Client, review: Review, cast: Cast, police: Organisation, outsider: User
) -> None:
    sign_in(client, cast.partner_leads[police])
    read = client.get(_url("reviews:communications", review))
    posted = client.post(
        _url("reviews:communications", review), _told(Communication.Audience.FAMILY)
    )
    sign_in(client, cast.school_contributor)
    agency = client.get(_url("reviews:communications", review))
    sign_in(client, outsider)
    other = client.get(_url("reviews:communications", review))

    assert read.status_code == 200
    assert "Record the communication" not in read.content.decode()
    assert (posted.status_code, agency.status_code, other.status_code) == (403, 403, 404)
    assert not Communication.objects.exists()


def _queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("reviews:communications", review)).status_code == 200
    return len(queries)


def test_the_page_makes_a_fixed_number_of_queries(
    client: Client, review: Review, cast: Cast, partnership: Partnership, school: Organisation
) -> None:
    other = up_to_the_response(partnership, cast, school=school, agrees=True)
    people = [cast.team, cast.lead]
    record_communication(
        review,
        by=cast.team,
        audience=Communication.Audience.FAMILY,
        about="The outcome",
        method="Letter",
        communicated_on=TOLD_ON,
    )
    for day in range(10):
        record_communication(
            other,
            by=people[day % 2],
            audience=Communication.Audience.PRACTITIONERS,
            about=f"Briefing {day}",
            method="Meeting",
            communicated_on=TOLD_ON - dt.timedelta(days=day),
        )
    sign_in(client, cast.team)

    assert _queries(client, review) == _queries(client, other)
