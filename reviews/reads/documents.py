"""Reads for the combined agency information report: who receives it when it is circulated."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import User
from reviews.models import Review, ReviewRole
from reviews.reads.authorities import legal_representatives

# domain.md, step combined-report: "circulated to all partners and legal services".
CIRCULATION_ROLES = (ReviewRole.STATUTORY_PARTNER_LEAD, ReviewRole.LEGAL_REPRESENTATIVE)


def circulation_recipients(review: Review) -> list[User]:
    """Who receives the combined report: the review's statutory partner leads and legal
    representatives, and the legal representatives of the authority whose legal services the
    review concerns (reviews.reads.authorities), each once."""
    legal = [person.pk for person in legal_representatives(review)]
    return list(
        User.objects.filter(is_active=True, partnership=review.partnership_id)
        .filter(
            Q(
                review_memberships__review=review,
                review_memberships__active=True,
                review_memberships__role__in=[role.value for role in CIRCULATION_ROLES],
            )
            | Q(pk__in=legal)
        )
        .distinct()
        .order_by("full_name", "pk")
    )
