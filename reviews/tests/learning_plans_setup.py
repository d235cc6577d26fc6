"""What the action plan tests share: the moment, a review with learning and themes, a
recommendation and actions owned by two organisations.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Organisation, Partnership, User
from reviews.actions.learning.plans import add_action, complete_action, make_recommendation
from reviews.actions.learning.plans.learning import record_learning
from reviews.actions.learning.plans.themes import add_common_themes
from reviews.models import Learning, PlanAction, Recommendation, Review, ReviewRole, Theme
from reviews.tests.factories import join, make_review

NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)

TODAY = NOW.date()

DUE = TODAY + dt.timedelta(days=30)


def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    add_common_themes(partnership, by=business_team_member)
    return {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}


def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    join(
        review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )
    return review


def recommendation(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> Recommendation:
    learning = record_learning(
        review,
        by=business_team_member,
        source=Learning.Source.DECISION_MEETING,
        summary="Attendance concerns were not shared.",
        themes=[themes["Education and attendance"], themes["Information sharing"]],
        scope=Learning.Scope.MULTI_AGENCY,
    )
    return make_recommendation(
        review, by=business_team_member, text="Share attendance concerns.", learning=[learning]
    )


def add_test_action(
    recommendation: Recommendation, by: User, organisation: Organisation, **changes: object
) -> PlanAction:
    values: dict[str, object] = {
        "description": "Brief staff on sharing attendance concerns.",
        "organisation": organisation,
        "lead_name": "Deputy head",
        "due_on": DUE,
    }
    values.update(changes)
    return add_action(recommendation, by=by, **values)  # type: ignore[arg-type]


def school_action(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> PlanAction:
    return add_test_action(recommendation, business_team_member, school)


def complete_test_action(action: PlanAction, by: User) -> PlanAction:
    return complete_action(
        action,
        by=by,
        expected_version=action.version,
        completed_on=TODAY,
        evidence_note="Briefing held on the first of April.",
    )
