"""What the family engagement tests share: an LCSPR and its review team.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Organisation, Partnership, User
from reviews.actions.lcspr.publication.family import save_family_plan
from reviews.models import FamilyEngagement, Review, ReviewKind, ReviewRole
from reviews.tests.factories import join, make_review

ORIGIN = dt.date(2026, 3, 6)

TODAY = dt.date(2026, 5, 20)


def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN)
    join(review, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    return review


def save_plan(
    review: Review, by: User, version: int = 0, plan: str = "Letter via advocate"
) -> FamilyEngagement:
    return save_family_plan(
        review,
        by=by,
        expected_version=version,
        contact_plan=plan,
        consent_and_wishes="The mother agrees to meet.",
        advocate="Wexmoor Family Advocacy",
    )
