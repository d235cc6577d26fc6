"""What the independent author's tests share: the people taking part in an LCSPR.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Organisation, Partnership, User
from reviews.actions.lcspr.planning.author import commission_author
from reviews.models import AuthorCommission, Review, ReviewKind, ReviewRole
from reviews.tests.factories import join, make_review

TODAY = dt.date(2026, 10, 1)


@dataclass
class Cast:
    team: User
    author: User
    police_lead: User
    lcspr: Review
    rapid_review: Review
    other_lcspr: Review


def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Cast:
    team = business_team_member
    rapid = make_review(partnership=partnership, by=team)
    lcspr = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, rapid_review=rapid)
    other = make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, pseudonym="Child Q"
    )
    join(lcspr, team, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
    join(lcspr, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    return Cast(team, independent_author, partner_lead, lcspr, rapid, other)


def commission_for(cast: Cast, **changes: object) -> AuthorCommission:
    values: dict[str, object] = {
        "author": cast.author,
        "author_organisation": "Fenwick Reviews Ltd",
        "starts_on": dt.date(2026, 10, 5),
        "ends_on": dt.date(2027, 3, 31),
        "contract_reference": "WTP-2026-014",
    }
    values.update(changes)
    return commission_author(cast.lcspr, by=cast.team, **values)  # type: ignore[arg-type]
