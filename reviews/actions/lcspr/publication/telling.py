"""What publishing records of who was told, and why (Working Together): when and how the National
Panel and the Secretary of State were told why publication is delayed, and why only the
improvements are published. Checks for reviews.actions.lcspr.publication.publishing."""

from __future__ import annotations

import datetime as dt

from reviews.actions.base import ActionError, max_length
from reviews.actions.guards import check_day, check_length
from reviews.models import Publication, Review


def checked_delay_telling(review: Review, *, told_on: dt.date, told_how: str) -> str:
    """Refuse a delay that does not say when and how the National Panel and the Secretary of
    State were told why; return how, stripped."""
    told_how = told_how.strip()
    if not told_how:
        raise ActionError(
            "Enter how the National Panel and the Secretary of State were told why",
            field="told_how",
        )
    check_length(
        told_how,
        limit=max_length(Publication, "delay_told_how"),
        label="How they were told",
        field="told_how",
    )
    check_day(
        review,
        told_on,
        what="The date the National Panel and the Secretary of State were told",
        field="told_on",
    )
    return told_how


def checked_justification(*, improvements_only: bool, justification: str) -> str:
    """Refuse publishing only the improvements without saying why the report cannot be
    published; return the justification to keep (none when the report is published)."""
    if not improvements_only:
        return ""
    justification = justification.strip()
    if not justification:
        raise ActionError(
            "Enter why publishing the report is inappropriate, so that only the improvements "
            "are published",
            field="improvements_justification",
        )
    check_length(
        justification,
        limit=max_length(Publication, "improvements_justification"),
        label="Why only the improvements are published",
        field="improvements_justification",
    )
    return justification
