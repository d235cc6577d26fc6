"""Recording how each organisation shared a review's learning, and the list of it: who may
record for which organisation, what is refused, and who sees which records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_user
from conftest import sign_in
from reviews.actions.base import ActionError
from reviews.actions.learning.sharing import record_dissemination
from reviews.event_types import EventType, describe
from reviews.models import Dissemination, Event, Review, ReviewKind, ReviewRole
from reviews.tests.factories import join, make_review

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(review, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return review


def _form(organisation: Organisation, **changes: str) -> dict[str, str]:
    data = {
        "organisation": str(organisation.pk),
        "shared_on-day": "3",
        "shared_on-month": "6",
        "shared_on-year": "2026",
        "method": Dissemination.Method.TEAM_MEETING.value,
        "practitioners_reached": "25",
        "note": "Two locality teams.",
    }
    return data | changes


def _add_url(review: Review) -> str:
    return reverse("reviews:dissemination-add", kwargs={"pk": review.pk})


def _list_url(review: Review) -> str:
    return reverse("reviews:dissemination", kwargs={"pk": review.pk})


def _share(review: Review, by: User, organisation: Organisation, reached: int, **kw: Any) -> None:
    record_dissemination(
        review,
        by=by,
        organisation=organisation,
        shared_on=kw.get("shared_on", dt.date(2026, 6, 1)),
        method=kw.get("method", Dissemination.Method.TRAINING),
        practitioners_reached=reached,
        note=kw.get("note", ""),
    )


def test_the_business_team_records_for_any_organisation(
    client: Client, review: Review, business_team_member: User, icb: Organisation
) -> None:
    sign_in(client, business_team_member)

    response = client.post(_add_url(review), _form(icb))

    assert response.status_code == 302
    assert response["Location"] == _list_url(review)
    record = Dissemination.objects.get(review=review)
    assert (record.organisation, record.shared_on, record.practitioners_reached) == (
        icb,
        dt.date(2026, 6, 3),
        25,
    )
    assert record.recorded_by == business_team_member
    event = Event.objects.get(review=review, type=EventType.LEARNING_SHARED)
    assert describe(event) == "Recorded that Wexmoor ICB shared the learning (team meeting)"


def test_a_partner_lead_records_only_for_their_own_organisation(
    client: Client,
    review: Review,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
) -> None:
    sign_in(client, partner_lead)

    refused = client.post(_add_url(review), _form(icb))
    accepted = client.post(_add_url(review), _form(police))

    assert refused.status_code == 400
    assert "Choose an organisation from the list" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(Dissemination.objects.values_list("organisation", flat=True)) == [police.pk]
    with pytest.raises(ActionError) as refusal:
        _share(review, partner_lead, icb, 3)
    assert refusal.value.field == "organisation"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter how many practitioners were reached"),
        ("lots", "Practitioners reached must be a whole number from 0 to 100,000"),
        ("-1", "Practitioners reached must be a whole number from 0 to 100,000"),
        ("100001", "Practitioners reached must be a whole number from 0 to 100,000"),
        ("9" * 40, "Practitioners reached must be a whole number from 0 to 100,000"),
        ("2.5", "Practitioners reached must be a whole number from 0 to 100,000"),
    ],
)
def test_practitioners_reached_must_be_a_sensible_whole_number(
    client: Client,
    review: Review,
    business_team_member: User,
    police: Organisation,
    value: str,
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = client.post(_add_url(review), _form(police, practitioners_reached=value))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dissemination.objects.exists()
    assert not Event.objects.filter(type=EventType.LEARNING_SHARED).exists()


def test_zero_and_the_largest_number_are_accepted(
    client: Client, review: Review, business_team_member: User, police: Organisation
) -> None:
    sign_in(client, business_team_member)

    for value in ("0", "100000"):
        assert (
            client.post(_add_url(review), _form(police, practitioners_reached=value)).status_code
            == 302
        )

    assert sorted(Dissemination.objects.values_list("practitioners_reached", flat=True)) == [
        0,
        100_000,
    ]


def test_the_date_cannot_be_in_the_future_or_before_the_review(
    client: Client, review: Review, business_team_member: User, police: Organisation
) -> None:
    sign_in(client, business_team_member)

    tomorrow = client.post(_add_url(review), _form(police, **{"shared_on-day": "16"}))
    before = client.post(_add_url(review), _form(police, **{"shared_on-year": "2019"}))
    unreal = client.post(_add_url(review), _form(police, **{"shared_on-day": "31"}))

    assert tomorrow.status_code == before.status_code == unreal.status_code == 400
    assert "Date shared must be today or in the past" in tomorrow.content.decode()
    assert "Date shared must be on or after the day the review started" in before.content.decode()
    assert "Date shared must be a real date" in unreal.content.decode()
    assert not Dissemination.objects.exists()


def test_the_list_gives_each_organisation_and_the_totals(
    client: Client,
    review: Review,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
) -> None:
    team = business_team_member
    _share(review, team, police, 40, note="<script>alert(1)</script>")
    _share(review, team, police, 12, method=Dissemination.Method.NEWSLETTER)
    _share(review, team, school, 8, shared_on=dt.date(2026, 5, 20))
    sign_in(client, team)

    page = client.get(_list_url(review)).content.decode()

    assert "3 records of sharing, reaching 60 practitioners." in page
    assert f'data-testid="total-{police.pk}"><strong>52</strong>' in page
    assert f'data-testid="total-{school.pk}"><strong>8</strong>' in page
    assert "Monday 1 June 2026" in page
    assert "Newsletter" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_an_agency_contributor_sees_and_records_only_for_their_own_organisation(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> None:
    _share(review, business_team_member, police, 40, note="Police training day")
    _share(review, business_team_member, school, 8, note="School staff meeting")
    sign_in(client, agency_contributor)

    page = client.get(_list_url(review))
    form = client.get(_add_url(review))
    recorded = client.post(_add_url(review), _form(school))
    refused = client.post(_add_url(review), _form(police))

    assert page.status_code == 200
    assert "School staff meeting" in page.content.decode()
    assert "Police training day" not in page.content.decode()
    assert "Wexmoor Police" not in page.content.decode()
    assert form.status_code == 200
    assert "Wexmoor Police" not in form.content.decode()
    assert recorded.status_code == 302
    assert refused.status_code == 400
    assert Dissemination.objects.filter(organisation=school).count() == 2


def test_people_without_an_organisation_or_a_part_are_refused(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    auditor: User,
    outsider: User,
    police: Organisation,
) -> None:
    legal = make_user(partnership=partnership, email="legal@wtp.example", full_name="Legal Test")
    join(review, legal, ReviewRole.LEGAL_REPRESENTATIVE, by=business_team_member)
    bystander = employ(
        make_user(partnership=partnership, email="by@wtp.example", full_name="By Test"), police
    )
    expected = {
        legal: (200, 403, 403),  # reads the review, speaks for no organisation
        auditor: (404, 404, 404),
        bystander: (404, 404, 404),  # same partnership, no part in the review
        outsider: (404, 404, 404),  # another partnership
    }
    for user, (reads, opens_form, posts) in expected.items():
        sign_in(client, user)
        assert client.get(_list_url(review)).status_code == reads, user.email
        assert client.get(_add_url(review)).status_code == opens_form, user.email
        assert client.post(_add_url(review), _form(police)).status_code == posts, user.email
    assert not Dissemination.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(
    client: Client,
    review: Review,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    icb: Organisation,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    sign_in(client, business_team_member)
    _share(review, business_team_member, police, 1)
    client.get(_list_url(review))  # the session and the like, loaded once
    with django_assert_max_num_queries(20) as few:
        client.get(_list_url(review))
    for organisation in (police, school, icb) * 5:
        _share(review, business_team_member, organisation, 3)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_list_url(review))

    assert "16 records of sharing" in response.content.decode()
