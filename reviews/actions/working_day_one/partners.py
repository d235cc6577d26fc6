"""Who takes part for a statutory partner once it is asked for information (Working Together
2023): the person answering joins as its lead only if they are one of its safeguarding
partners, and its delegated safeguarding partners (or its lead safeguarding partner, when it
has none) join as its leads, to decide, agree the report and sign off (permissions_partners)."""

from __future__ import annotations

from accounts.models import Organisation, User
from reviews.actions.review.members import add_review_member
from reviews.models import Review, ReviewMember, ReviewRole
from reviews.permissions_partners import is_safeguarding_partner, safeguarding_partners_to_join


def answering_role(person: User, organisation: Organisation) -> ReviewRole:
    """The part of the person answering a statutory partner's request."""
    if is_safeguarding_partner(person, organisation):
        return ReviewRole.STATUTORY_PARTNER_LEAD
    return ReviewRole.AGENCY_CONTRIBUTOR


def join_safeguarding_partners(review: Review, organisation: Organisation, *, by: User) -> None:
    """Add the partner's safeguarding partners who join a review as its leads; anyone already
    a partner lead on the review (for it or, unusually, another partner) keeps their part."""
    leads = set(
        ReviewMember.objects.filter(
            review=review, active=True, role=ReviewRole.STATUTORY_PARTNER_LEAD
        ).values_list("user_id", flat=True)
    )
    for person in safeguarding_partners_to_join(organisation):
        if person.pk in leads or person.partnership_id != review.partnership_id:
            continue
        add_review_member(
            review,
            user=person,
            role=ReviewRole.STATUTORY_PARTNER_LEAD,
            organisation=organisation,
            by=by,
        )
        leads.add(person.pk)
