"""The request page: what is asked, the answer and its chronology, and need to know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions.requests import attachments as return_attachments
from reviews.actions.requests import returns
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, ChronologyEntry, InformationRequest, Review, ReviewRole
from reviews.tests import requests_page_setup as setup
from reviews.tests.request_helpers import PDF, send_request
from reviews.tests.requests_page_setup import MONDAY, form_posting_to, request_page, request_url


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


def test_the_contributor_sees_what_is_asked_when_it_is_due_and_that_it_is_late(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    page = request_page(client, school_request)

    assert "<title>Request for information to Hollin Test School \N{EN DASH} AWT26" in page
    assert "factual, relevant information, with a qualitative analysis" in page
    assert "will be shared with the National Child Safeguarding Practice Review Panel" in page
    assert '<time datetime="2026-03-13">Friday 13 March 2026</time>' in page
    assert 'data-testid="late">Late</strong>' in page
    for name in ("involvement", "analysis", "immediate_actions", "learning"):
        assert f'<textarea class="govuk-textarea" id="id_{name}" name="{name}"' in page
    assert 'aria-live="polite"' in page
    assert '<script type="module" src="/static/autosave.js"></script>' in page
    assert 'data-autosave-url="' + request_url("reviews:request-autosave", school_request) in page
    assert "We had no involvement" in page


def test_an_answered_request_is_not_late_and_the_script_is_not_loaded(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    returns.declare_no_involvement(school_request, by=agency_contributor, expected_version=1)
    sign_in(client, agency_contributor)

    page = request_page(client, school_request)

    assert 'data-testid="late"' not in page
    assert "No involvement</strong>" in page
    assert "autosave.js" not in page


def test_viewing_a_return_is_logged(
    client: Client, school_request: InformationRequest, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    request_page(client, school_request)

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

    page = request_page(client, school_request)
    posted = client.post(
        request_url("reviews:request", school_request),
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

    statuses = {name: client.get(request_url(name, police_request)).status_code for name in names}
    autosave = client.post(
        request_url("reviews:request-autosave", police_request),
        {"version": 1, "involvement": "Mine"},
    )
    add = client.post(
        request_url("reviews:request-chronology-add", police_request),
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
        request_url("reviews:request-chronology-remove", school_request, entry_pk=theirs.pk)
    )
    removal = client.post(
        request_url("reviews:request-document-remove", school_request, document_pk=document.pk)
    )

    assert (entry.status_code, removal.status_code) == (404, 404)
    assert ChronologyEntry.objects.filter(pk=theirs.pk).exists()
    assert police_request.documents.filter(pk=document.pk).exists()


def test_a_chronology_entry_is_added_and_removed_one_by_one(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    added = client.post(
        request_url("reviews:request-chronology-add", school_request),
        {
            "happened_on-day": "2",
            "happened_on-month": "3",
            "happened_on-year": "2026",
            "what_happened": "Seen at school <script>alert(1)</script>",
            "source": "Register",
        },
    )
    entry = school_request.chronology.get()
    page = client.get(request_url("reviews:request", school_request)).content.decode()
    removed = client.post(
        request_url("reviews:request-chronology-remove", school_request, entry_pk=entry.pk)
    )

    assert added.status_code == 302
    assert added["Location"].endswith("#chronology")
    assert (entry.happened_on, entry.source) == (dt.date(2026, 3, 2), "Register")
    assert "Monday 2 March 2026" in page
    assert "Seen at school &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert removed.status_code == 302
    assert not school_request.chronology.exists()


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
    page = app.get(request_url("reviews:request", school_request))

    entry_gone = form_posting_to(
        page, request_url("reviews:request-chronology-remove", school_request, entry_pk=entry.pk)
    ).submit()
    page = entry_gone.follow()
    document_gone = form_posting_to(
        page,
        request_url("reviews:request-document-remove", school_request, document_pk=document.pk),
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
