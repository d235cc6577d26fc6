"""Recording an LCSPR decided before the service was in use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole
from reviews.process import Step
from reviews.tests import lcspr_planning_start_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_planning_start_setup import DECIDED_ON, TODAY, record_old_lcspr


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def rapid_review(partnership: Partnership, business_team_member: User) -> Review:
    return setup.rapid_review(partnership=partnership, business_team_member=business_team_member)


def test_recording_opens_an_lcspr_whose_clock_starts_on_the_decision(
    partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member, rapid_review=rapid_review)

    assert lcspr.kind == ReviewKind.LCSPR
    assert (lcspr.origin, lcspr.pseudonym, lcspr.rapid_review) == (
        DECIDED_ON,
        "Child F",
        rapid_review,
    )
    assert lcspr.ruleset == "wt2023"
    assert ReviewMember.objects.filter(
        review=lcspr, user=business_team_member, role=ReviewRole.BUSINESS_TEAM_LEAD, active=True
    ).exists()
    event = lcspr.events.get(type=EventType.LCSPR_RECORDED)
    assert event.detail["decided_on"] == "Friday 25 September 2026"
    assert event.detail["rapid_review"] == rapid_review.case_code
    assert rapid_review.events.filter(type=EventType.LCSPR_RECORDED).count() == 1


def test_the_ruleset_is_the_one_in_force_on_the_decision_date(
    partnership: Partnership, business_team_member: User
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member, decided_on=dt.date(2023, 6, 1))

    assert lcspr.ruleset == "wt2018"
    assert lcspr.case_code.endswith("23")


def test_publication_is_due_six_calendar_months_after_the_decision(
    partnership: Partnership, business_team_member: User
) -> None:
    lcspr = record_old_lcspr(partnership, business_team_member)
    end_of_august = record_old_lcspr(
        partnership, business_team_member, decided_on=dt.date(2026, 8, 31)
    )

    assert schedule_for(lcspr).step(Step.PUBLISHED).due == dt.date(2027, 3, 25)
    # Clamped to the month's end: 31 August + 6 months is 28 February.
    assert schedule_for(end_of_august).step(Step.PUBLISHED).due == dt.date(2027, 2, 28)


def test_a_future_decision_is_refused(partnership: Partnership, business_team_member: User) -> None:
    with pytest.raises(ActionError) as refusal:
        record_old_lcspr(partnership, business_team_member, decided_on=TODAY + dt.timedelta(days=1))

    assert refusal.value.field == "decided_on"
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()


def test_a_decision_before_any_ruleset_is_refused(
    partnership: Partnership, business_team_member: User
) -> None:
    with pytest.raises(ActionError) as refusal:
        record_old_lcspr(partnership, business_team_member, decided_on=dt.date(2017, 1, 1))

    assert refusal.value.field == "decided_on"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pseudonym": "  "}, "pseudonym"),
        ({"pseudonym": "x" * 101}, "pseudonym"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 5001}, "summary"),
    ],
)
def test_the_details_are_checked(
    partnership: Partnership, business_team_member: User, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        record_old_lcspr(partnership, business_team_member, **changes)

    assert refusal.value.field == field


def test_a_rapid_review_followed_by_an_lcspr_already_is_refused(
    partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    record_old_lcspr(partnership, business_team_member, rapid_review=rapid_review)

    with pytest.raises(ActionError, match="already follows") as refusal:
        record_old_lcspr(partnership, business_team_member, rapid_review=rapid_review)

    assert refusal.value.field == "rapid_review"
    assert rapid_review.lcsprs.count() == 1


def test_another_partnerships_rapid_review_or_an_lcspr_cannot_be_named(
    partnership: Partnership,
    other_partnership: Partnership,
    business_team_member: User,
    outsider: User,
    rapid_review: Review,
) -> None:
    theirs = make_review(partnership=other_partnership, by=outsider)
    lcspr = record_old_lcspr(partnership, business_team_member)

    for named in (theirs, lcspr):
        with pytest.raises(ActionError) as refusal:
            record_old_lcspr(partnership, business_team_member, rapid_review=named)
        assert refusal.value.field == "rapid_review"


def test_only_the_partnerships_own_people_record_its_reviews(
    partnership: Partnership, outsider: User
) -> None:
    with pytest.raises(ActionError):
        record_old_lcspr(partnership, outsider)

    assert not Review.objects.exists()


def test_the_business_team_records_an_lcspr_on_its_page(
    client: Client, partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:record-lcspr")

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "pseudonym": "Child F",
            "summary": "A baby seriously injured at home.",
            "rapid_review": str(rapid_review.pk),
            **date_fields("decided_on", DECIDED_ON),
        },
    )

    assert rapid_review.case_code in page
    lcspr = Review.objects.get(kind=ReviewKind.LCSPR)
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:detail", kwargs={"pk": lcspr.pk})
    assert lcspr.rapid_review == rapid_review


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"pseudonym": "", "summary": "Text", **date_fields("decided_on", DECIDED_ON)},
            "pseudonym",
            "Enter the pseudonym",
        ),
        (
            {
                "pseudonym": "Child F",
                "summary": "Text",
                **date_fields("decided_on", dt.date(2026, 10, 2)),
            },
            "decided_on",
            "Date of the decision to start the review must be today or in the past",
        ),
        (
            {
                "pseudonym": "Child F",
                "summary": "Text",
                "decided_on-day": "31",
                "decided_on-month": "2",
                "decided_on-year": "2026",
            },
            "decided_on",
            "Date of the decision to start the review must be a real date",
        ),
        (
            {"pseudonym": "Child F", "summary": "", **date_fields("decided_on", DECIDED_ON)},
            "summary",
            "Enter a short summary",
        ),
        (
            {
                "pseudonym": "Child F",
                "summary": "Text",
                "rapid_review": "999999",
                **date_fields("decided_on", DECIDED_ON),
            },
            "rapid_review",
            "Choose a rapid review from the list",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client: Client,
    business_team_member: User,
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = client.post(reverse("reviews:record-lcspr"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()


def test_another_partnerships_business_team_cannot_name_our_rapid_review(
    client: Client, outsider: User, rapid_review: Review
) -> None:
    sign_in(client, outsider)

    page = client.get(reverse("reviews:record-lcspr")).content.decode()
    response = client.post(
        reverse("reviews:record-lcspr"),
        {
            "pseudonym": "Child F",
            "summary": "Text",
            "rapid_review": str(rapid_review.pk),
            **date_fields("decided_on", DECIDED_ON),
        },
    )

    assert rapid_review.case_code not in page
    assert response.status_code == 400
    assert not rapid_review.lcsprs.exists()


def test_a_partner_lead_may_not_record_an_lcspr(
    client: Client, partner_lead: User, rapid_review: Review
) -> None:
    sign_in(client, partner_lead)

    assert client.get(reverse("reviews:record-lcspr")).status_code == 403
