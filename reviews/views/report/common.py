"""What the report's pages share: the rapid review fetched for the person, and the parts of
the approval chain the person holds."""

from __future__ import annotations

from django.http import Http404

from accounts.models import User
from reviews.models import Review, ReviewKind
from reviews.permissions import Permission, approval_roles, get_review_for
from reviews.reads.report import Signatory


def rapid_review(user: User, pk: int, permission: Permission) -> Review:
    """Fetch the rapid review for this person, refusing an LCSPR as if it did not exist."""
    review = get_review_for(user, pk, permission)
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise Http404("Only a rapid review has a rapid review report.")
    return review


def held(user: User, review: Review) -> list[Signatory]:
    """The parts of the approval chain this person holds in the review."""
    return [Signatory(role, organisation) for role, organisation in approval_roles(user, review)]
