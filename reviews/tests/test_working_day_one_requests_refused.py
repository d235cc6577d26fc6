"""Requests for information the action refuses, the step waiting, the due date, and who may send."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.working_day_one import send_requests
from reviews.event_types import EventType
from reviews.models import InformationRequest, Review, StepRecord
from reviews.process import Step
from reviews.tests import working_day_one_requests_setup as setup
from reviews.tests.working_day_one_requests_setup import Kind, form
from reviews.tests.working_day_one_setup import WORKING_DAY_ONE, holder, open_rapid_review, staff


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return setup.review(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def partners(
    police: Organisation, icb: Organisation, childrens_social_care: Organisation
) -> dict[Organisation, User]:
    return setup.partners(police=police, icb=icb, childrens_social_care=childrens_social_care)


@pytest.fixture
def legal(partnership: Partnership) -> User:
    return setup.legal(partnership=partnership)


def test_the_action_refuses_someone_who_does_not_work_there(
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
    icb: Organisation,
) -> None:
    with pytest.raises(ActionError, match="Choose someone who works at Wexmoor Police"):
        send_requests(review, by=business_team_member, contributors={police: partners[icb]})

    assert not InformationRequest.objects.exists()


def test_the_action_refuses_another_partnerships_organisation(
    review: Review, business_team_member: User, other_partnership: Partnership
) -> None:
    theirs = make_organisation(
        partnership=other_partnership, kind=Kind.POLICE, is_statutory_partner=True
    )
    person = staff(theirs, "Otto Elsewhere")

    with pytest.raises(ActionError, match="Choose an organisation in this partnership"):
        send_requests(review, by=business_team_member, contributors={theirs: person})


def test_the_action_refuses_an_agency_that_is_not_a_statutory_partner(
    review: Review, business_team_member: User, school: Organisation, agency_contributor: User
) -> None:
    with pytest.raises(ActionError, match="not a statutory partner: ask it as a further agency"):
        send_requests(review, by=business_team_member, contributors={school: agency_contributor})


def test_without_a_legal_representative_requests_go_but_the_step_waits(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:send-requests", kwargs={"pk": review.pk})
    page = client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form(partners), follow=True)

    assert "Nobody is set up as the local authority legal representative" in page
    assert "legal services were not told" in response.content.decode()
    assert len(mail.outbox) == 3
    assert not review.events.filter(type=EventType.REQUESTS_FORWARDED_TO_LEGAL).exists()
    assert not StepRecord.objects.filter(review=review, key=Step.REQUEST_INFORMATION).exists()


def test_once_working_day_five_has_passed_a_new_due_date_is_needed(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    legal: User,
    police: Organisation,
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC), tick=False):
        sign_in(client, business_team_member)
        url = reverse("reviews:send-requests", kwargs={"pk": review.pk})
        page = client.get(url).content.decode()
        missing = client.post(url, form({police: partners[police]}))
        past = client.post(
            url,
            {
                **form({police: partners[police]}),
                "due_on-day": "13",
                "due_on-month": "3",
                "due_on-year": "2026",
            },
        )
        sent = client.post(
            url,
            {
                **form({police: partners[police]}),
                "due_on-day": "18",
                "due_on-month": "3",
                "due_on-year": "2026",
            },
        )

    assert "Friday 13 March 2026, has passed" in page
    assert 'name="due_on-day" type="text" value="18"' in page  # two working days on
    assert "Enter the date the information is due" in missing.content.decode()
    assert "cannot be in the past" in past.content.decode()
    assert sent.status_code == 302
    assert InformationRequest.objects.get(review=review).due_on == dt.date(2026, 3, 18)


def test_only_the_business_team_sends_requests(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
    outsider: User,
) -> None:
    send_requests(review, by=business_team_member, contributors={police: partners[police]})
    url = reverse("reviews:send-requests", kwargs={"pk": review.pk})
    rest = {each: person for each, person in partners.items() if each != police}

    sign_in(client, partners[police])
    as_lead = client.post(url, form(rest))
    sign_in(client, outsider)
    as_outsider = client.post(url, form(rest))

    assert (as_lead.status_code, as_outsider.status_code) == (403, 404)
    assert InformationRequest.objects.filter(review=review).count() == 1


def test_the_page_makes_the_same_number_of_queries_however_many_partners(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
    legal: User,
) -> None:
    send_requests(review, by=business_team_member, contributors={police: partners[police]})
    sign_in(client, business_team_member)
    url = reverse("reviews:send-requests", kwargs={"pk": review.pk})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    for n in range(5):
        extra = make_organisation(
            partnership=partnership,
            name=f"Testshire Council {n}",
            kind=Kind.CHILDRENS_SOCIAL_CARE,
            is_statutory_partner=True,
        )
        staff(extra, f"Worker Number{n}")
        staff(extra, f"Manager Number{n}")
        holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, f"Counsel Number{n}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_sends_to_one_partner_exactly_one_is_made(
    partnership: Partnership,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
) -> None:
    review = open_rapid_review(partnership, by=business_team_member)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            send_requests(review, by=business_team_member, contributors={police: partners[police]})
            outcomes.append("sent")
        except ActionError as refusal:
            outcomes.append(refusal.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert outcomes.count("sent") == 1
    assert any("Wexmoor Police already has a request" in each for each in outcomes)
    assert InformationRequest.objects.filter(review=review).count() == 1
