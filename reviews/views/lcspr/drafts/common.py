"""What the drafts and sign-off pages share: what the person may do, and a version fetched."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from accounts.models import User
from reviews.models import DraftReport, Review
from reviews.permissions import GRANTS, Permission, standing_on


def may_on(user: User, review: Review) -> dict[str, bool]:
    """What the person may do on these pages: author work, comment, run the review, and see
    real identifiers (the anonymisation check)."""
    held = standing_on(user, review)
    return {
        name: bool(held & GRANTS[permission])
        for name, permission in (
            ("author_work", Permission.AUTHOR_WORK),
            ("comment", Permission.COMMENT_ON_DRAFTS),
            ("run", Permission.RUN_REVIEW),
            ("identity", Permission.VIEW_IDENTITY),
        )
    }


def draft_of(review: Review, number: int) -> DraftReport:
    """The review's version ``number`` (without its text), or 404."""
    return get_object_or_404(
        DraftReport.objects.defer("text").select_related(
            "review", "uploaded_by", "final_agreed_by"
        ),
        review=review,
        number=number,
    )
