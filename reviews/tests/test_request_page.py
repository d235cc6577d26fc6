"""The request page: what is asked, the answer and its chronology, and need to know."""

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
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions import return_attachments, returns
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    ChronologyEntry,
    InformationRequest,
    RequestStatus,
    Review,
    ReviewRole,
)
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import PDF, send_request
from tests.page_checks import error_links, misdirected_error_links

MONDAY = dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned_day() -> Iterator[None]:
    with time_machine.travel(MONDAY):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


@pytest.fixture
def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return send_request(
        review,
        school,
        by=business_team_member,
        contributor=agency_contributor,
        due_on=dt.date(2026, 3, 13),
    )


@pytest.fixture
def police_request(
    review: Review, business_team_member: User, partner_lead: User, police: Organisation
) -> InformationRequest:
    return send_request(
        review,
        police,
        by=business_team_member,
        contributor=partner_lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
    )


def _url(name: str, info_request: InformationRequest, **more: int) -> str:
    return reverse(
        name, kwargs={"pk": info_request.review_id, "request_pk": info_request.pk, **more}
    )


def _page(client: Client, info_request: InformationRequest) -> str:
    response = client.get(_url("reviews:request", info_request))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_contributor_sees_what_is_asked_when_it_is_due_and_that_it_is_late(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    page = _page(client, school_request)

    assert "<title>Request for information to Hollin Test School \N{EN DASH} AWT26" in page
    assert "factual, relevant information, with a qualitative analysis" in page
    assert "will be shared with the National Child Safeguarding Practice Review Panel" in page
    assert '<time datetime="2026-03-13">Friday 13 March 2026</time>' in page
    assert 'data-testid="late">Late</strong>' in page
    for name in ("involvement", "analysis", "immediate_actions", "learning"):
        assert f'<textarea class="govuk-textarea" id="id_{name}" name="{name}"' in page
    assert 'aria-live="polite"' in page
    assert '<script type="module" src="/static/autosave.js"></script>' in page
    assert 'data-autosave-url="' + _url("reviews:request-autosave", school_request) in page
    assert "We had no involvement" in page


def test_an_answered_request_is_not_late_and_the_script_is_not_loaded(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    returns.declare_no_involvement(school_request, by=agency_contributor, expected_version=1)
    sign_in(client, agency_contributor)

    page = _page(client, school_request)

    assert 'data-testid="late"' not in page
    assert "No involvement</strong>" in page
    assert "autosave.js" not in page


def test_viewing_a_return_is_logged(
    client: Client, school_request: InformationRequest, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    _page(client, school_request)

    look = AccessLogEntry.objects.get(user=business_team_member)
    assert look.target == f"{school_request.review.case_code}: return from Hollin Test School"


def test_the_business_team_reads_a_return_but_cannot_change_it(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
) -> None:
    saved = returns.save_return_draft(
        school_request,
        by=agency_contributor,
        expected_version=1,
        involvement="Seen daily",
        analysis="Shared late",
        immediate_actions="",
        learning="",
    )
    sign_in(client, business_team_member)

    page = _page(client, school_request)
    posted = client.post(
        _url("reviews:request", school_request),
        {"version": saved.version, "involvement": "Team's words", "analysis": "x"},
    )

    assert "<textarea" not in page
    assert "Seen daily" in page
    assert "Chase Hollin Test School" in page
    assert posted.status_code == 403
    school_request.refresh_from_db()
    assert school_request.involvement == "Seen daily"


def test_a_contributor_cannot_reach_another_organisations_request_by_changing_the_url(
    client: Client,
    school_request: InformationRequest,
    police_request: InformationRequest,
    agency_contributor: User,
) -> None:
    sign_in(client, agency_contributor)
    names = [
        "reviews:request",
        "reviews:request-submit",
        "reviews:request-no-involvement",
        "reviews:request-chronology-import",
    ]

    statuses = {name: client.get(_url(name, police_request)).status_code for name in names}
    autosave = client.post(
        _url("reviews:request-autosave", police_request), {"version": 1, "involvement": "Mine"}
    )
    add = client.post(
        _url("reviews:request-chronology-add", police_request),
        {
            "happened_on-day": "2",
            "happened_on-month": "3",
            "happened_on-year": "2026",
            "what_happened": "Written into the police return",
        },
    )
    # The request id of another review, with this review's id: also not found.
    crossed = client.get(
        reverse(
            "reviews:request",
            kwargs={"pk": school_request.review_id + 1000, "request_pk": school_request.pk},
        )
    )

    assert statuses == dict.fromkeys(names, 404)
    assert (autosave.status_code, add.status_code, crossed.status_code) == (404, 404, 404)
    police_request.refresh_from_db()
    assert police_request.involvement == ""
    assert not police_request.chronology.exists()


def test_a_contributor_cannot_remove_another_requests_entry_by_changing_a_form_field(
    client: Client,
    school_request: InformationRequest,
    police_request: InformationRequest,
    agency_contributor: User,
    partner_lead: User,
) -> None:
    theirs = return_attachments.add_chronology_entry(
        police_request,
        by=partner_lead,
        happened_on=dt.date(2026, 3, 2),
        what_happened="Police call-out",
    )
    document = return_attachments.add_supporting_document(
        police_request, by=partner_lead, upload=SimpleUploadedFile("police.pdf", PDF)
    )
    sign_in(client, agency_contributor)

    entry = client.post(
        _url("reviews:request-chronology-remove", school_request, entry_pk=theirs.pk)
    )
    removal = client.post(
        _url("reviews:request-document-remove", school_request, document_pk=document.pk)
    )

    assert (entry.status_code, removal.status_code) == (404, 404)
    assert ChronologyEntry.objects.filter(pk=theirs.pk).exists()
    assert police_request.documents.filter(pk=document.pk).exists()


def test_a_chronology_entry_is_added_and_removed_one_by_one(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    added = client.post(
        _url("reviews:request-chronology-add", school_request),
        {
            "happened_on-day": "2",
            "happened_on-month": "3",
            "happened_on-year": "2026",
            "what_happened": "Seen at school <script>alert(1)</script>",
            "source": "Register",
        },
    )
    entry = school_request.chronology.get()
    page = client.get(_url("reviews:request", school_request)).content.decode()
    removed = client.post(
        _url("reviews:request-chronology-remove", school_request, entry_pk=entry.pk)
    )

    assert added.status_code == 302
    assert added["Location"].endswith("#chronology")
    assert (entry.happened_on, entry.source) == (dt.date(2026, 3, 2), "Register")
    assert "Monday 2 March 2026" in page
    assert "Seen at school &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert removed.status_code == 302
    assert not school_request.chronology.exists()


def _form_posting_to(page: TestResponse, url: str) -> Form:
    [form] = [form for form in page.forms.values() if form.action == url]
    return form


def test_the_contributor_removes_an_entry_and_a_document_with_the_buttons_on_the_page(
    web_as: WebAs, school_request: InformationRequest, agency_contributor: User
) -> None:
    entry = return_attachments.add_chronology_entry(
        school_request,
        by=agency_contributor,
        happened_on=dt.date(2026, 3, 2),
        what_happened="Seen at school",
    )
    document = return_attachments.add_supporting_document(
        school_request, by=agency_contributor, upload=SimpleUploadedFile("register.pdf", PDF)
    )
    app = web_as(agency_contributor)
    page = app.get(_url("reviews:request", school_request))

    entry_gone = _form_posting_to(
        page, _url("reviews:request-chronology-remove", school_request, entry_pk=entry.pk)
    ).submit()
    page = entry_gone.follow()
    document_gone = _form_posting_to(
        page, _url("reviews:request-document-remove", school_request, document_pk=document.pk)
    ).submit()
    page = document_gone.follow()

    assert (entry_gone.status_code, document_gone.status_code) == (302, 302)
    assert "{{" not in page.text
    assert "register.pdf has been removed." in page.text
    assert "No entries yet." in page.text
    assert "No documents." in page.text
    assert not school_request.chronology.exists()
    assert not school_request.documents.exists()
    removals = school_request.review.events.filter(
        type__in=[EventType.CHRONOLOGY_ENTRY_REMOVED, EventType.SUPPORTING_DOCUMENT_REMOVED],
        actor=agency_contributor,
    )
    assert sorted(removals.values_list("type", flat=True)) == [
        EventType.CHRONOLOGY_ENTRY_REMOVED,
        EventType.SUPPORTING_DOCUMENT_REMOVED,
    ]


def test_an_entry_without_a_date_links_the_error_to_the_day_box(
    web_as: WebAs, school_request: InformationRequest, agency_contributor: User
) -> None:
    page = web_as(agency_contributor).get(_url("reviews:request", school_request))
    form = _form_posting_to(page, _url("reviews:request-chronology-add", school_request))
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
    page = web_as(agency_contributor).get(_url("reviews:request", school_request))
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

    response = client.post(_url("reviews:request-chronology-add", school_request), data)

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
        _url("reviews:request", school_request), {"version": 1, "involvement": "x" * 20001}
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
        _url("reviews:request", school_request),
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
        _url("reviews:request", school_request),
        {"version": 1, "involvement": "Seen daily", "analysis": "Late", "next": "submit"},
    )

    assert response["Location"] == _url("reviews:request-submit", school_request)
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
        _page(client, school_request)
    add(11)
    with CaptureQueriesContext(connection) as long:
        page = _page(client, school_request)

    assert page.count('href="/reviews/') > 12
    assert len(long.captured_queries) == len(short.captured_queries)
