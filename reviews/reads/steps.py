"""Reads of a review's steps: whether a step is recorded as done."""

from __future__ import annotations

from reviews.models import Review, StepRecord
from reviews.process import Step


def is_done(review: Review, key: Step) -> bool:
    """Say whether the step is recorded as done on the review."""
    return StepRecord.objects.filter(review=review, key=key, completed_on__isnull=False).exists()
