"""Practitioners' feedback after a learning event, through a one-time link needing no account:
the links sent, the short form, and the answers saved once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.helpers import give_device, sign_in_with_password
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.events.feedback import (
    FeedbackLinkUsedError,
    give_feedback,
    send_feedback_links,
)
from reviews.event_types import EventType
from reviews.models import EventKind, FeedbackLink, LearningEvent, Participant
from reviews.tests import lcspr_events_feedback_setup as setup
from reviews.tests.lcspr_events_feedback_setup import ANSWERS, LINK, token_of
from reviews.tests.lcspr_events_setup import AFTER_THE_EVENT, PSEUDONYM, Case, mail_to


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(AFTER_THE_EVENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        school=school,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        independent_author=independent_author,
    )


@pytest.fixture
def people(case: Case) -> dict[str, Participant]:
    return setup.people(case=case)


@pytest.fixture
def held(case: Case, people: dict[str, Participant]) -> LearningEvent:
    return setup.held(case=case, people=people)


@pytest.fixture
def links(
    case: Case,
    held: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> dict[str, str]:
    return setup.links(
        case=case, held=held, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )


def test_each_attendee_with_an_email_gets_a_link_of_their_own(
    client: Client,
    case: Case,
    held: LearningEvent,
    people: dict[str, Participant],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, case.author)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:feedback-send", kwargs={"pk": case.review.pk, "event_pk": held.pk})
        )

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["dana"].email, people["sam"].email]
    )
    (message,) = mail_to(people["dana"].email)
    assert message.subject == "Your feedback on the practitioner learning event you attended"
    body = str(message.body)
    assert "on Monday 20 April 2026" in body
    assert "works once, for 30 days" in body
    assert PSEUDONYM not in body
    assert case.review.case_code not in body
    found = LINK.search(body)
    assert found is not None
    token = found.group(2)
    assert len(token) == 43
    link = FeedbackLink.objects.get(place__participant=people["dana"])
    assert link.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert not FeedbackLink.objects.filter(token_sha256=token).exists()
    assert link.expires_at == timezone.now() + dt.timedelta(days=30)
    assert link.sent_at == timezone.now()
    requested = case.review.events.get(type=EventType.FEEDBACK_REQUESTED)
    assert requested.detail["count"] == 2
    assert requested.detail["event"] == "practitioner learning event"


def test_links_are_sent_once_and_only_after_the_event_is_held(
    case: Case, held: LearningEvent, links: dict[str, str]
) -> None:
    with pytest.raises(ActionError, match="has been sent a link already"):
        send_feedback_links(held, by=case.author)
    manager_event = LearningEvent.objects.get(review=case.review, kind=EventKind.MANAGER_EVENT)
    with pytest.raises(ActionError, match="Record the event as held"):
        send_feedback_links(manager_event, by=case.author)


def test_a_panel_member_cannot_send_links(client: Client, case: Case, held: LearningEvent) -> None:
    sign_in(client, case.panel_member)

    response = client.post(
        reverse("reviews:feedback-send", kwargs={"pk": case.review.pk, "event_pk": held.pk})
    )

    assert response.status_code == 403
    assert not FeedbackLink.objects.exists()


def test_the_link_opens_a_short_form_naming_only_the_event_and_its_date(
    client: Client, case: Case, links: dict[str, str], people: dict[str, Participant]
) -> None:
    response = client.get(links[people["dana"].email])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your feedback on the practitioner learning event" in page
    assert "Monday 20 April 2026" in page
    for private in [
        case.review.case_code,
        PSEUDONYM,
        "Dana Field",
        "Wexmoor",
        "/reviews/",
        "Sign out",
        case.author.full_name,
    ]:
        assert private not in page, private
    assert 'name="csrfmiddlewaretoken"' not in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies  # no session, no CSRF cookie: nothing to sign anyone in
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_sees_nothing_of_their_own_on_the_page(
    client: Client, case: Case, links: dict[str, str], people: dict[str, Participant]
) -> None:
    sign_in(client, case.team)

    page = client.get(links[people["dana"].email]).content.decode()

    assert case.team.full_name not in page
    assert "Wexmoor Test Partnership" not in page
    assert reverse("reviews:list") not in page


def test_a_person_who_has_given_only_a_password_can_still_use_it(
    client: Client, case: Case, links: dict[str, str], people: dict[str, Participant]
) -> None:
    give_device(case.team)
    sign_in_with_password(client, case.team)

    response = client.get(links[people["dana"].email])

    assert response.status_code == 200


def test_answers_are_saved_once_with_no_actor(
    client: Client, case: Case, links: dict[str, str], people: dict[str, Participant]
) -> None:
    path = links[people["dana"].email]

    response = client.post(path, ANSWERS)

    assert response.status_code == 200
    assert "Feedback sent" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    link = FeedbackLink.objects.get(place__participant=people["dana"])
    assert link.used_at == timezone.now()
    assert link.what_helped == ANSWERS["what_helped"]
    assert link.learning == "Escalate sooner."
    received = case.review.events.get(type=EventType.FEEDBACK_RECEIVED)
    assert received.actor is None
    assert received.detail == {
        "event": "practitioner learning event",
        "event_id": link.place.event_id,
    }

    again = client.get(path)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    second = client.post(path, {**ANSWERS, "learning": "Something else."})
    assert second.status_code == 410
    link.refresh_from_db()
    assert link.learning == "Escalate sooner."
    assert case.review.events.filter(type=EventType.FEEDBACK_RECEIVED).count() == 1


def test_the_second_of_two_answers_is_refused(
    links: dict[str, str], people: dict[str, Participant]
) -> None:
    token = token_of(links[people["dana"].email])
    give_feedback(token, **ANSWERS)

    with pytest.raises(FeedbackLinkUsedError):
        give_feedback(token, **{**ANSWERS, "what_helped": "Overwritten?"})

    assert (
        FeedbackLink.objects.get(place__participant=people["dana"]).what_helped
        == (ANSWERS["what_helped"])
    )


def test_at_least_one_answer_is_needed_and_long_answers_are_refused(
    client: Client, links: dict[str, str], people: dict[str, Participant]
) -> None:
    path = links[people["dana"].email]

    empty = client.post(path, {"support_needed": "A call, please."})
    long = client.post(path, {"what_helped": "x" * 5001})

    assert empty.status_code == 400
    assert "Answer at least one of the first three questions" in empty.content.decode()
    assert long.status_code == 400
    assert "must be 5,000 characters or fewer" in long.content.decode()
    assert FeedbackLink.objects.get(place__participant=people["dana"]).used_at is None
