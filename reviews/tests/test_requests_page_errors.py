"""The request page's refusals and buttons: errors at their boxes, drafts saved without
JavaScript, and the page's queries."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions.requests import attachments as return_attachments
from reviews.models import InformationRequest, RequestStatus, Review
from reviews.tests import requests_page_setup as setup
from reviews.tests.request_helpers import PDF
from reviews.tests.requests_page_setup import MONDAY, form_posting_to, request_page, request_url
from tests.page_checks import error_links, misdirected_error_links


@pytest.fixture(autouse=True)
def _pinned_day() -> Iterator[None]:
    with time_machine.travel(MONDAY):
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


def test_an_entry_without_a_date_links_the_error_to_the_day_box(
    web_as: WebAs, school_request: InformationRequest, agency_contributor: User
) -> None:
    page = web_as(agency_contributor).get(request_url("reviews:request", school_request))
    form = form_posting_to(page, request_url("reviews:request-chronology-add", school_request))
    form["what_happened"] = "Seen at school"

    response = form.submit(expect_errors=True)

    assert response.status_code == 400
    assert ("Enter the date it happened", "#id_happened_on") in error_links(response.text)
    assert response.html.find(id="id_happened_on")["name"] == "happened_on-day"
    assert misdirected_error_links(response.text) == []
    assert not school_request.chronology.exists()


def test_submitting_an_empty_return_shows_each_missing_answer_at_its_box(
    web_as: WebAs, school_request: InformationRequest, agency_contributor: User
) -> None:
    page = web_as(agency_contributor).get(request_url("reviews:request", school_request))
    form = page.forms["answer"]
    form["involvement"] = "Seen daily"

    response = form.submit("next", value="submit", expect_errors=True)

    assert response.status_code == 400
    assert error_links(response.text) == [
        ("Give your analysis of your organisation's practice", "#id_analysis")
    ]
    assert misdirected_error_links(response.text) == []
    inline = response.html.find(id="id_analysis-error")
    assert "Give your analysis of your organisation's practice" in inline.get_text()
    school_request.refresh_from_db()
    assert school_request.involvement == "Seen daily"  # the draft is kept
    assert school_request.status == RequestStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_happened": "Seen"}, "Enter the date it happened"),
        (
            {
                "happened_on-day": "31",
                "happened_on-month": "2",
                "happened_on-year": "2026",
                "what_happened": "Seen",
            },
            "Date must be a real date",
        ),
        (
            {"happened_on-day": "2", "happened_on-year": "2026", "what_happened": "Seen"},
            "Date must include a month",
        ),
        (
            {
                "happened_on-day": "17",
                "happened_on-month": "3",
                "happened_on-year": "2026",
                "what_happened": "Seen",
            },
            "Date must be today or in the past",
        ),
        (
            {"happened_on-day": "2", "happened_on-month": "3", "happened_on-year": "2026"},
            "Enter what happened",
        ),
        (
            {
                "happened_on-day": "2",
                "happened_on-month": "3",
                "happened_on-year": "2026",
                "what_happened": "x" * 5001,
            },
            "What happened must be 5,000 characters or fewer",
        ),
        (
            {
                "happened_on-day": "2",
                "happened_on-month": "3",
                "happened_on-year": "2026",
                "what_happened": "Seen",
                "source": "s" * 301,
            },
            "Source must be 300 characters or fewer",
        ),
    ],
)
def test_a_bad_chronology_entry_is_refused_naming_the_field(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    data: dict[str, str],
    message: str,
) -> None:
    sign_in(client, agency_contributor)

    response = client.post(request_url("reviews:request-chronology-add", school_request), data)

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "<title>Error: " in page
    assert f"{message}</a>" in page
    assert not school_request.chronology.exists()


def test_an_answer_longer_than_allowed_is_refused_and_the_saved_one_kept(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    response = client.post(
        request_url("reviews:request", school_request), {"version": 1, "involvement": "x" * 20001}
    )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    message = "Your organisation's involvement must be 20,000 characters or fewer"
    assert f'<a href="#id_involvement">{message}</a>' in page
    school_request.refresh_from_db()
    assert (school_request.version, school_request.involvement) == (1, "")


def test_the_save_draft_button_works_without_javascript(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    response = client.post(
        request_url("reviews:request", school_request),
        {"version": 1, "involvement": "Seen daily", "analysis": "", "next": "save"},
        follow=True,
    )

    page = html.unescape(response.content.decode())
    assert "Draft saved at 10:00am." in page
    assert ">Seen daily</textarea>" in page
    assert "In progress</strong>" in page


def test_the_submit_button_saves_the_draft_then_shows_the_check_page(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    response = client.post(
        request_url("reviews:request", school_request),
        {"version": 1, "involvement": "Seen daily", "analysis": "Late", "next": "submit"},
    )

    assert response["Location"] == request_url("reviews:request-submit", school_request)
    school_request.refresh_from_db()
    assert school_request.involvement == "Seen daily"


@pytest.mark.parametrize("persona", ["agency_contributor", "business_team_member"])
def test_the_page_makes_the_same_number_of_queries_however_long_the_return(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    sign_in(client, request.getfixturevalue(persona))

    def add(count: int) -> None:
        for n in range(count):
            return_attachments.add_chronology_entry(
                school_request,
                by=agency_contributor,
                happened_on=dt.date(2026, 3, 1 + n % 10),
                what_happened=f"Entry {n}",
            )
            return_attachments.add_supporting_document(
                school_request, by=agency_contributor, upload=SimpleUploadedFile(f"d{n}.pdf", PDF)
            )

    add(1)
    with CaptureQueriesContext(connection) as short:
        request_page(client, school_request)
    add(11)
    with CaptureQueriesContext(connection) as long:
        page = request_page(client, school_request)

    assert page.count('href="/reviews/') > 12
    assert len(long.captured_queries) == len(short.captured_queries)
