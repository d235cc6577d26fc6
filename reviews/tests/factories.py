"""Reviews for tests, made through the real actions (no fixtures, no bare .create())."""

from __future__ import annotations

import datetime as dt

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_safeguarding_partner
from reviews import actions
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole

DEFAULT_ORIGIN = dt.date(2026, 3, 6)


def make_review(
    *,
    partnership: Partnership,
    by: User,
    kind: ReviewKind = ReviewKind.RAPID_REVIEW,
    pseudonym: str = "Child A",
    origin: dt.date = DEFAULT_ORIGIN,
    rapid_review: Review | None = None,
) -> Review:
    return actions.open_review(
        partnership=partnership,
        kind=kind,
        pseudonym=pseudonym,
        origin=origin,
        ruleset="wt2023",
        by=by,
        rapid_review=rapid_review,
    )


def join(
    review: Review,
    user: User,
    role: ReviewRole,
    *,
    by: User,
    organisation: Organisation | None = None,
) -> ReviewMember:
    """Give a person a part in the review; a statutory partner's lead is first made one of its
    delegated safeguarding partners (Working Together 2023), as the rule needs."""
    statutory = organisation is not None and organisation.is_statutory_partner
    if role == ReviewRole.STATUTORY_PARTNER_LEAD and organisation is not None and statutory:
        make_safeguarding_partner(user, organisation)
    return actions.add_review_member(review, user=user, role=role, organisation=organisation, by=by)
