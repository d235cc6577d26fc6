"""What the Panel and outcome pages share: the rapid review fetched for the person."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accounts.models import User
from reviews.models import Review, ReviewKind
from reviews.permissions import Permission, get_review_for
from reviews.views.helpers import person


def rapid_review(request: HttpRequest, pk: int, permission: Permission) -> tuple[User, Review]:
    """Fetch the rapid review for this person, refusing an LCSPR as if it did not exist."""
    user = person(request)
    review = get_review_for(user, pk, permission)
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise Http404("The National Panel's pages belong to a rapid review.")
    return user, review


def closed_message(review: Review) -> str:
    return f"{review.case_code} is closed: its record can be read but no longer changed."
