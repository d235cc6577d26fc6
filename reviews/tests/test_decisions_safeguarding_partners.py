"""Who decides for a statutory partner (Working Together 2023, issue 14): its lead or delegated
safeguarding partner, or someone one of them delegated on the review; never whoever merely
answered its request for information, nor another partner's safeguarding partner.

Each of the three acts (the working day 9 decision, the working day 15 agreement of the final
report, the LCSPR sign-off) is tried, through its real action, by each of five people, and the
table says who may. Each attempt is undone, so the next person tries from the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pytest
import time_machine
from django.db import transaction

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_safeguarding_partner, make_user
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.decisions import record_partner_decision
from reviews.actions.lcspr.drafts.sign_off import sign_off_final_draft
from reviews.actions.report import approve_report_version, generate_report_version
from reviews.models import ApprovalRole, Review, ReviewRole
from reviews.reads.report import Signatory
from reviews.tests.decisions_setup import WORKING_DAY_EIGHT, answers, ready_for_decisions
from reviews.tests.factories import make_review
from reviews.tests.lcspr_drafts_setup import final_version, lcspr_case
from reviews.tests.report_setup import (
    WORKING_DAY_TWELVE,
    approve_as,
    case_at_working_day_eleven,
)

LEAD: Final = "lead safeguarding partner"
DELEGATED: Final = "delegated safeguarding partner"
DELEGATE: Final = "delegated on this review"
CONTRIBUTOR: Final = "plain contributor"
OTHER: Final = "another partner's safeguarding partner"

# Who may decide, agree the report and sign off for the police: the same for all three acts.
ALLOWED: Final = {LEAD: True, DELEGATED: True, DELEGATE: True, CONTRIBUTOR: False, OTHER: False}


class _UndoError(Exception):
    """Raised inside an attempt's savepoint so that what it did is rolled back."""


def allowed(act: Callable[[], object]) -> bool:
    """Whether the action is allowed, undoing whatever it did; a refusal must say why in the
    rule's words (or that the person does not speak for the partner at all)."""
    reason = ""
    try:
        with transaction.atomic():
            act()
            raise _UndoError
    except _UndoError:
        return True
    except ActionError as refused:
        reason = str(refused)
    assert "safeguarding partner" in reason or "do not speak" in reason
    return False


def police_person(police: Organisation, name: str, *, partner: bool = False) -> User:
    slug = name.lower().replace(" ", ".")
    person = make_user(
        partnership=police.partnership, email=f"{slug}@police.example", full_name=name
    )
    return employ(person, police, safeguarding_partner=partner)


def cast_on(
    review: Review, *, team: User, police: Organisation, delegated: User, other: User
) -> dict[str, User]:
    """The five people of the table on this review; ``delegated`` is already the police's
    delegated safeguarding partner and lead on it, ``other`` another partner's, and its lead."""
    lead = make_safeguarding_partner(police_person(police, "Lorna Chief"), police, lead=True)
    delegate = police_person(police, "Dev Deputy")
    contributor = police_person(police, "Cal Constable")
    add = actions.add_review_member
    add(review, user=lead, role=ReviewRole.STATUTORY_PARTNER_LEAD, organisation=police, by=team)
    add(
        review,
        user=delegate,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
        organisation=police,
        by=team,
        delegated_by=lead,
    )
    add(review, user=contributor, role=ReviewRole.AGENCY_CONTRIBUTOR, organisation=police, by=team)
    return {
        LEAD: lead,
        DELEGATED: delegated,
        DELEGATE: delegate,
        CONTRIBUTOR: contributor,
        OTHER: other,
    }


def test_the_partners_decision_on_working_day_nine(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> None:
    case = ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        cast = cast_on(
            case.review,
            team=business_team_member,
            police=police,
            delegated=partner_lead,
            other=case.leads["icb"],
        )

        def decide(person: User) -> Callable[[], object]:
            return lambda: record_partner_decision(
                case.review, organisation=police, by=person, expected_version=0, answers=answers()
            )

        outcome = {who: allowed(decide(person)) for who, person in cast.items()}
    assert outcome == ALLOWED


def test_the_agreement_of_the_final_report_on_working_day_fifteen(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
    partner_lead: User,
) -> None:
    case = case_at_working_day_eleven(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
        police_lead=partner_lead,
    )
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        version = generate_report_version(case.review, by=case.team)
        approve_as(case, version, "subgroup")
        cast = cast_on(
            case.review,
            team=business_team_member,
            police=police,
            delegated=partner_lead,
            other=case.leads["icb"],
        )
        as_police = Signatory(ApprovalRole.STATUTORY_PARTNER, police)

        def agree(person: User) -> Callable[[], object]:
            return lambda: approve_report_version(
                version, by=person, signatory=as_police, number=version.number
            )

        outcome = {who: allowed(agree(person)) for who, person in cast.items()}
    assert outcome == ALLOWED


def test_the_sign_off_of_an_lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
) -> None:
    case = lcspr_case(
        partnership,
        team=business_team_member,
        author=independent_author,
        police_lead=partner_lead,
        police=police,
        school=school,
    )
    icb_partner = employ(make_user(partnership=partnership, full_name="Isla Nurse"), icb)
    actions.add_review_member(
        case.lcspr,
        user=icb_partner,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
        organisation=icb,
        by=business_team_member,
    )
    cast = cast_on(
        case.lcspr,
        team=business_team_member,
        police=police,
        delegated=partner_lead,
        other=icb_partner,
    )
    final = final_version(case.lcspr, author=independent_author, team=business_team_member)

    def sign(person: User) -> Callable[[], object]:
        return lambda: sign_off_final_draft(final, by=person, organisation=police)

    outcome = {who: allowed(sign(person)) for who, person in cast.items()}
    assert outcome == ALLOWED


def test_a_partner_lead_who_is_no_safeguarding_partner_needs_who_delegated_them(
    partnership: Partnership, business_team_member: User, police: Organisation, icb: Organisation
) -> None:
    review = make_review(partnership=partnership, by=business_team_member, pseudonym="Child Q")
    answerer = police_person(police, "Ann Swer")
    icb_partner = employ(make_user(partnership=partnership, full_name="Ivo Care"), icb)
    with pytest.raises(ActionError, match="choose which of them delegated") as missing:
        actions.add_review_member(
            review,
            user=answerer,
            role=ReviewRole.STATUTORY_PARTNER_LEAD,
            organisation=police,
            by=business_team_member,
        )
    assert missing.value.field == "delegated_by"
    with pytest.raises(ActionError, match="Ivo Care is not a lead or delegated") as wrong:
        actions.add_review_member(
            review,
            user=answerer,
            role=ReviewRole.STATUTORY_PARTNER_LEAD,
            organisation=police,
            by=business_team_member,
            delegated_by=icb_partner,
        )
    assert wrong.value.field == "delegated_by"
