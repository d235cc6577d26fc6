"""Who has decided, the step done when every partner asked has, and who may see the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions.decisions import record_partner_decision
from reviews.models import PartnerDecision, ReviewKind, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests import decisions_partner_setup as setup
from reviews.tests.decisions_partner_setup import SECRET, decision_url, decisions_list_url
from reviews.tests.decisions_setup import (
    WORKING_DAY_EIGHT,
    WORKING_DAY_TEN,
    Case,
    answers,
    decide,
    decision_form,
)
from reviews.tests.factories import join, make_review
from reviews.tests.working_day_one_setup import staff


@pytest.fixture(autouse=True)
def _on_working_day_eight() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        yield


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> Case:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        partner_lead=partner_lead,
    )


def test_the_business_team_sees_who_has_decided_with_the_due_date(
    client: Client, case: Case, business_team_member: User
) -> None:
    decide(case, "police")
    sign_in(client, business_team_member)

    page = client.get(decisions_list_url(case)).content.decode()
    with time_machine.travel(WORKING_DAY_TEN, tick=False):
        sign_in(client, business_team_member)  # sessions end after 30 idle minutes
        late = client.get(decisions_list_url(case)).content.decode()

    assert 'Due <time datetime="2026-03-19">Thursday 19 March 2026</time>' in page
    police_row = page.split(f'data-partner="{case.partners["police"].pk}"')[1].split("</tr>")[0]
    icb_row = page.split(f'data-partner="{case.partners["icb"].pk}"')[1].split("</tr>")[0]
    assert "Decided" in police_row
    assert "To do" in icb_row
    assert late.count('govuk-tag--red">Late') == 2


def test_the_business_team_reads_a_decision_but_cannot_record_or_change_one(
    client: Client, case: Case, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    before = client.post(decision_url(case, "icb"), decision_form())
    decide(case, "icb", lcspr_rationale=SECRET)

    read = client.get(decision_url(case, "icb"))
    after = client.post(
        decision_url(case, "icb"), decision_form(version=1, lcspr_rationale="Overruled")
    )

    assert before.status_code == 404
    assert read.status_code == 200
    assert SECRET in read.content.decode()
    assert after.status_code == 403
    assert PartnerDecision.objects.get().lcspr_rationale == SECRET


def test_the_step_is_done_the_day_every_partner_asked_has_decided(case: Case) -> None:
    decide(case, "police")
    decide(case, "icb")
    waiting = StepRecord.objects.filter(review=case.review, key=Step.PARTNER_DECISIONS).exists()

    decide(case, "csc")

    assert not waiting
    step = StepRecord.objects.get(review=case.review, key=Step.PARTNER_DECISIONS)
    assert step.completed_on == WORKING_DAY_EIGHT.date()


def test_a_second_childrens_services_not_asked_is_not_waited_for(
    case: Case, partnership: Partnership
) -> None:
    make_organisation(
        partnership=partnership,
        name="Calder Children's Social Care",
        kind=Organisation.Kind.CHILDRENS_SOCIAL_CARE,
        is_statutory_partner=True,
    )

    for kind in ("police", "icb", "csc"):
        decide(case, kind)

    assert StepRecord.objects.get(review=case.review, key=Step.PARTNER_DECISIONS).completed_on


def test_every_statutory_partner_is_needed_when_none_was_asked(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    partner_lead: User,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    icb_lead = staff(icb, "Ivor Health")
    for lead, organisation in [(partner_lead, police), (icb_lead, icb)]:
        join(
            review,
            lead,
            ReviewRole.STATUTORY_PARTNER_LEAD,
            by=business_team_member,
            organisation=organisation,
        )

    record_partner_decision(
        review, organisation=police, by=partner_lead, expected_version=0, answers=answers()
    )
    waiting = StepRecord.objects.filter(review=review, key=Step.PARTNER_DECISIONS).exists()
    record_partner_decision(
        review, organisation=icb, by=icb_lead, expected_version=0, answers=answers()
    )

    assert not waiting
    assert StepRecord.objects.get(review=review, key=Step.PARTNER_DECISIONS).completed_on


def test_people_without_a_part_or_with_the_wrong_part_are_refused(
    client: Client,
    case: Case,
    agency_contributor: User,
    outsider: User,
    school: Organisation,
) -> None:
    join(
        case.review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=case.team,
        organisation=school,
    )
    decide(case, "police")

    sign_in(client, agency_contributor)
    contributor = [
        client.get(decisions_list_url(case)).status_code,
        client.get(decision_url(case, "police")).status_code,
    ]
    sign_in(client, outsider)
    stranger = [
        client.get(decisions_list_url(case)).status_code,
        client.post(decision_url(case, "police")).status_code,
    ]

    assert contributor == [403, 403]
    assert stranger == [404, 404]


def test_an_organisation_that_is_not_a_statutory_partner_here_is_not_found(
    client: Client,
    case: Case,
    partner_lead: User,
    school: Organisation,
    other_partnership: Partnership,
) -> None:
    elsewhere = make_organisation(
        partnership=other_partnership,
        name="Northfen Police",
        kind=Organisation.Kind.POLICE,
        is_statutory_partner=True,
    )
    sign_in(client, partner_lead)

    for organisation_pk in (school.pk, elsewhere.pk, 2**63):
        url = reverse(
            "reviews:partner-decision",
            kwargs={"pk": case.review.pk, "organisation_pk": organisation_pk},
        )
        assert client.get(url).status_code == 404
        assert client.post(url, decision_form()).status_code == 404
    assert not PartnerDecision.objects.exists()


def test_an_lcspr_has_no_partner_decisions(
    client: Client, case: Case, business_team_member: User
) -> None:
    lcspr = make_review(
        partnership=case.review.partnership,
        by=business_team_member,
        kind=ReviewKind.LCSPR,
        rapid_review=case.review,
    )
    sign_in(client, business_team_member)

    assert (
        client.get(reverse("reviews:partner-decisions", kwargs={"pk": lcspr.pk})).status_code == 404
    )


def test_the_list_page_makes_the_same_number_of_queries_however_many_decisions(
    client: Client, case: Case, business_team_member: User, partner_lead: User
) -> None:
    decide(case, "police")
    counts: list[int] = []
    for person in (business_team_member, partner_lead):
        sign_in(client, person)
        with CaptureQueriesContext(connection) as few:
            assert client.get(decisions_list_url(case)).status_code == 200
        counts.append(len(few.captured_queries))
    decide(case, "icb")
    decide(case, "csc")
    for index, person in enumerate((business_team_member, partner_lead)):
        sign_in(client, person)
        with CaptureQueriesContext(connection) as many:
            page = client.get(decisions_list_url(case))
        assert page.status_code == 200
        assert len(many.captured_queries) == counts[index]
