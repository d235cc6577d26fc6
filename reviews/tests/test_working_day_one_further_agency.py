"""Asking a further agency that a statutory partner named (a school, Cafcass, ...)."""

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
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.working_day_one import add_further_agency
from reviews.event_types import EventType
from reviews.models import InformationRequest, Review, ReviewMember, ReviewRole
from reviews.tests.working_day_one_setup import (
    PSEUDONYM,
    WORKING_DAY_FIVE,
    WORKING_DAY_ONE,
    ask_partners,
    body_of,
    mail_to,
    open_rapid_review,
    staff,
)

Kind = Organisation.Kind


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User, police: Organisation) -> Review:
    """A rapid review where the police have been asked (and so can name agencies)."""
    review = open_rapid_review(partnership, by=business_team_member)
    ask_partners(
        review, by=business_team_member, contributors={police: staff(police, "Pat Constable")}
    )
    return review


@pytest.fixture
def cafcass(partnership: Partnership) -> Organisation:
    return make_organisation(partnership=partnership, name="Cafcass Wexmoor", kind=Kind.CAFCASS)


def _form(organisation: Organisation, named_by: Organisation, person: User) -> dict[str, str]:
    return {
        "organisation": str(organisation.pk),
        "named_by": str(named_by.pk),
        "contributor": str(person.pk),
    }


def test_the_page_offers_agencies_not_yet_asked_and_their_people(
    client: Client,
    review: Review,
    business_team_member: User,
    school: Organisation,
    cafcass: Organisation,
    agency_contributor: User,
    police: Organisation,
    icb: Organisation,
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:add-agency", kwargs={"pk": review.pk})).content.decode()

    assert f'<option value="{school.pk}">Hollin Test School</option>' in page
    assert f'<option value="{cafcass.pk}">Cafcass Wexmoor</option>' in page
    assert f'<option value="{police.pk}">Wexmoor Police</option>' in page  # named_by
    assert f'<option value="{icb.pk}">' not in page  # not asked, so cannot have named anyone
    assert "Colin Test (Hollin Test School)" in page
    assert "Information is due by Friday 13 March 2026 (working day 5)" in page


def test_asking_an_agency_sends_its_request_and_makes_the_person_a_contributor(
    client: Client,
    review: Review,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    police: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:add-agency", kwargs={"pk": review.pk}),
            _form(school, police, agency_contributor),
        )

    assert response.status_code == 302
    request = InformationRequest.objects.get(review=review, organisation=school)
    assert (request.contributor, request.named_by, request.due_on, request.sent_by) == (
        agency_contributor,
        police,
        WORKING_DAY_FIVE,
        business_team_member,
    )
    assert ReviewMember.objects.filter(
        review=review,
        user=agency_contributor,
        role=ReviewRole.AGENCY_CONTRIBUTOR,
        organisation=school,
    ).exists()
    (message,) = mail_to(agency_contributor.email)
    assert message.subject.startswith(f"{review.case_code}: request for information, due ")
    assert "Please return it by Friday 13 March 2026." in body_of(message)
    assert "National Child Safeguarding Practice Review Panel" in body_of(message)
    assert PSEUDONYM not in body_of(message)
    event = review.events.filter(type=EventType.REQUEST_SENT).first()
    assert event is not None
    assert (event.detail["organisation"], event.detail["named_by"]) == (
        "Hollin Test School",
        "Wexmoor Police",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the agency to ask"),
        ({"organisation": "SCHOOL", "named_by": "POLICE"}, "Choose who will answer for the agency"),
        (
            {"organisation": "SCHOOL", "contributor": "COLIN"},
            "Choose the statutory partner that named the agency",
        ),
        (
            {"organisation": "CAFCASS", "named_by": "POLICE", "contributor": "COLIN"},
            "Choose someone who works at Cafcass Wexmoor",
        ),
        (
            {"organisation": "THEIRS", "named_by": "POLICE", "contributor": "COLIN"},
            "Choose an agency from the list",
        ),
        (
            {"organisation": "POLICE", "named_by": "POLICE", "contributor": "COLIN"},
            "Choose an agency from the list",
        ),
        (
            {"organisation": "SCHOOL", "named_by": "ICB", "contributor": "COLIN"},
            "Choose a statutory partner from the list",
        ),
        (
            {"organisation": "SCHOOL", "named_by": "SCHOOL", "contributor": "COLIN"},
            "Choose a statutory partner from the list",
        ),
        (
            {"organisation": "SCHOOL", "named_by": "POLICE", "contributor": "PAT"},
            "Choose a person from the list",
        ),
        (
            {
                "organisation": "<script>alert(1)</script>",
                "named_by": "POLICE",
                "contributor": "COLIN",
            },
            "Choose an agency from the list",
        ),
        (
            {"organisation": "9" * 5000, "named_by": "POLICE", "contributor": "COLIN"},
            "Choose an agency from the list",
        ),
    ],
)
def test_bad_choices_are_refused_with_a_message_and_nothing_is_sent(
    client: Client,
    review: Review,
    business_team_member: User,
    school: Organisation,
    cafcass: Organisation,
    agency_contributor: User,
    police: Organisation,
    icb: Organisation,
    other_partnership: Partnership,
    data: dict[str, str],
    message: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    theirs = make_organisation(partnership=other_partnership, name="Elsewhere School")
    pat = InformationRequest.objects.get(review=review, organisation=police).contributor
    assert pat is not None
    names = {
        "SCHOOL": school.pk,
        "CAFCASS": cafcass.pk,
        "POLICE": police.pk,
        "ICB": icb.pk,
        "THEIRS": theirs.pk,
        "COLIN": agency_contributor.pk,
        "PAT": pat.pk,
    }
    posted = {key: str(names.get(value, value)) for key, value in data.items()}
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:add-agency", kwargs={"pk": review.pk}), posted)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "<title>Error: " in page
    assert "<script>alert" not in page
    assert InformationRequest.objects.filter(review=review).count() == 1
    assert mail.outbox == []


def test_an_agency_cannot_be_asked_twice(
    client: Client,
    review: Review,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    police: Organisation,
) -> None:
    add_further_agency(
        review,
        by=business_team_member,
        organisation=school,
        named_by=police,
        contributor=agency_contributor,
    )
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:add-agency", kwargs={"pk": review.pk}),
        _form(school, police, agency_contributor),
    )
    with pytest.raises(ActionError, match="has already been sent a request"):
        add_further_agency(
            review,
            by=business_team_member,
            organisation=school,
            named_by=police,
            contributor=agency_contributor,
        )

    assert response.status_code == 400
    assert "Choose an agency from the list" in response.content.decode()
    assert "Hollin Test School" in response.content.decode()  # listed as already asked
    assert InformationRequest.objects.filter(review=review, organisation=school).count() == 1


