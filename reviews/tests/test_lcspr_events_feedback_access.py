"""What a feedback link opens and who reads the answers: unknown, malformed and expired links
look the same, the token opens nothing else, each look at the answers is logged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.lcspr.events.feedback import give_feedback
from reviews.event_types import describe
from reviews.models import AccessLogEntry, FeedbackLink, LearningEvent, Participant
from reviews.tests import lcspr_events_feedback_setup as setup
from reviews.tests.lcspr_events_feedback_setup import ANSWERS, token_of
from reviews.tests.lcspr_events_setup import AFTER_THE_EVENT, Case


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


def _without_nonce(page: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b"", page)


def test_unknown_malformed_and_expired_links_get_the_same_not_found(
    client: Client,
    links: dict[str, str],
    people: dict[str, Participant],
    clock: time_machine.Traveller,
) -> None:
    path = links[people["dana"].email]
    unknown = client.get(reverse("feedback", kwargs={"token": "A" * 43}))
    malformed = client.get(reverse("feedback", kwargs={"token": "not-a-token"}))
    hashed = client.get(
        reverse(
            "feedback",
            kwargs={
                "token": FeedbackLink.objects.get(place__participant=people["dana"]).token_sha256
            },
        )
    )
    clock.move_to(AFTER_THE_EVENT + dt.timedelta(days=30, seconds=1))
    expired = client.get(path)
    expired_post = client.post(path, ANSWERS)

    elsewhere = client.get("/no-such-page/")

    for response in (unknown, malformed, hashed, expired, expired_post):
        assert response.status_code == 404
        assert _without_nonce(response.content) == _without_nonce(elsewhere.content)
        assert response["Referrer-Policy"] == "no-referrer"
    assert FeedbackLink.objects.get(place__participant=people["dana"]).used_at is None


def test_the_token_opens_nothing_else(
    client: Client, case: Case, links: dict[str, str], people: dict[str, Participant]
) -> None:
    path = links[people["dana"].email]
    client.post(path, ANSWERS)
    token = token_of(path)

    review_page = client.get(
        reverse("reviews:detail", kwargs={"pk": case.review.pk}), {"token": token}
    )
    answers_page = client.get(
        reverse(
            "reviews:feedback-answers",
            kwargs={"pk": case.review.pk, "event_pk": FeedbackLink.objects.first().place.event_id},  # type: ignore[union-attr]
        )
    )
    # The other attendee's link is untouched, and Dana's token does not answer for Sam.
    sam_link = FeedbackLink.objects.get(place__participant=people["sam"])

    assert review_page.status_code == 302
    assert review_page["Location"].startswith(reverse("accounts:sign-in"))
    assert answers_page.status_code == 302
    assert answers_page["Location"].startswith(reverse("accounts:sign-in"))
    assert sam_link.used_at is None
    assert token_of(links[people["sam"].email]) != token
    assert client.get(links[people["sam"].email]).status_code == 200


def test_the_review_team_reads_the_answers_and_each_look_is_logged(
    client: Client,
    case: Case,
    held: LearningEvent,
    links: dict[str, str],
    people: dict[str, Participant],
) -> None:
    client.post(links[people["dana"].email], {**ANSWERS, "support_needed": "<script>x</script>"})
    url = reverse("reviews:feedback-answers", kwargs={"pk": case.review.pk, "event_pk": held.pk})

    for person in (case.author, case.team):
        sign_in(client, person)
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Nobody owned the referral." in page
        assert "&lt;script&gt;x&lt;/script&gt;" in page
        assert "Sam Manager (link expires" in page
    assert AccessLogEntry.objects.filter(review=case.review, user=case.author).exists()


def test_panel_members_and_partner_leads_cannot_read_the_answers(
    client: Client,
    case: Case,
    held: LearningEvent,
    links: dict[str, str],
    people: dict[str, Participant],
) -> None:
    client.post(links[people["dana"].email], ANSWERS)
    url = reverse("reviews:feedback-answers", kwargs={"pk": case.review.pk, "event_pk": held.pk})
    event_url = reverse(
        "reviews:learning-event", kwargs={"pk": case.review.pk, "event_pk": held.pk}
    )

    for person in (case.panel_member, case.partner_lead):
        sign_in(client, person)
        assert client.get(url).status_code == 403
        assert "Nobody owned the referral." not in client.get(event_url).content.decode()
        assert "Read the feedback" not in client.get(event_url).content.decode()


def test_the_event_page_counts_the_answers_for_the_review_team(
    client: Client,
    case: Case,
    held: LearningEvent,
    links: dict[str, str],
    people: dict[str, Participant],
) -> None:
    client.post(links[people["dana"].email], ANSWERS)
    sign_in(client, case.author)

    page = client.get(
        reverse("reviews:learning-event", kwargs={"pk": case.review.pk, "event_pk": held.pk})
    ).content.decode()

    assert "Feedback links sent: 2. Answered: 1." in page


def test_the_feedback_page_needs_no_sign_in_even_with_the_second_factor_on(
    client: Client, settings: Settings, links: dict[str, str], people: dict[str, Participant]
) -> None:
    settings.OTP_REQUIRED = True

    response = client.get(links[people["sam"].email])

    assert response.status_code == 200


def test_every_event_of_the_journey_reads_in_plain_words(
    case: Case, links: dict[str, str], people: dict[str, Participant]
) -> None:
    give_feedback(token_of(links[people["dana"].email]), **ANSWERS)

    described = [describe(event) for event in case.review.events.order_by("pk")]

    assert "Drafted the itinerary with 5 items" in described
    assert (
        "Invited 4 participants to the practitioner learning event on Monday 20 April 2026 "
        "at 9:30am"
    ) in described
    assert "Recorded the practitioner learning event as held on Monday 20 April 2026" in described
    assert "Sent feedback links to 2 participants of the practitioner learning event" in described
    assert "Received a participant's feedback on the practitioner learning event" in described
    assert "Added a participant (manager)" in described
    assert not any("Dana" in text or "{" in text for text in described)
