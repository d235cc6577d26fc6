"""The review's timeline, and confirming it with the partners on working day 1."""

from __future__ import annotations

import datetime as dt
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
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.working_day_one import confirm_timeline
from reviews.event_types import EventType
from reviews.models import Review, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests.factories import join
from reviews.tests.working_day_one_setup import (
    PSEUDONYM,
    WORKING_DAY_ONE,
    ask_partners,
    body_of,
    mail_to,
    open_rapid_review,
    staff,
)


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return open_rapid_review(partnership, by=business_team_member)


@pytest.fixture
def leads(
    review: Review,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
) -> dict[Organisation, User]:
    """Ask the three partners, which makes the people answering their leads."""
    contributors = {
        police: staff(police, "Pat Constable"),
        icb: staff(icb, "Isla Nurse"),
        childrens_social_care: staff(childrens_social_care, "Sol Worker"),
    }
    ask_partners(review, by=business_team_member, contributors=contributors)
    return contributors


def _confirm(client: Client, review: Review, day: str = "9") -> int:
    response = client.post(
        reverse("reviews:timeline", kwargs={"pk": review.pk}),
        {"confirmed_on-day": day, "confirmed_on-month": "3", "confirmed_on-year": "2026"},
    )
    return response.status_code


def test_the_page_shows_every_step_with_its_due_date_in_full(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:timeline", kwargs={"pk": review.pk})).content.decode()

    assert "Counted from Friday 6 March 2026 (working day 0)" in page
    assert "Send the requests for information" in page
    assert "Friday 13 March 2026" in page  # working day 5
    assert "Monday 23 March 2026" in page  # working day 11
    assert "Friday 27 March 2026" in page  # working day 15
    assert "How this date was worked out" in page
    assert page.index("Return the requested information") < page.index("Hold the decision meeting")


def test_confirming_emails_the_timeline_to_the_partner_leads(
    client: Client,
    review: Review,
    business_team_member: User,
    leads: dict[Organisation, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        status = _confirm(client, review)

    assert status == 302
    assert len(mail.outbox) == 3
    for lead in leads.values():
        (message,) = mail_to(lead.email)
        body = body_of(message)
        assert message.subject.startswith(f"{review.case_code}: ")
        assert "- Send the requests for information: due Monday 9 March 2026" in body
        assert "- Hold the decision meeting: due Monday 23 March 2026" in body
        assert f"http://127.0.0.1:8000/reviews/{review.pk}/timeline/" in body
        assert PSEUDONYM not in body
        assert PSEUDONYM not in message.subject
    event = review.events.get(type=EventType.TIMELINE_CONFIRMED)
    assert event.detail["confirmed_on"] == "Monday 9 March 2026"
    assert sorted(event.detail["sent_to"]) == ["Isla Nurse", "Pat Constable", "Sol Worker"]
    step = StepRecord.objects.get(review=review, key=Step.CONFIRM_TIMELINE)
    assert (step.completed_on, step.completed_by) == (dt.date(2026, 3, 9), business_team_member)


def test_confirming_again_resends_but_keeps_the_step_date(
    review: Review,
    business_team_member: User,
    leads: dict[Organisation, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    confirm_timeline(review, by=business_team_member, confirmed_on=dt.date(2026, 3, 6))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        confirm_timeline(review, by=business_team_member, confirmed_on=dt.date(2026, 3, 9))

    assert len(mail.outbox) == 3
    assert review.events.filter(type=EventType.TIMELINE_CONFIRMED).count() == 2
    assert StepRecord.objects.get(review=review, key=Step.CONFIRM_TIMELINE).completed_on == dt.date(
        2026, 3, 6
    )


def test_with_no_partner_lead_yet_nothing_is_sent_and_the_page_says_why(
    client: Client,
    review: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:timeline", kwargs={"pk": review.pk}),
            {"confirmed_on-day": "9", "confirmed_on-month": "3", "confirmed_on-year": "2026"},
        )

    assert response.status_code == 400
    assert "Send the requests for information first" in response.content.decode()
    assert mail.outbox == []
    assert not review.events.filter(type=EventType.TIMELINE_CONFIRMED).exists()
    assert not StepRecord.objects.filter(review=review, key=Step.CONFIRM_TIMELINE).exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("", "Date confirmed with the partners must include a day"),
        ("10", "Date confirmed with the partners must be today or in the past"),
        ("5", "cannot be before the review started, Friday 6 March 2026"),
        ("32", "Date confirmed with the partners must be a real date"),
        ("<script>", "Date confirmed with the partners must be a real date"),
        ("1" * 10000, "Date confirmed with the partners must be a real date"),
    ],
)
def test_a_bad_date_is_refused_with_a_message(
    client: Client,
    review: Review,
    business_team_member: User,
    leads: dict[Organisation, User],
    day: str,
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:timeline", kwargs={"pk": review.pk}),
        {"confirmed_on-day": day, "confirmed_on-month": "3", "confirmed_on-year": "2026"},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not review.events.filter(type=EventType.TIMELINE_CONFIRMED).exists()


def test_the_action_refuses_a_future_date(
    review: Review, business_team_member: User, leads: dict[Organisation, User]
) -> None:
    with pytest.raises(ActionError, match="cannot be in the future"):
        confirm_timeline(review, by=business_team_member, confirmed_on=dt.date(2026, 3, 10))


def test_partner_leads_read_the_timeline_but_cannot_confirm_it(
    client: Client, review: Review, leads: dict[Organisation, User], police: Organisation
) -> None:
    sign_in(client, leads[police])
    url = reverse("reviews:timeline", kwargs={"pk": review.pk})

    page = client.get(url).content.decode()

    assert "Friday 13 March 2026" in page
    assert "Send the timeline to the partner leads" not in page
    assert _confirm(client, review) == 403


def test_outsiders_and_agencies_are_refused(
    client: Client,
    review: Review,
    business_team_member: User,
    outsider: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    join(
        review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )

    sign_in(client, outsider)
    assert _confirm(client, review) == 404
    sign_in(client, agency_contributor)
    assert _confirm(client, review) == 403
    assert client.get(reverse("reviews:timeline", kwargs={"pk": review.pk})).status_code == 403


def test_the_page_makes_the_same_number_of_queries_however_much_has_happened(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    leads: dict[Organisation, User],
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:timeline", kwargs={"pk": review.pk})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    confirm_timeline(review, by=business_team_member, confirmed_on=dt.date(2026, 3, 9))
    for _ in range(6):
        join(
            review,
            make_user(partnership=partnership),
            ReviewRole.PANEL_MEMBER,
            by=business_team_member,
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
