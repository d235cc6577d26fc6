"""What the partner decision tests share: the case's fixture and the pages' addresses.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from reviews.tests.decisions_setup import Case, ready_for_decisions

SECRET = "Zanzibar-only rationale of the ICB"


def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> Case:
    return ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )


def decision_url(case: Case, kind: str) -> str:
    return reverse(
        "reviews:partner-decision",
        kwargs={"pk": case.review.pk, "organisation_pk": case.partners[kind].pk},
    )


def decisions_list_url(case: Case) -> str:
    return reverse("reviews:partner-decisions", kwargs={"pk": case.review.pk})
