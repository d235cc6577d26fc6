"""The blind rule that keeps partners from reading each other's decisions too early."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.models import PartnerDecision
from reviews.tests import decisions_partner_setup as setup
from reviews.tests.decisions_partner_setup import SECRET, decision_url, decisions_list_url
from reviews.tests.decisions_setup import (
    WORKING_DAY_EIGHT,
    WORKING_DAY_NINE,
    WORKING_DAY_TEN,
    Case,
    decide,
    decision_form,
)


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


def test_a_partner_lead_cannot_read_another_partners_decision_before_recording_their_own(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)
    sign_in(client, partner_lead)

    listing = client.get(decisions_list_url(case)).content.decode()
    meeting = client.get(reverse("reviews:decision-meeting", kwargs={"pk": case.review.pk}))

    assert 'data-testid="blind"' in listing
    assert SECRET not in listing
    assert f'data-other="{case.partners["icb"].pk}"' not in listing
    assert client.get(decision_url(case, "icb")).status_code == 404
    assert meeting.status_code == 200
    assert SECRET not in meeting.content.decode()


def test_posting_to_another_partners_decision_before_it_is_visible_is_answered_as_missing(
    client: Client, case: Case, partner_lead: User
) -> None:
    sign_in(client, partner_lead)

    response = client.post(decision_url(case, "icb"), decision_form())

    assert response.status_code == 404
    assert not PartnerDecision.objects.exists()


def test_the_blind_rule_lifts_for_a_partner_once_their_own_decision_is_recorded(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)
    decide(case, "police")
    sign_in(client, partner_lead)

    listing = client.get(decisions_list_url(case)).content.decode()
    other = client.get(decision_url(case, "icb"))

    assert 'data-testid="blind"' not in listing
    assert f'data-other="{case.partners["icb"].pk}"' in listing
    assert other.status_code == 200
    assert SECRET in other.content.decode()
    assert 'name="version"' not in other.content.decode()


def test_another_partners_decision_stays_read_only_once_visible(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)
    decide(case, "police")
    sign_in(client, partner_lead)

    response = client.post(
        decision_url(case, "icb"), decision_form(version=1, lcspr_rationale="Hijack")
    )

    assert response.status_code == 403
    assert PartnerDecision.objects.get(organisation=case.partners["icb"]).lcspr_rationale == SECRET


def test_the_blind_rule_holds_on_working_day_nine_and_lifts_once_it_has_passed(
    client: Client, case: Case, partner_lead: User
) -> None:
    decide(case, "icb", lcspr_rationale=SECRET)

    with time_machine.travel(WORKING_DAY_NINE, tick=False):
        sign_in(client, partner_lead)
        on_the_day = client.get(decision_url(case, "icb")).status_code
        listing_on_the_day = client.get(decisions_list_url(case)).content.decode()
    with time_machine.travel(WORKING_DAY_TEN, tick=False):
        sign_in(client, partner_lead)  # sessions end after 30 idle minutes
        after = client.get(decision_url(case, "icb"))
        listing_after = client.get(decisions_list_url(case)).content.decode()

    assert on_the_day == 404
    assert 'data-testid="blind"' in listing_on_the_day
    assert SECRET not in listing_on_the_day
    assert after.status_code == 200
    assert SECRET in after.content.decode()
    assert 'data-testid="blind"' not in listing_after
    assert f'data-other="{case.partners["icb"].pk}"' in listing_after
