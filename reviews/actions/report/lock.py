"""One writer at a time per review for the report actions."""

from __future__ import annotations

from reviews.models import Review


def lock_review(review: Review) -> None:
    # One writer at a time per review: numbers are chosen and approvals checked under it.
    Review.objects.select_for_update().only("pk").get(pk=review.pk)