def test_the_action_refuses_what_the_form_never_offers(
    review: Review,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    police: Organisation,
    icb: Organisation,
    other_partnership: Partnership,
) -> None:
    theirs = make_organisation(partnership=other_partnership, name="Elsewhere School")
    stranger = staff(theirs, "Otto Elsewhere")
    pat = InformationRequest.objects.get(review=review, organisation=police).contributor
    assert pat is not None
    attempts: list[tuple[dict[str, object], str]] = [
        ({"organisation": theirs, "contributor": stranger}, "in this partnership"),
        ({"contributor": pat}, "Choose someone who works at Hollin Test School"),
        ({"organisation": police, "contributor": pat}, "is a statutory partner"),
        ({"named_by": icb}, "Wexmoor ICB has not been asked"),
        ({"named_by": school}, "Choose the statutory partner that named the agency"),
        ({"due_on": dt.date(2026, 3, 6)}, "cannot be in the past"),
        ({"due_on": dt.date(2031, 3, 6)}, "must be within a year"),
    ]
    for changes, message in attempts:
        arguments: dict[str, object] = {
            "organisation": school,
            "named_by": police,
            "contributor": agency_contributor,
            **changes,
        }
        with pytest.raises(ActionError, match=message):
            add_further_agency(review, by=business_team_member, **arguments)  # type: ignore[arg-type]

    assert InformationRequest.objects.filter(review=review).count() == 1


def test_once_working_day_five_has_passed_the_team_sets_the_due_date(
    client: Client,
    review: Review,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    police: Organisation,
) -> None:
    # Friday 20 March 2026: working day 5 was the week before.
    with time_machine.travel(dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC), tick=False):
        sign_in(client, business_team_member)
        url = reverse("reviews:add-agency", kwargs={"pk": review.pk})
        page = client.get(url).content.decode()
        missing = client.post(url, _form(school, police, agency_contributor))
        response = client.post(
            url,
            {
                **_form(school, police, agency_contributor),
                "due_on-day": "24",
                "due_on-month": "3",
                "due_on-year": "2026",
            },
        )

    assert "Friday 13 March 2026, has passed" in page
    # Two working days from Friday 20 March: Tuesday 24 March.
    assert 'name="due_on-day" type="text" value="24"' in page
    assert "Enter the date the information is due" in missing.content.decode()
    assert response.status_code == 302
    assert InformationRequest.objects.get(organisation=school).due_on == dt.date(2026, 3, 24)


def test_only_the_business_team_asks_agencies(
    client: Client,
    review: Review,
    school: Organisation,
    agency_contributor: User,
    police: Organisation,
    outsider: User,
) -> None:
    pat = InformationRequest.objects.get(review=review, organisation=police).contributor
    assert pat is not None
    url = reverse("reviews:add-agency", kwargs={"pk": review.pk})

    sign_in(client, pat)
    as_lead = client.post(url, _form(school, police, agency_contributor))
    sign_in(client, outsider)
    as_outsider = client.post(url, _form(school, police, agency_contributor))

    assert (as_lead.status_code, as_outsider.status_code) == (403, 404)
    assert not InformationRequest.objects.filter(organisation=school).exists()


def test_the_page_makes_the_same_number_of_queries_however_many_agencies(
    client: Client,
    partnership: Partnership,
    review: Review,
    business_team_member: User,
    school: Organisation,
    agency_contributor: User,
    police: Organisation,
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:add-agency", kwargs={"pk": review.pk})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    add_further_agency(
        review,
        by=business_team_member,
        organisation=school,
        named_by=police,
        contributor=agency_contributor,
    )
    for n in range(6):
        agency = make_organisation(partnership=partnership, name=f"Testshire Health {n}")
        staff(agency, f"Nurse Number{n}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
