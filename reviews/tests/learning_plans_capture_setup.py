"""What the learning capture tests share: a review with themes and an agency's return.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Organisation, Partnership, User
from reviews.actions.learning.plans.learning import record_learning
from reviews.actions.learning.plans.themes import add_common_themes
from reviews.models import InformationRequest, Learning, Review, ReviewRole, Theme
from reviews.tests.factories import join, make_review
from reviews.tests.request_helpers import send_request

NOW = dt.datetime(2026, 3, 20, 11, 0, tzinfo=dt.UTC)

SUMMARY = "Nobody asked who else lived in the home."


def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    add_common_themes(partnership, by=business_team_member)
    return {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}


def review(
    partnership: Partnership, business_team_member: User, partner_lead: User, police: Organisation
) -> Review:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    return review


def school_request(
    review: Review, business_team_member: User, agency_contributor: User, school: Organisation
) -> InformationRequest:
    return send_request(review, school, by=business_team_member, contributor=agency_contributor)


def record(review: Review, by: User, themes: list[Theme], **changes: object) -> Learning:
    values: dict[str, object] = {
        "source": Learning.Source.DECISION_MEETING,
        "summary": SUMMARY,
        "themes": themes,
        "scope": Learning.Scope.MULTI_AGENCY,
    }
    values.update(changes)
    return record_learning(review, by=by, **values)  # type: ignore[arg-type]
