"""Answering a request: drafts with a version check and autosave."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.event_types import EventType
from reviews.models import InformationRequest, RequestStatus, Review
from reviews.tests import requests_returns_setup as setup
from reviews.tests.requests_returns_setup import (
    WEDNESDAY,
    answer_fields,
    return_kwargs,
    save_test_draft,
)


@pytest.fixture(autouse=True)
def _pinned_day() -> Iterator[None]:
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return setup.review(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return setup.school_request(
        review=review,
        business_team_member=business_team_member,
        agency_contributor=agency_contributor,
        school=school,
    )


def test_saving_a_draft_starts_the_return_and_records_which_parts_changed(
    school_request: InformationRequest, agency_contributor: User
) -> None:
    saved = save_test_draft(school_request, agency_contributor)

    assert (saved.status, saved.version) == (RequestStatus.IN_PROGRESS, 2)
    event = school_request.review.events.get(type=EventType.RETURN_DRAFT_SAVED)
    # The words stay in the field history; the event names the parts only.
    assert event.detail["changes"] == ["analysis", "involvement", "status"]
    assert event.detail["organisation"] == "Hollin Test School"
    assert saved.history.first().involvement == "The school saw Child A every day."


def test_a_draft_saved_in_another_tab_is_never_overwritten_by_a_stale_one(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)
    url = reverse("reviews:request", kwargs=return_kwargs(school_request))
    first_tab = client.post(
        url, {"version": 1, **answer_fields(analysis="Written in the first tab")}
    )

    second_tab = client.post(
        url, {"version": 1, **answer_fields(analysis="Written in the second tab")}
    )

    page = html.unescape(second_tab.content.decode())
    assert first_tab.status_code == 302
    assert second_tab.status_code == 409
    assert "<title>Error: Request for information" in page
    assert "This return was saved somewhere else while you were editing" in page
    conflict = page[page.index('data-testid="conflict"') :]
    assert conflict.index("Analysis of your practice") < conflict.index("Written in the first tab")
    assert conflict.index("Written in the first tab") < conflict.index("Written in the second tab")
    # The second tab's words stay in the box, now against the version saved in the first.
    assert '<input type="hidden" name="version" value="2">' in page
    assert ">Written in the second tab</textarea>" in page
    school_request.refresh_from_db()
    assert school_request.analysis == "Written in the first tab"
    assert school_request.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1

    again = client.post(url, {"version": 2, **answer_fields(analysis="Written in the second tab")})

    assert again.status_code == 302
    school_request.refresh_from_db()
    assert (school_request.analysis, school_request.version) == ("Written in the second tab", 3)


def test_autosave_answers_json_with_the_time_and_version(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)
    url = reverse("reviews:request-autosave", kwargs=return_kwargs(school_request))

    form_encoded = client.post(url, {"version": 1, **answer_fields()})
    as_json = client.post(
        url,
        json.dumps({"version": 2, **answer_fields(learning="Shared with the school's governors")}),
        content_type="application/json",
    )

    assert form_encoded.status_code == 200
    assert form_encoded.json() == {
        "saved_at": "2026-03-11T14:05:00+00:00",
        "saved_at_text": "2:05pm",
        "version": 2,
    }
    assert as_json.json()["version"] == 3
    school_request.refresh_from_db()
    assert school_request.learning == "Shared with the school's governors"
    assert school_request.review.events.filter(type=EventType.RETURN_DRAFT_SAVED).count() == 2


def test_autosave_from_a_stale_tab_gets_409_saying_what_changed(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    save_test_draft(school_request, agency_contributor, analysis="Saved in another tab")
    sign_in(client, agency_contributor)

    response = client.post(
        reverse("reviews:request-autosave", kwargs=return_kwargs(school_request)),
        {"version": 1, **answer_fields(analysis="Typed in this tab")},
    )

    assert response.status_code == 409
    body = response.json()
    assert body["changed"] == ["Analysis of your practice"]
    assert body["version"] == 2
    assert "Changed there: Analysis of your practice." in body["message"]
    school_request.refresh_from_db()
    assert school_request.analysis == "Saved in another tab"


def test_two_tabs_saving_the_same_words_do_not_clash(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    save_test_draft(school_request, agency_contributor)
    sign_in(client, agency_contributor)

    response = client.post(
        reverse("reviews:request-autosave", kwargs=return_kwargs(school_request)),
        {"version": 1, **answer_fields()},
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2


@pytest.mark.parametrize(
    ("payload", "content_type", "message"),
    [
        ("[1, 2]", "application/json", "The draft could not be read. Try again."),
        ("{not json", "application/json", "The draft could not be read. Try again."),
        (
            json.dumps({"version": 1, "analysis": "x" * 20001}),
            "application/json",
            "Analysis of your practice must be 20,000 characters or fewer",
        ),
        (json.dumps({"version": "one"}), "application/json", "Enter a whole number."),
    ],
)
def test_autosave_refuses_bad_input_with_a_message(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    payload: str,
    content_type: str,
    message: str,
) -> None:
    sign_in(client, agency_contributor)

    response = client.post(
        reverse("reviews:request-autosave", kwargs=return_kwargs(school_request)),
        payload,
        content_type=content_type,
    )

    assert response.status_code == 400
    assert response.json()["message"] == message
    school_request.refresh_from_db()
    assert (school_request.version, school_request.analysis) == (1, "")
