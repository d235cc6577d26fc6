"""Practitioners' feedback after a learning event, through a one-time link needing no account.

The link opens one short form and nothing else; it works once and for 30 days; only the
token's SHA-256 is stored; the answers are read by the review team alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import Organisation, Partnership, User
from accounts.tests.helpers import give_device, sign_in_with_password
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.feedback import (
    FeedbackLinkUsedError,
    give_feedback,
    send_feedback_links,
)
from reviews.actions.lcspr.invitations import arrange_learning_event, record_event_held
from reviews.event_types import EventType, describe
from reviews.models import AccessLogEntry, EventKind, FeedbackLink, LearningEvent, Participant
from reviews.tests.lcspr_events_setup import (
    AFTER_THE_EVENT,
    EVENT_START,
    PSEUDONYM,
    Case,
    drafted,
    lcspr_case,
    mail_to,
    participant,
)

LINK = re.compile(r"http://127\.0\.0\.1:8000(/feedback/([A-Za-z0-9_-]+)/)")
ANSWERS = {
    "what_helped": "The chronology was shared early.",
    "what_got_in_the_way": "Nobody owned the referral.",
    "learning": "Escalate sooner.",
    "support_needed": "",
}


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
    with time_machine.travel(EVENT_START - dt.timedelta(days=19), tick=False):
        return lcspr_case(
            partnership,
            team=business_team_member,
            police=police,
            school=school,
            partner_lead=partner_lead,
            agency_contributor=agency_contributor,
            author=independent_author,
        )


@pytest.fixture
def people(case: Case) -> dict[str, Participant]:
    return {
        "dana": participant(case, "Dana Field"),
        "sam": participant(case, "Sam Manager", kind=Participant.Kind.MANAGER),
        "kit": participant(case, "Kit Nomail", email=""),
        "absent": participant(case, "Alex Absent"),
    }


@pytest.fixture
def held(case: Case, people: dict[str, Participant]) -> LearningEvent:
    """The practitioner event, held on Monday 20 April 2026; everyone but Alex attended."""
    with time_machine.travel(EVENT_START - dt.timedelta(days=19), tick=False):
        event = drafted(case)[EventKind.PRACTITIONER_EVENT]
        event = arrange_learning_event(
            event,
            by=case.author,
            expected_version=1,
            starts_at=EVENT_START,
            duration_minutes=180,
            location="Room 4",
            areas_to_explore="",
            invitees=list(people.values()),
        )
    return record_event_held(
        event,
        by=case.author,
        expected_version=event.version,
        held_on=EVENT_START.date(),
        attended=[people[name].pk for name in ("dana", "sam", "kit")],
    )


def _send(
    case: Case, event: LearningEvent, capture: DjangoCaptureOnCommitCallbacks
) -> dict[str, str]:
    """Send the links; return each recipient's link path."""
    mail.outbox.clear()
    with capture(execute=True):
        send_feedback_links(event, by=case.author)
    links: dict[str, str] = {}
    for message in mail.outbox:
        found = LINK.search(str(message.body))
        assert found is not None
        links[message.to[0]] = found.group(1)
    return links


@pytest.fixture
def links(
    case: Case,
    held: LearningEvent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> dict[str, str]:
    return _send(case, held, django_capture_on_commit_callbacks)


def _without_nonce(page: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b"", page)


def _token(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


# Sending the links


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


# The public page


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
    token = _token(links[people["dana"].email])
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
    token = _token(path)

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
    assert _token(links[people["sam"].email]) != token
    assert client.get(links[people["sam"].email]).status_code == 200


# The answers, for the review team only


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
    give_feedback(_token(links[people["dana"].email]), **ANSWERS)

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
