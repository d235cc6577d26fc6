"""Sending requests for information to the statutory partners, forwarded to legal services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.working_day_one import send_requests
from reviews.event_types import EventType
from reviews.models import InformationRequest, Review, ReviewMember, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests import working_day_one_requests_setup as setup
from reviews.tests.working_day_one_requests_setup import Kind, form
from reviews.tests.working_day_one_setup import (
    PSEUDONYM,
    WORKING_DAY_FIVE,
    WORKING_DAY_ONE,
    body_of,
    mail_to,
)


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


def test_the_page_ticks_every_statutory_partner_and_names_who_answers(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    legal: User,
    school: Organisation,
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:send-requests", kwargs={"pk": review.pk})).content.decode()

    for organisation, person in partners.items():
        assert f'value="{organisation.pk}" checked' in page
        # The only person working there is chosen already.
        assert f'<option value="{person.pk}" selected>{person.full_name}</option>' in page
    assert school.name not in page
    assert "Information is due by Friday 13 March 2026 (working day 5)" in page
    assert "forwarded to legal services: Lena Counsel" in page


def test_sending_asks_each_partner_and_forwards_the_details_to_legal(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    legal: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:send-requests", kwargs={"pk": review.pk}), form(partners)
        )

    assert response.status_code == 302
    requests = InformationRequest.objects.filter(review=review)
    assert {(r.organisation, r.contributor, r.due_on) for r in requests} == {
        (organisation, person, WORKING_DAY_FIVE) for organisation, person in partners.items()
    }
    for organisation, person in partners.items():
        assert ReviewMember.objects.filter(
            review=review,
            user=person,
            role=ReviewRole.STATUTORY_PARTNER_LEAD,
            organisation=organisation,
            active=True,
        ).exists()
        (message,) = mail_to(person.email)
        body = body_of(message)
        assert (
            message.subject
            == f"{review.case_code}: request for information, due Friday 13 March 2026"
        )
        assert f"asks {organisation.name} for information" in body
        assert "Please return it by Friday 13 March 2026." in body
        assert "factual account" in body
        assert "qualitative analysis" in body
        assert "shared with the National Child Safeguarding Practice Review Panel" in body
        request = requests.get(organisation=organisation)
        assert f"http://127.0.0.1:8000/reviews/{review.pk}/requests/{request.pk}/" in body
        assert PSEUDONYM not in body
        assert "&#39;" not in body  # plain text: an apostrophe stays an apostrophe
    (to_legal,) = mail_to(legal.email)
    assert to_legal.subject.startswith(f"{review.case_code}: ")
    for organisation in partners:
        assert f"- {organisation.name}" in body_of(to_legal)
    assert "due by Friday 13 March 2026" in body_of(to_legal)
    assert PSEUDONYM not in body_of(to_legal)
    assert ReviewMember.objects.filter(
        review=review, user=legal, role=ReviewRole.LEGAL_REPRESENTATIVE
    ).exists()
    assert review.events.filter(type=EventType.REQUEST_SENT).count() == 3
    forwarded = review.events.get(type=EventType.REQUESTS_FORWARDED_TO_LEGAL)
    assert forwarded.detail["sent_to"] == ["Lena Counsel"]
    step = StepRecord.objects.get(review=review, key=Step.REQUEST_INFORMATION)
    assert step.completed_on == dt.date(2026, 3, 9)


def test_a_partner_not_yet_asked_can_be_asked_later(
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    legal: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first = send_requests(review, by=business_team_member, contributors={police: partners[police]})
    assert not first.step_completed
    assert not StepRecord.objects.filter(review=review, key=Step.REQUEST_INFORMATION).exists()

    with django_capture_on_commit_callbacks(execute=True):
        later = send_requests(
            review,
            by=business_team_member,
            contributors={
                icb: partners[icb],
                childrens_social_care: partners[childrens_social_care],
            },
        )

    assert [each.organisation for each in later.requests] == [icb, childrens_social_care][::-1]
    assert later.step_completed
    assert InformationRequest.objects.filter(review=review).count() == 3
    (to_legal,) = mail_to(legal.email)
    assert police.name not in body_of(to_legal)  # only the new requests are forwarded
    assert icb.name in body_of(to_legal)


def test_a_partner_already_asked_is_refused(
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
) -> None:
    send_requests(review, by=business_team_member, contributors={police: partners[police]})

    with pytest.raises(ActionError, match="Wexmoor Police already has a request") as refusal:
        send_requests(review, by=business_team_member, contributors=partners)

    assert refusal.value.field == "organisations"
    assert InformationRequest.objects.filter(review=review).count() == 1


def test_once_every_partner_is_asked_the_page_says_so_and_a_resend_is_refused(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
) -> None:
    send_requests(review, by=business_team_member, contributors=partners)
    sign_in(client, business_team_member)
    url = reverse("reviews:send-requests", kwargs={"pk": review.pk})

    page = client.get(url).content.decode()
    again = client.post(url, form({police: partners[police]}))

    assert "Every statutory partner has been sent a request." in page
    assert "Pat Constable" in page
    assert again.status_code == 400
    assert "Choose statutory partners from the list" in again.content.decode()
    assert InformationRequest.objects.filter(review=review).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose at least one statutory partner to ask"),
        ({"organisations": ["POLICE"]}, "Choose who will answer for Wexmoor Police"),
        (
            {"organisations": ["POLICE"], "contributor_POLICE": "ISLA"},
            "Choose a person who works at Wexmoor Police",
        ),
        (
            {"organisations": ["POLICE"], "contributor_POLICE": "<script>"},
            "Choose a person who works at Wexmoor Police",
        ),
        (
            {"organisations": ["POLICE"], "contributor_POLICE": "9" * 5000},
            "Choose a person who works at Wexmoor Police",
        ),
        (
            {"organisations": ["<script>alert(1)</script>"]},
            "Choose statutory partners from the list",
        ),
        ({"organisations": ["SCHOOL"]}, "Choose statutory partners from the list"),
        ({"organisations": ["THEIRS"]}, "Choose statutory partners from the list"),
        ({"organisations": ["1" * 3000]}, "Choose statutory partners from the list"),
    ],
)
def test_bad_choices_are_refused_with_a_message_and_nothing_is_sent(
    client: Client,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    police: Organisation,
    icb: Organisation,
    school: Organisation,
    other_partnership: Partnership,
    data: dict[str, object],
    message: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    theirs = make_organisation(
        partnership=other_partnership, kind=Kind.POLICE, is_statutory_partner=True
    )
    names = {
        "POLICE": str(police.pk),
        "ISLA": str(partners[icb].pk),
        "SCHOOL": str(school.pk),
        "THEIRS": str(theirs.pk),
    }

    def swap(value: str) -> str:
        return names.get(value, value)

    posted: dict[str, object] = {}
    for key, value in data.items():
        posted[key.replace("POLICE", str(police.pk))] = (
            [swap(each) for each in value] if isinstance(value, list) else swap(str(value))
        )
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:send-requests", kwargs={"pk": review.pk}), posted)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "<title>Error: " in page
    assert "<script>alert" not in page
    assert not InformationRequest.objects.filter(review=review).exists()
    assert mail.outbox == []
