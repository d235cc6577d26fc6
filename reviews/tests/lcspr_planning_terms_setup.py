"""What the terms of reference tests share: the people taking part and a version drafted.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_user
from reviews.actions.lcspr.planning.terms import draft_terms
from reviews.models import Review, ReviewKind, ReviewRole, TermsOfReference
from reviews.tests.factories import join, make_review

TODAY = dt.date(2026, 10, 1)

START, END = dt.date(2025, 3, 1), dt.date(2026, 3, 1)


@dataclass
class Cast:
    team: User
    author: User
    police_lead: User
    panel_member: User
    contributor: User
    lcspr: Review
    rapid_review: Review


def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> Cast:
    team = business_team_member
    rapid = make_review(partnership=partnership, by=team)
    lcspr = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, rapid_review=rapid)
    panel_member = employ(
        make_user(partnership=partnership, email="panel@school.example", full_name="Pat Panel"),
        school,
    )
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(lcspr, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(lcspr, panel_member, ReviewRole.PANEL_MEMBER, by=team)
    join(lcspr, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    return Cast(
        team, independent_author, partner_lead, panel_member, agency_contributor, lcspr, rapid
    )


def draft_a_version(cast: Cast, *, by: User | None = None, **changes: Any) -> TermsOfReference:
    values: dict[str, object] = {
        "period_start": START,
        "period_end": END,
        "practitioner_involvement": "A learning event for practitioners.",
        "manager_involvement": "A separate event for managers.",
        "family_involvement": "The author visits the mother, with an advocate.",
        "themes": "Hearing the voice of the baby\n\n  Information sharing at discharge  \n",
    }
    values.update(changes)
    return draft_terms(cast.lcspr, by=by or cast.team, **values)  # type: ignore[arg-type]
