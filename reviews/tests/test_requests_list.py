"""The business team's list of a review's requests, and following them up: chasing and
asking for more detail."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation, make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.requests import returns
from reviews.event_types import EventType
from reviews.models import InformationRequest, RequestStatus, Review, ReviewRole
from reviews.tests.factories import join, make_review
from reviews.tests.request_helpers import send_request

MONDAY = dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned_day() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def _row(page: str, info_request: InformationRequest) -> str:
    match = re.search(rf'data-testid="request-{info_request.pk}">(.*?)</tr>', page, re.DOTALL)
    assert match is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match[1])).split())


def _list(client: Client, review: Review) -> str:
    response = client.get(reverse("reviews:requests", kwargs={"pk": review.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_each_request_and_how_many_are_returned(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    partner_lead: User,
    school: Organisation,
    police: Organisation,
    icb: Organisation,
) -> None:
    school_request = send_request(
        review,
        school,
        by=business_team_member,
        contributor=agency_contributor,
        due_on=dt.date(2026, 3, 13),
    )
    police_request = send_request(
        review,
        police,
        by=business_team_member,
        contributor=partner_lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
        due_on=dt.date(2026, 3, 13),
    )
    # No contributor named: whoever answers for the ICB on this review is shown.
    icb_answerer = make_user(partnership=review.partnership, full_name="Isla Answerer")
    join(
        review,
        icb_answerer,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=icb,
    )
    icb_request = send_request(review, icb, by=business_team_member, due_on=dt.date(2026, 3, 20))
    returns.declare_no_involvement(police_request, by=partner_lead, expected_version=1)
    returns.chase_request(school_request, by=business_team_member)
    sign_in(client, business_team_member)

    page = _list(client, review)

    assert '<h1 class="govuk-heading-l">Requests for information</h1>' in page
    assert 'data-testid="returned-count">1 of 3 returned</p>' in page
    assert _row(page, icb_request) == (
        "Wexmoor ICB Isla Answerer Friday 20 March 2026 Not started Not chased Chase Wexmoor ICB"
    )
    assert _row(page, police_request) == (
        "Wexmoor Police Hannah Test Friday 13 March 2026 No involvement Not chased "
        "Ask for more detail from Wexmoor Police"
    )
    assert _row(page, school_request) == (
        "Hollin Test School Colin Test Friday 13 March 2026 Not started Late "
        "Monday 16 March 2026 at 10:00am Chase Hollin Test School"
    )
    assert (
        page.index("Hollin Test School") < page.index("Wexmoor ICB") < page.index("Wexmoor Police")
    )
    link = reverse("reviews:request", kwargs={"pk": review.pk, "request_pk": school_request.pk})
    assert f'href="{link}"' in page
    assert "Chase all late requests" in page


def test_chase_all_is_offered_only_when_a_request_is_late(
    client: Client, review: Review, business_team_member: User, school: Organisation
) -> None:
    send_request(review, school, by=business_team_member, due_on=dt.date(2026, 3, 20))
    sign_in(client, business_team_member)

    page = _list(client, review)

    assert '<h1 class="govuk-heading-l">Requests for information</h1>' in page
    assert 'data-testid="returned-count">0 of 1 returned</p>' in page
    assert "Chase all late requests" not in page


def test_an_empty_list_says_so(client: Client, review: Review, business_team_member: User) -> None:
    sign_in(client, business_team_member)

    page = _list(client, review)

    assert "0 of 0 returned" in page
    assert "No requests have been sent yet." in page


def test_only_the_business_team_and_lead_see_the_list(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    partner_lead: User,
    outsider: User,
    school: Organisation,
    police: Organisation,
) -> None:
    lead = make_user(partnership=review.partnership)
    join(review, lead, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member)
    send_request(review, school, by=business_team_member, contributor=agency_contributor)
    send_request(
        review,
        police,
        by=business_team_member,
        contributor=partner_lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
    )
    url = reverse("reviews:requests", kwargs={"pk": review.pk})
    statuses = {}
    for name, person in [
        ("lead", lead),
        ("contributor", agency_contributor),
        ("partner lead", partner_lead),
        ("outsider", outsider),
    ]:
        sign_in(client, person)
        statuses[name] = client.get(url).status_code

    assert statuses == {"lead": 200, "contributor": 403, "partner lead": 403, "outsider": 404}


def test_the_list_makes_the_same_number_of_queries_however_many_requests(
    client: Client, review: Review, business_team_member: User, partnership: Partnership
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            organisation = make_organisation(partnership=partnership)
            contributor = make_user(partnership=partnership)
            send_request(review, organisation, by=business_team_member, contributor=contributor)
            send_request(
                make_review(partnership=partnership, by=business_team_member),
                organisation,
                by=business_team_member,
            )

    sign_in(client, business_team_member)
    add(1)
    with CaptureQueriesContext(connection) as few:
        _list(client, review)
    add(12)
    with CaptureQueriesContext(connection) as many:
        page = _list(client, review)

    assert "0 of 13 returned" in page
    assert len(many.captured_queries) == len(few.captured_queries)


# Following up: chasing, and asking for more detail.


@pytest.fixture
def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return send_request(
        review,
        school,
        by=business_team_member,
        contributor=agency_contributor,
        due_on=dt.date(2026, 3, 20),
    )


def _kwargs(info_request: InformationRequest) -> dict[str, int]:
    return {"pk": info_request.review_id, "request_pk": info_request.pk}


def _returned(info_request: InformationRequest, by: User) -> InformationRequest:
    saved = returns.save_return_draft(
        info_request,
        by=by,
        expected_version=info_request.version,
        involvement="Seen daily",
        analysis="Shared late",
        immediate_actions="",
        learning="",
    )
    return returns.submit_return(saved, by=by, expected_version=saved.version)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter what more detail is needed"),
        ("   ", "Enter what more detail is needed"),
        ("x" * 5001, "What more detail is needed must be 5,000 characters or fewer"),
    ],
)
def test_more_detail_needs_a_reason(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
    reason: str,
    message: str,
) -> None:
    _returned(school_request, agency_contributor)
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:request-more-detail", kwargs=_kwargs(school_request)), {"reason": reason}
    )

    assert response.status_code == 400
    assert f'<a href="#id_reason">{message}</a>' in response.content.decode()
    school_request.refresh_from_db()
    assert school_request.status == RequestStatus.RETURNED


def test_more_detail_is_refused_for_a_request_not_yet_answered(
    school_request: InformationRequest, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="has not returned its information yet"):
        returns.ask_for_more_detail(school_request, by=business_team_member, reason="More")


def test_chasing_emails_the_contributor_the_due_date_and_a_link(
    client: Client,
    school_request: InformationRequest,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:request-chase", kwargs=_kwargs(school_request)), follow=True
        )

    assert "Hollin Test School has been reminded by email." in response.content.decode()
    school_request.refresh_from_db()
    assert school_request.last_chased_at == MONDAY
    assert school_request.review.events.filter(type=EventType.REQUEST_CHASED).count() == 1
    [message] = mail.outbox
    assert message.to == ["dsl@school.example"]
    assert (
        message.subject == f"{school_request.review.case_code}: reminder to return your information"
    )
    assert "Your organisation's return is due on Friday 20 March 2026." in message.body
    assert f"/reviews/{school_request.review_id}/requests/{school_request.pk}/" in message.body
    assert "Child A" not in message.body


def test_chasing_all_late_requests_chases_only_those_past_due_and_unanswered(
    client: Client,
    review: Review,
    school_request: InformationRequest,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    partnership: Partnership,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    late = send_request(
        review,
        police,
        by=business_team_member,
        contributor=make_user(partnership=partnership, email="late@police.example"),
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
        due_on=dt.date(2026, 3, 13),
    )
    answered_late = send_request(review, icb, by=business_team_member, due_on=dt.date(2026, 3, 9))
    InformationRequest.objects.filter(pk=answered_late.pk).update(status=RequestStatus.RETURNED)
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:requests-chase-late", kwargs={"pk": review.pk}), follow=True
        )

    assert "1 late request chased by email: Wexmoor Police." in html.unescape(
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["late@police.example"]
    assert "was due on Friday 13 March 2026 and has not been received yet" in message.body
    late.refresh_from_db()
    school_request.refresh_from_db()
    assert late.last_chased_at == MONDAY
    assert school_request.last_chased_at is None


def test_an_answered_request_is_not_chased(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
) -> None:
    returns.declare_no_involvement(school_request, by=agency_contributor, expected_version=1)
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:request-chase", kwargs=_kwargs(school_request)), follow=True
    )

    assert "Hollin Test School has already answered." in response.content.decode()
    assert not school_request.review.events.filter(type=EventType.REQUEST_CHASED).exists()


def test_without_a_named_contributor_the_chase_goes_to_the_organisations_mailbox(
    review: Review,
    business_team_member: User,
    icb: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    icb.email = "safeguarding@icb.example"
    icb.save()
    info_request = send_request(review, icb, by=business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        returns.chase_request(info_request, by=business_team_member)

    assert [message.to for message in mail.outbox] == [["safeguarding@icb.example"]]
