"""Confirming the period under review on working day 1 (confirm-scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.working_day_one import confirm_period
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole, StepRecord
from reviews.process import Step
from reviews.reads.working_day_one import default_period
from reviews.tests.factories import join, make_review
from reviews.tests.working_day_one_setup import WORKING_DAY_ONE, holder, open_rapid_review

Role = PartnershipRole.Role


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return open_rapid_review(partnership, by=business_team_member)


@pytest.fixture
def subgroup_chair(partnership: Partnership) -> User:
    return holder(partnership, Role.CSPR_SUBGROUP_CHAIR, "Sam Chairwood")


@pytest.fixture
def partnership_chair(partnership: Partnership) -> User:
    return holder(partnership, Role.PARTNERSHIP_CHAIR, "Gwen Hartfield")


def _data(review: Review, chair: User, changes: dict[str, str] | None = None) -> dict[str, str]:
    data = {
        "version": str(review.version),
        "start-day": "1",
        "start-month": "3",
        "start-year": "2025",
        "end-day": "1",
        "end-month": "3",
        "end-year": "2026",
        "chair": str(chair.pk),
        "confirmed_on-day": "9",
        "confirmed_on-month": "3",
        "confirmed_on-year": "2026",
    }
    data.update(changes or {})
    return data


def _post(client: Client, review: Review, data: dict[str, str]) -> HttpResponse:
    response = client.post(reverse("reviews:period", kwargs={"pk": review.pk}), data)
    assert isinstance(response, HttpResponse)
    return response


def test_the_form_offers_the_twelve_months_before_the_incident(
    client: Client, review: Review, business_team_member: User, subgroup_chair: User
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:period", kwargs={"pk": review.pk})).content.decode()

    assert "the 12 months before the incident on Sunday 1 March 2026" in page
    assert 'name="start-day" type="text" value="1"' in page
    assert 'name="start-year" type="text" value="2025"' in page
    assert 'name="end-year" type="text" value="2026"' in page
    assert 'name="confirmed_on-day" type="text" value="9"' in page
    assert "Sam Chairwood" in page


def test_the_default_start_clamps_a_leap_day_to_the_end_of_february() -> None:
    assert default_period(dt.date(2028, 2, 29)) == (dt.date(2027, 2, 28), dt.date(2028, 2, 29))
    assert default_period(dt.date(2026, 3, 1)) == (dt.date(2025, 3, 1), dt.date(2026, 3, 1))


def test_the_business_team_records_the_period_the_subgroup_chair_confirmed(
    client: Client, review: Review, business_team_member: User, subgroup_chair: User
) -> None:
    sign_in(client, business_team_member)

    response = _post(client, review, _data(review, subgroup_chair, {"confirmed_on-day": "9"}))

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.period_start, review.period_end, review.period_confirmed_by) == (
        dt.date(2025, 3, 1),
        dt.date(2026, 3, 1),
        subgroup_chair,
    )
    assert ReviewMember.objects.filter(
        review=review, user=subgroup_chair, role=ReviewRole.SUBGROUP_CHAIR, active=True
    ).exists()
    event = review.events.get(type=EventType.PERIOD_CONFIRMED)
    assert event.detail["period"] == "Saturday 1 March 2025 to Sunday 1 March 2026"
    assert event.detail["chair"] == "Sam Chairwood"
    step = StepRecord.objects.get(review=review, key=Step.CONFIRM_SCOPE)
    assert step.completed_on == dt.date(2026, 3, 9)


def test_the_partnership_chair_confirms_in_the_subgroup_chairs_absence(
    client: Client,
    review: Review,
    business_team_member: User,
    subgroup_chair: User,
    partnership_chair: User,
) -> None:
    sign_in(client, business_team_member)
    page = client.get(reverse("reviews:period", kwargs={"pk": review.pk})).content.decode()

    response = _post(client, review, _data(review, partnership_chair))

    assert "CSPR subgroup chair" in page
    assert "Partnership chair, in the subgroup chair&#39;s absence" in page
    assert page.index("Sam Chairwood") < page.index("Gwen Hartfield")
    assert response.status_code == 302
    assert ReviewMember.objects.filter(
        review=review, user=partnership_chair, role=ReviewRole.PARTNERSHIP_CHAIR
    ).exists()


def test_correcting_the_period_keeps_the_date_the_step_was_done(
    client: Client, review: Review, business_team_member: User, subgroup_chair: User
) -> None:
    sign_in(client, business_team_member)
    _post(client, review, _data(review, subgroup_chair, {"confirmed_on-day": "6"}))
    review.refresh_from_db()

    response = _post(client, review, _data(review, subgroup_chair, {"start-year": "2024"}))

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.period_start == dt.date(2024, 3, 1)
    assert review.events.filter(type=EventType.PERIOD_CONFIRMED).count() == 2
    assert StepRecord.objects.get(review=review, key=Step.CONFIRM_SCOPE).completed_on == dt.date(
        2026, 3, 6
    )
    assert ReviewMember.objects.filter(review=review, user=subgroup_chair).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"start-day": "", "start-month": "", "start-year": ""},
            "Enter the date the period starts",
        ),
        ({"end-month": ""}, "End of the period must include a month"),
        ({"start-day": "thirty"}, "Start of the period must be a real date"),
        ({"start-day": "31", "start-month": "2"}, "Start of the period must be a real date"),
        ({"end-year": "26"}, "Year in end of the period must include 4 numbers"),
        ({"start-day": "9" * 5000}, "Start of the period must be a real date"),
        ({"start-day": "<script>alert(1)</script>"}, "Start of the period must be a real date"),
        ({"start-year": "2026", "start-month": "3", "start-day": "2"}, "must be after the date"),
        ({"end-day": "2"}, "must end by the incident, Sunday 1 March 2026"),
        ({"end-year": "2027"}, "End of the period must be today or in the past"),
        ({"start-year": "1990"}, "can be at most 25 years long"),
        ({"confirmed_on-day": "10"}, "Date confirmed must be today or in the past"),
        ({"confirmed_on-day": "5"}, "cannot be before the review started, Friday 6 March 2026"),
        ({"chair": ""}, "Choose who confirmed the period under review"),
        ({"chair": "CHAIRLESS"}, "Choose who confirmed the period from the list"),
        ({"chair": "<script>"}, "Choose who confirmed the period from the list"),
        ({"chair": "1" * 400}, "Choose who confirmed the period from the list"),
        ({"version": "latest"}, "Enter a whole number"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_is_saved(
    client: Client,
    review: Review,
    business_team_member: User,
    subgroup_chair: User,
    changes: dict[str, str],
    message: str,
) -> None:
    if changes.get("chair") == "CHAIRLESS":
        # Someone in the partnership who chairs nothing.
        changes = {"chair": str(business_team_member.pk)}
    sign_in(client, business_team_member)

    response = _post(client, review, _data(review, subgroup_chair, changes))

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "<title>Error: " in page
    assert "<script>alert" not in page
    review.refresh_from_db()
    assert review.period_start is None
    assert not review.events.filter(type=EventType.PERIOD_CONFIRMED).exists()
    assert not StepRecord.objects.filter(review=review, key=Step.CONFIRM_SCOPE).exists()


def test_a_chair_of_another_partnership_is_refused_by_the_action(
    review: Review, business_team_member: User, other_partnership: Partnership
) -> None:
    theirs = holder(other_partnership, Role.CSPR_SUBGROUP_CHAIR, "Otto Elsewhere")

    with pytest.raises(ActionError, match="Choose the CSPR subgroup chair") as refusal:
        confirm_period(
            review,
            by=business_team_member,
            expected_version=review.version,
            start=dt.date(2025, 3, 1),
            end=dt.date(2026, 3, 1),
            chair=theirs,
            confirmed_on=dt.date(2026, 3, 9),
        )

    assert refusal.value.field == "chair"


def test_a_stale_form_shows_both_versions_and_overwrites_nothing(
    client: Client, review: Review, business_team_member: User, subgroup_chair: User
) -> None:
    stale = _data(review, subgroup_chair, {"start-year": "2024"})
    confirm_period(
        review,
        by=business_team_member,
        expected_version=review.version,
        start=dt.date(2025, 6, 1),
        end=dt.date(2026, 3, 1),
        chair=subgroup_chair,
        confirmed_on=dt.date(2026, 3, 9),
    )
    sign_in(client, business_team_member)

    response = _post(client, review, stale)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved a change while you were editing" in page
    assert "Sunday 1 June 2025" in page  # saved now
    assert "Friday 1 March 2024" in page  # theirs
    review.refresh_from_db()
    assert review.period_start == dt.date(2025, 6, 1)
    assert review.events.filter(type=EventType.EDIT_REFUSED).count() == 1
    assert f'name="version" value="{review.version}"' in page


def test_people_taking_part_read_the_period_but_cannot_change_it(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    subgroup_chair: User,
    police: Organisation,
) -> None:
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    confirm_period(
        review,
        by=business_team_member,
        expected_version=review.version,
        start=dt.date(2025, 3, 1),
        end=dt.date(2026, 3, 1),
        chair=subgroup_chair,
        confirmed_on=dt.date(2026, 3, 9),
    )
    sign_in(client, partner_lead)
    url = reverse("reviews:period", kwargs={"pk": review.pk})

    page = client.get(url).content.decode()
    refused = client.post(url, _data(review, subgroup_chair, {"start-year": "2024"}))

    assert "Saturday 1 March 2025" in page
    assert "Sam Chairwood" in page
    assert '<form method="post" novalidate>' not in page
    assert refused.status_code == 403
    review.refresh_from_db()
    assert review.period_start == dt.date(2025, 3, 1)


def test_outsiders_are_told_the_review_does_not_exist(
    client: Client, review: Review, outsider: User, subgroup_chair: User
) -> None:
    sign_in(client, outsider)
    url = reverse("reviews:period", kwargs={"pk": review.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, _data(review, subgroup_chair)).status_code == 404


def test_an_lcspr_has_no_working_day_one(
    client: Client, partnership: Partnership, business_team_member: User, review: Review
) -> None:
    lcspr = make_review(
        partnership=partnership,
        by=business_team_member,
        kind=ReviewKind.LCSPR,
        rapid_review=review,
        origin=dt.date(2026, 3, 6),
    )
    sign_in(client, business_team_member)

    assert client.get(reverse("reviews:period", kwargs={"pk": lcspr.pk})).status_code == 404


def test_the_page_makes_the_same_number_of_queries_however_many_people(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    subgroup_chair: User,
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:period", kwargs={"pk": review.pk})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    for n in range(8):
        holder(partnership, Role.PARTNERSHIP_CHAIR, f"Chair Number{n}")
        join(review, make_user(partnership=partnership), ReviewRole.PANEL_MEMBER, by=subgroup_chair)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
