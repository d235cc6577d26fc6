"""Submitting a return: no involvement, more detail, and the step "information-returned"
completing with the last answer."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions import ActionError
from reviews.actions.requests import returns
from reviews.event_types import EventType
from reviews.models import InformationRequest, RequestStatus, Review, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests import requests_returns_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import send_request
from reviews.tests.requests_returns_setup import (
    WEDNESDAY,
    answer_fields,
    return_kwargs,
    save_test_draft,
)
from tests.page_checks import error_links


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


def test_submitting_returns_the_information_and_tells_the_business_team_lead(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    saved = save_test_draft(school_request, agency_contributor)
    sign_in(client, agency_contributor)
    url = reverse("reviews:request-submit", kwargs=return_kwargs(school_request))
    check = client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": saved.version}, follow=True)

    assert "Check your return before you submit it" in check
    assert "The school saw Child A every day." in check
    assert "Your return has been submitted. The business team has been told." in (
        html.unescape(response.content.decode())
    )
    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.RETURNED
    assert school_request.submitted_by == agency_contributor
    assert school_request.submitted_at == WEDNESDAY
    assert school_request.review.events.filter(type=EventType.RETURN_SUBMITTED).count() == 1
    [message] = mail.outbox
    assert message.to == ["lead@wtp.example"]
    assert message.subject == f"{school_request.review.case_code}: information returned"
    link = f"/reviews/{school_request.review_id}/requests/{school_request.pk}/"
    assert f"{settings.SITE_URL}{link}\n" in message.body
    assert school_request.review.case_code in message.body
    assert "Child A" not in message.body
    assert "Hollin" not in message.body


def test_a_return_needs_its_involvement_and_analysis_before_it_is_submitted(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)
    url = reverse("reviews:request-submit", kwargs=return_kwargs(school_request))

    check = html.unescape(client.get(url).content.decode())
    posted = client.post(url, {"version": 1})

    assert "<title>Error: Check your return" in check
    expected = "Describe your organisation's involvement with the child and family"
    assert f'<a href="#answer-involvement">{expected}</a>' in check
    assert "Give your analysis of your organisation's practice" in check
    assert 'name="version"' not in check  # no button to submit until they are there
    assert posted.status_code == 400
    with pytest.raises(ActionError) as refused:
        returns.submit_return(school_request, by=agency_contributor, expected_version=1)
    assert refused.value.field == "involvement"
    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.SENT


def test_the_check_page_of_an_empty_return_links_each_error_to_where_it_shows(
    web_as: WebAs, school_request: InformationRequest, agency_contributor: User
) -> None:
    app = web_as(agency_contributor)

    check = app.get(reverse("reviews:request-submit", kwargs=return_kwargs(school_request)))

    links = error_links(check.text)
    assert [text for text, _href in links] == [
        "Describe your organisation's involvement with the child and family",
        "Give your analysis of your organisation's practice",
    ]
    for text, href in links:
        # Each link lands on this page, on the part that shows the same error.
        assert href.startswith("#")
        shown = check.html.find(id=href[1:]).select_one(".govuk-error-message")
        assert text in shown.get_text()
    back = check.click("Go back to your return")
    assert back.forms["answer"]["involvement"].value == ""
    assert 'name="version"' not in check.text  # nothing to submit until the answers are there


def test_submitting_from_a_stale_check_page_asks_to_check_again(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    saved = save_test_draft(school_request, agency_contributor)
    save_test_draft(school_request, agency_contributor, learning="Added in another tab")
    sign_in(client, agency_contributor)

    response = client.post(
        reverse("reviews:request-submit", kwargs=return_kwargs(school_request)),
        {"version": saved.version},
    )

    assert response.status_code == 409
    assert "Your return changed after you opened this page" in response.content.decode()
    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.IN_PROGRESS
    refused = school_request.review.events.get(type=EventType.EDIT_REFUSED)
    assert refused.detail["attempted"] == ["return-submitted"]


def test_the_last_answer_completes_information_returned_that_day(
    review: Review,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    police_request = send_request(
        review,
        police,
        by=business_team_member,
        contributor=partner_lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
    )
    saved = save_test_draft(school_request, agency_contributor)
    returns.submit_return(saved, by=agency_contributor, expected_version=saved.version)
    after_first = StepRecord.objects.filter(review=review, key=Step.INFORMATION_RETURNED).first()

    returns.declare_no_involvement(police_request, by=partner_lead, expected_version=1)

    assert after_first is None
    step = StepRecord.objects.get(review=review, key=Step.INFORMATION_RETURNED)
    assert step.completed_on == dt.date(2026, 3, 11)
    assert step.completed_by == partner_lead
    police_request.refresh_from_db()
    assert police_request.status == RequestStatus.NO_INVOLVEMENT
    assert review.events.filter(type=EventType.NO_INVOLVEMENT_DECLARED).count() == 1


def test_the_step_and_the_last_return_are_saved_together_or_not_at_all(
    monkeypatch: pytest.MonkeyPatch,
    school_request: InformationRequest,
    agency_contributor: User,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the step could not be saved")

    monkeypatch.setattr(returns, "complete_step", broken)
    saved = save_test_draft(school_request, agency_contributor)

    with pytest.raises(RuntimeError):
        returns.submit_return(saved, by=agency_contributor, expected_version=saved.version)

    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.IN_PROGRESS
    assert not school_request.review.events.filter(type=EventType.RETURN_SUBMITTED).exists()


def test_after_submission_the_answer_is_read_only(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    saved = save_test_draft(school_request, agency_contributor)
    returns.submit_return(saved, by=agency_contributor, expected_version=saved.version)
    sign_in(client, agency_contributor)
    page_url = reverse("reviews:request", kwargs=return_kwargs(school_request))

    page = client.get(page_url).content.decode()
    posted = client.post(page_url, {"version": 3, **answer_fields(analysis="Changed afterwards")})
    autosaved = client.post(
        reverse("reviews:request-autosave", kwargs=return_kwargs(school_request)),
        {"version": 3, **answer_fields(analysis="Changed afterwards")},
    )

    assert "<textarea" not in page
    assert "autosave.js" not in page
    assert "Attendance concerns were shared late." in page
    assert posted.status_code == 302
    assert autosaved.status_code == 409
    assert "cannot be changed" in autosaved.json()["message"]
    school_request.refresh_from_db()
    assert school_request.analysis == "Attendance concerns were shared late."


def test_more_detail_reopens_the_return_shows_why_and_emails_the_contributor(
    client: Client,
    review: Review,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    saved = save_test_draft(school_request, agency_contributor)
    returns.submit_return(saved, by=agency_contributor, expected_version=saved.version)
    assert StepRecord.objects.get(review=review, key=Step.INFORMATION_RETURNED).completed_on
    sign_in(client, business_team_member)
    url = reverse("reviews:request-more-detail", kwargs=return_kwargs(school_request))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Say what the <b>nurse</b> saw."})

    assert response.status_code == 302
    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.MORE_DETAIL
    [message] = mail.outbox
    assert message.to == ["dsl@school.example"]
    assert "nurse" not in message.body  # the reason stays behind sign-in
    assert f"/reviews/{review.pk}/requests/{school_request.pk}/" in message.body
    step = StepRecord.objects.get(review=review, key=Step.INFORMATION_RETURNED)
    assert step.completed_on is None  # a request is outstanding again
    sign_in(client, agency_contributor)
    page = client.get(
        reverse("reviews:request", kwargs=return_kwargs(school_request))
    ).content.decode()
    banner = page[page.index('data-testid="more-detail"') :]
    assert "The business team has asked for more detail" in banner
    assert "Say what the &lt;b&gt;nurse&lt;/b&gt; saw." in banner
    assert '<textarea class="govuk-textarea" id="id_analysis"' in page

    again = save_test_draft(school_request, agency_contributor, analysis="The nurse saw bruising.")
    assert again.status == RequestStatus.MORE_DETAIL  # still flagged while being changed
    returns.submit_return(again, by=agency_contributor, expected_version=again.version)
    assert StepRecord.objects.get(review=review, key=Step.INFORMATION_RETURNED).completed_on


def test_saying_there_was_no_involvement_is_confirmed_first(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, agency_contributor)
    url = reverse("reviews:request-no-involvement", kwargs=return_kwargs(school_request))

    confirm = html.unescape(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": 1})

    assert "Confirm that Hollin Test School had no involvement with Child A" in confirm
    assert response.status_code == 302
    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.NO_INVOLVEMENT
    [message] = mail.outbox
    assert "said it had no involvement" in message.body


def test_without_a_business_team_lead_the_return_goes_to_the_business_team(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    info_request = send_request(
        review, school, by=business_team_member, contributor=agency_contributor
    )

    with django_capture_on_commit_callbacks(execute=True):
        returns.declare_no_involvement(info_request, by=agency_contributor, expected_version=1)

    assert [message.to for message in mail.outbox] == [["manager@wtp.example"]]
