"""Each person's home page shows only their own items, role by role, in one partnership
where everyone has something (or, for the legal representative, nothing) to do.

The expected keys are written out from the world's facts, never read back from work_for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_user
from conftest import WebAs
from reviews.actions.lcspr.planning.terms import draft_terms, share_terms
from reviews.actions.learning.plans.progress import complete_action
from reviews.models import PlanAction, Review, ReviewRole
from reviews.permissions import LCSPR_AUTHOR_STEPS
from reviews.process import Step
from reviews.reads.work import work_for, work_in_partnership
from reviews.tests import learning_plans_setup as plans
from reviews.tests.conftest import ask_agency
from reviews.tests.factories import join, make_review
from reviews.tests.lcspr_drafts_setup import comment_on, lcspr_case, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_off")]

NOW = dt.datetime(2026, 10, 1, 11, tzinfo=dt.UTC)
TODAY = NOW.date()


@dataclass
class World:
    rapid: Review
    lcspr: Review
    team: User
    team_lead: User
    partner_lead: User
    contributor: User
    legal: User
    panel_member: User
    author: User
    action_owner: User
    action: PlanAction
    police: Organisation
    request_key: str


@pytest.fixture
def world(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
    icb: Organisation,
) -> Iterator[World]:
    team = business_team_member
    with time_machine.travel(NOW, tick=False):
        case = lcspr_case(
            partnership,
            team=team,
            author=independent_author,
            police_lead=partner_lead,
            police=police,
            school=school,
        )
        draft_terms(
            case.lcspr,
            by=team,
            period_start=dt.date(2025, 3, 1),
            period_end=dt.date(2026, 3, 1),
            practitioner_involvement="A learning event for practitioners.",
            manager_involvement="A separate event for managers.",
            family_involvement="The author visits the mother.",
            themes="Information sharing",
        )
        share_terms(case.lcspr, by=team)
        comment_on(case, upload(case.lcspr, independent_author, "The first draft."))
        rapid = make_review(partnership=partnership, by=team, pseudonym="Child R")
        team_lead = make_user(partnership=partnership, full_name="Bea Lead")
        join(rapid, team_lead, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
        join(rapid, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
        legal = make_user(partnership=partnership, full_name="Lee Counsel")
        join(rapid, legal, ReviewRole.LEGAL_REPRESENTATIVE, by=team)
        request = ask_agency(rapid, school, by=team, contributor=agency_contributor)
        themes = plans.themes(partnership, team)
        owner = employ(make_user(partnership=partnership, full_name="Omar Owner"), icb)
        action = plans.add_test_action(
            plans.recommendation(rapid, team, themes),
            team,
            icb,
            lead=owner,
            due_on=TODAY + dt.timedelta(days=30),
        )
        yield World(
            rapid=rapid,
            lcspr=case.lcspr,
            team=team,
            team_lead=team_lead,
            partner_lead=partner_lead,
            contributor=agency_contributor,
            legal=legal,
            panel_member=case.panel_member,
            author=independent_author,
            action_owner=owner,
            action=action,
            police=police,
            request_key=f"review-{rapid.pk}:request:{request.pk}",
        )


def _on_home_page(web_as: WebAs, user: User) -> set[str]:
    app = web_as(user)
    page = app.get("/")
    rows = page.html.select('[data-testid="work"] tr[data-key]')
    keys = [row["data-key"] for row in rows]
    assert len(keys) == len(set(keys))
    # The page and the read agree, in due order.
    items = work_for(user, TODAY)
    assert keys == [each.key for each in items]
    # Each item's link, as rendered, opens the page where it is done, for this person.
    for row, each in zip(rows, items, strict=True):
        href = row.select_one('[data-testid="work-link"]')["href"]
        assert href == each.url
        opened = app.get(href)
        assert opened.status_code == 200
        assert opened.request.path == each.url
    return set(keys)


def test_a_statutory_partner_lead_sees_their_decision_and_the_terms(
    web_as: WebAs, world: World
) -> None:
    assert _on_home_page(web_as, world.partner_lead) == {
        f"review-{world.rapid.pk}:decision:{world.police.pk}",
        f"review-{world.lcspr.pk}:terms:v1",
    }


def test_an_agency_contributor_sees_their_request_only(web_as: WebAs, world: World) -> None:
    # The school's contributor on the LCSPR has nothing there yet; on the rapid review, the
    # school's request. The action belongs to the ICB.
    assert _on_home_page(web_as, world.contributor) == {world.request_key}


def test_an_action_owner_sees_their_action_only(web_as: WebAs, world: World) -> None:
    assert _on_home_page(web_as, world.action_owner) == {f"action-{world.action.pk}"}


def test_a_panel_member_sees_the_terms_to_agree(web_as: WebAs, world: World) -> None:
    assert _on_home_page(web_as, world.panel_member) == {f"review-{world.lcspr.pk}:terms:v1"}


def test_the_legal_representative_has_nothing_to_do(web_as: WebAs, world: World) -> None:
    page = web_as(world.legal).get("/")
    assert page.html.select_one('[data-testid="no-work"]')
    assert not page.html.select('[data-testid="work"]')


def test_the_independent_author_sees_the_comments_and_their_own_steps(
    web_as: WebAs, world: World
) -> None:
    keys = _on_home_page(web_as, world.author)
    comments = f"review-{world.lcspr.pk}:draft-comments"
    assert comments in keys
    # Besides the comments, only the author's own LCSPR steps (those with a date so far).
    allowed = {f"review-{world.lcspr.pk}:step:{step}" for step in LCSPR_AUTHOR_STEPS}
    assert keys - {comments} <= allowed


def test_the_reviews_business_team_lead_has_its_steps_and_the_team_the_rest(
    web_as: WebAs, world: World
) -> None:
    lead = _on_home_page(web_as, world.team_lead)
    assert f"review-{world.rapid.pk}:step:{Step.PARTNER_DECISIONS}" in lead
    assert all(key.startswith(f"review-{world.rapid.pk}:step:") for key in lead)
    team = _on_home_page(web_as, world.team)
    # The named lead runs the rapid review; the partnership's business team runs the others
    # (no lead named there, as the LCSPR's own rapid review) and confirms nothing yet.
    assert not team & lead
    assert not any(key.startswith(f"review-{world.rapid.pk}:") for key in team)
    assert f"review-{world.lcspr.rapid_review_id}:step:{Step.PARTNER_DECISIONS}" in team
    assert not any(":terms:" in key or ":request:" in key or "action-" in key for key in team)


def test_each_persons_work_is_their_share_of_everyones(world: World) -> None:
    # work_for reads only the actions that may be the person's: never fewer items than their
    # share of the whole partnership's list, never more, with one action awaiting confirmation
    # (the review's business team lead's) and one open (its owner's).
    with time_machine.travel(NOW, tick=False):
        second = plans.add_test_action(
            plans.recommendation(
                world.rapid, world.team, plans.themes(world.rapid.partnership, world.team)
            ),
            world.team,
            world.action.organisation,
            lead=world.action_owner,
            due_on=TODAY + dt.timedelta(days=20),
        )
        complete_action(
            second,
            by=world.action_owner,
            expected_version=second.version,
            completed_on=TODAY,
            evidence_note="Briefing held.",
        )
    everyone = work_in_partnership(world.rapid.partnership, TODAY)
    people = [
        world.team,
        world.team_lead,
        world.partner_lead,
        world.contributor,
        world.legal,
        world.panel_member,
        world.author,
        world.action_owner,
    ]
    for person in people:
        share = [each.key for each in everyone if person.pk in each.people]
        assert [each.key for each in work_for(person, TODAY)] == share, person
    assert any(
        f"action-{second.pk}:confirm" in each.key for each in work_for(world.team_lead, TODAY)
    )
    assert any(
        f"action-{world.action.pk}" == each.key for each in work_for(world.action_owner, TODAY)
    )
