"""The pages that offer a partner's decision: the form, as rendered, for one of its
safeguarding partners; the reason in words, and no form, for a partner lead who no longer is
one; and the partnership chair's title, independent or not, as the partnership says."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import make_user
from conftest import WebAs
from reviews import actions
from reviews.models import PartnerDecision, ReviewRole
from reviews.process import Step
from reviews.tests.decisions_setup import WORKING_DAY_EIGHT, Case, answers, ready_for_decisions
from reviews.tests.factories import make_review


@pytest.fixture
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


def _decision_url(case: Case, organisation: Organisation) -> str:
    return reverse(
        "reviews:partner-decision",
        kwargs={"pk": case.review.pk, "organisation_pk": organisation.pk},
    )


def test_a_delegated_safeguarding_partner_records_the_decision_on_the_form_as_rendered(
    case: Case, police: Organisation, partner_lead: User, web_as: WebAs
) -> None:
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        page = web_as(partner_lead).get(_decision_url(case, police))
        [form] = [form for form in page.forms.values() if "version" in form.fields]
        for name, value in answers().items():
            form[name] = value
        form.submit().follow()
    decision = PartnerDecision.objects.get(review=case.review, organisation=police)
    assert decision.recorded_by == partner_lead


def test_a_partner_lead_who_is_no_longer_a_safeguarding_partner_is_told_why_not(
    case: Case, police: Organisation, partner_lead: User, web_as: WebAs
) -> None:
    # The police name someone else as their delegated safeguarding partner.
    PartnershipRole.objects.filter(user=partner_lead, organisation=police).delete()
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        app = web_as(partner_lead)
        listing = app.get(reverse("reviews:partner-decisions", kwargs={"pk": case.review.pk}))
        page = app.get(_decision_url(case, police))
    for shown in (listing, page):
        reason = shown.html.find(attrs={"data-testid": "partner-refusal"}).get_text()
        assert "Only Wexmoor Police's lead or delegated safeguarding partner" in reason
        assert f"delegated on {case.review.case_code}" in reason
    assert not [form for form in page.forms.values() if "version" in form.fields]
    assert not PartnerDecision.objects.filter(review=case.review).exists()


@pytest.mark.parametrize(
    ("independent", "title"),
    [(True, "Partnership independent chair"), (False, "Partnership chair")],
)
def test_the_chairs_title_follows_the_partnership(
    partnership: Partnership,
    business_team_member: User,
    web_as: WebAs,
    independent: bool,
    title: str,
) -> None:
    partnership.chair_is_independent = independent
    partnership.save(update_fields=["chair_is_independent"])
    assert partnership.chair_title == title
    chair = make_user(partnership=partnership, full_name="Gwen Test")
    review = make_review(partnership=partnership, by=business_team_member)
    actions.add_review_member(
        review, user=chair, role=ReviewRole.PARTNERSHIP_CHAIR, by=business_team_member
    )
    app = web_as(business_team_member)
    people = app.get(reverse("reviews:members", kwargs={"pk": review.pk}))
    [row] = [row for row in people.html.select("tbody tr") if "Gwen Test" in row.get_text()]
    assert row.select("td")[1].get_text(strip=True) == title
    detail = app.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    hint = f".app-task--{Step.REPORT_AGREED} .govuk-task-list__hint p"
    agreed = detail.html.select_one(hint).get_text(strip=True)
    assert agreed.startswith(f"{title} and")
    assert ("independent" in agreed) is independent
