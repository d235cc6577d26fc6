"""Real identities stay apart: only the business team sees them, after giving a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions import ActionError
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, IdentityRecord, Review, ReviewRole
from reviews.tests.factories import join, make_review

REAL_NAME = "Jessamy Quillfeather"  # fictional


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    actions.record_identity(
        review,
        by=business_team_member,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym="Child A",
        real_name=REAL_NAME,
        aliases="Jess Q",
        date_of_birth=dt.date(2019, 4, 2),
        address="1 Fictional Row, Wexmoor",
        school="Hollin Test School",
    )
    return review


def test_the_business_team_sees_identities_after_giving_a_reason(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:identities", kwargs={"pk": review.pk})

    asked = client.get(url)
    shown = client.post(
        url, {"reason": "Checking the report draft for identifying details"}, REMOTE_ADDR="10.9.8.7"
    )

    assert REAL_NAME not in asked.content.decode()
    assert REAL_NAME in shown.content.decode()
    assert shown["Cache-Control"].startswith("max-age=0")
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.VIEWED_IDENTITY)
    assert entry.user == business_team_member
    assert entry.review == review
    assert entry.reason == "Checking the report draft for identifying details"
    assert entry.ip_address == "10.9.8.7"
    assert review.events.filter(type=EventType.IDENTITIES_VIEWED).count() == 1


@pytest.mark.parametrize("reason", ["", "   ", "because", "x" * 2001])
def test_a_missing_or_thin_reason_shows_nothing_and_logs_nothing(
    client: Client, review: Review, business_team_member: User, reason: str
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:identities", kwargs={"pk": review.pk}), {"reason": reason}
    )

    assert response.status_code == 400
    assert REAL_NAME not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.VIEWED_IDENTITY).exists()


def test_the_action_itself_refuses_a_thin_reason(
    review: Review, business_team_member: User
) -> None:
    with pytest.raises(ActionError):
        actions.reveal_identities(review, by=business_team_member, reason="x")


def test_a_partner_lead_cannot_see_identities_even_as_a_member(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, partner_lead)

    response = client.post(
        reverse("reviews:identities", kwargs={"pk": review.pk}),
        {"reason": "I would like to see the names please"},
    )

    assert response.status_code == 403
    assert REAL_NAME not in response.content.decode()


def test_no_page_of_the_review_shows_the_real_identity(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    pages = [
        reverse("reviews:list"),
        reverse("reviews:detail", kwargs={"pk": review.pk}),
        reverse("reviews:history", kwargs={"pk": review.pk}),
        reverse("reviews:members", kwargs={"pk": review.pk}),
        reverse("reviews:access-log"),
    ]
    for page in pages:
        content = client.get(page).content.decode()
        for value in (REAL_NAME, "Jess Q", "1 Fictional Row", "2019"):
            assert value not in content, (page, value)


def test_the_event_for_a_recorded_identity_names_the_pseudonym_only(review: Review) -> None:
    event = review.events.get(type=EventType.IDENTITY_RECORDED)
    assert REAL_NAME not in str(event.detail)
    assert event.detail["pseudonym"] == "Child A"


def test_correcting_an_identity_keeps_the_previous_value_in_its_history(
    review: Review, business_team_member: User
) -> None:
    record = review.identities.get()

    actions.update_identity(
        record, by=business_team_member, expected_version=1, real_name="Jessamy Q. Quillfeather"
    )

    record.refresh_from_db()
    assert record.real_name == "Jessamy Q. Quillfeather"
    assert record.history.order_by("history_date")[0].real_name == REAL_NAME
    event = review.events.get(type=EventType.IDENTITY_CHANGED)
    assert event.detail["changes"] == ["real_name"]
    assert REAL_NAME not in str(event.detail)
