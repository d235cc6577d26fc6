"""An LCSPR's participants: added, changed, briefed; sensitivity notes private to the review
team."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.events.participants import (
    add_participant,
    change_participant,
    record_participants_briefed,
)
from reviews.event_types import EventType
from reviews.models import Participant, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_events_setup import APRIL_FIRST, TODAY, Case, participant, review_url


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TODAY, tick=False) as traveller:
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


def test_the_author_adds_a_participant_with_a_sensitivity_note(client: Client, case: Case) -> None:
    sign_in(client, case.author)

    response = client.post(
        review_url("participants", case),
        {
            "kind": "practitioner",
            "name": "Dana Field",
            "job_title": "Health visitor",
            "organisation": str(case.police.pk),
            "email": "Dana.Field@Wexmoor.example",
            "sensitive": "on",
            "sensitivity_note": "Under investigation by her employer.",
            "support_in_place": "on",
        },
    )

    assert response.status_code == 302
    dana = Participant.objects.get(review=case.review)
    assert dana.email == "dana.field@wexmoor.example"
    assert dana.sensitive
    assert dana.support_in_place
    assert dana.added_by == case.author
    added = case.review.events.get(type=EventType.PARTICIPANT_ADDED)
    assert "Dana" not in str(added.detail)
    assert added.detail["kind"] == "practitioner"


def test_sensitivity_notes_and_emails_are_for_the_review_team_only(
    client: Client, case: Case
) -> None:
    participant(case, "Dana Field", sensitive=True, note="Under investigation by her employer.")

    for person in (case.panel_member, case.partner_lead):
        sign_in(client, person)
        page = client.get(review_url("participants", case)).content.decode()
        assert "Dana Field" in page
        assert "Wexmoor Police" in page
        assert "Sensitive" in page
        assert "Under investigation" not in page
        assert "dana@wexmoor.example" not in page
    for person in (case.author, case.team):
        sign_in(client, person)
        page = client.get(review_url("participants", case)).content.decode()
        assert "Under investigation by her employer." in page
        assert "dana@wexmoor.example" in page


def test_a_sensitive_participant_needs_a_note_and_an_organisation_of_the_partnership(
    client: Client, case: Case, other_partnership: Partnership
) -> None:
    sign_in(client, case.author)

    response = client.post(
        review_url("participants", case), {"kind": "manager", "name": "Sam Lead", "sensitive": "on"}
    )

    assert response.status_code == 400
    assert "Say why the participant&#39;s involvement is sensitive" in response.content.decode()
    elsewhere = make_organisation(partnership=other_partnership, name="Northfen Police")
    with pytest.raises(ActionError, match="organisation of the partnership"):
        add_participant(
            case.review,
            by=case.author,
            kind=Participant.Kind.MANAGER,
            name="Sam Lead",
            organisation=elsewhere,
        )
    assert not Participant.objects.exists()


def test_the_same_email_address_cannot_be_added_twice(case: Case) -> None:
    participant(case, "Dana Field", email="dana@wexmoor.example")

    with pytest.raises(ActionError, match="already a participant"):
        participant(case, "Dana Fielding", email="DANA@wexmoor.example")


def test_changing_a_participant_is_version_checked(client: Client, case: Case) -> None:
    dana = participant(case, "Dana Field")
    change_participant(
        dana,
        by=case.team,
        expected_version=1,
        kind=Participant.Kind.PRACTITIONER,
        name="Dana Field",
        job_title="Senior social worker",
        organisation=case.police,
        email=dana.email,
    )
    sign_in(client, case.author)
    form = client.get(review_url("participant-edit", case, participant_pk=dana.pk)).content.decode()
    assert 'value="Senior social worker"' in form
    assert 'name="version" value="2"' in form

    response = client.post(
        review_url("participant-edit", case, participant_pk=dana.pk),
        {
            "version": "1",
            "kind": "practitioner",
            "name": "Dana Field",
            "job_title": "Team manager",
            "email": dana.email,
        },
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Senior social worker" in page
    assert "Team manager" in page
    dana.refresh_from_db()
    assert dana.job_title == "Senior social worker"
    changed = case.review.events.get(type=EventType.PARTICIPANT_CHANGED)
    assert changed.detail["changes"] == ["job_title"]  # names of fields, never their values


def test_a_panel_member_cannot_change_a_participant(client: Client, case: Case) -> None:
    dana = participant(case, "Dana Field")
    sign_in(client, case.panel_member)

    response = client.get(review_url("participant-edit", case, participant_pk=dana.pk))

    assert response.status_code == 403


def test_the_business_team_records_the_participants_briefed(client: Client, case: Case) -> None:
    sign_in(client, case.team)
    refused = client.post(
        review_url("participants-briefed", case), date_fields("briefed_on", APRIL_FIRST)
    )
    assert refused.status_code == 400
    assert "Add the practitioners and managers taking part first" in refused.content.decode()
    participant(case, "Dana Field")

    response = client.post(
        review_url("participants-briefed", case), date_fields("briefed_on", APRIL_FIRST)
    )

    assert response.status_code == 302
    step = StepRecord.objects.get(review=case.review, key=Step.PARTICIPANTS_BRIEFED)
    assert step.completed_on == APRIL_FIRST
    assert "recorded as briefed on Wednesday 1 April 2026" in (
        client.get(review_url("participants", case)).content.decode()
    )
    with pytest.raises(ActionError, match="already recorded as done"):
        record_participants_briefed(case.review, by=case.team, briefed_on=APRIL_FIRST)


def test_the_author_cannot_record_the_briefing(client: Client, case: Case) -> None:
    participant(case, "Dana Field")
    sign_in(client, case.author)

    response = client.post(
        review_url("participants-briefed", case), date_fields("briefed_on", APRIL_FIRST)
    )

    assert response.status_code == 403


def test_the_participants_page_makes_the_same_queries_for_one_or_many(
    client: Client, case: Case, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    participant(case, "Dana Field", sensitive=True, note="Bereaved.")
    sign_in(client, case.team)
    client.get(review_url("participants", case))
    with django_assert_max_num_queries(40) as few:
        client.get(review_url("participants", case))
    for number in range(10):
        participant(case, f"Person{number} Test")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(review_url("participants", case))


def test_a_stale_participant_edit_raises_a_conflict(case: Case) -> None:
    dana = participant(case, "Dana Field")
    change_participant(
        dana,
        by=case.team,
        expected_version=1,
        kind=Participant.Kind.MANAGER,
        name="Dana Field",
    )

    with pytest.raises(EditConflict):
        change_participant(
            dana,
            by=case.author,
            expected_version=1,
            kind=Participant.Kind.PRACTITIONER,
            name="Dana Field",
        )
