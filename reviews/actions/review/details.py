"""Opening a review and changing its details."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from accounts.models import Partnership, User
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.records import edit_with_version_check
from reviews.event_types import EventType
from reviews.models import (
    Review,
    ReviewKind,
)


def _letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the letter part of a case code."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _next_case_code(partnership: Partnership, year: int) -> str:
    suffix = f"{partnership.code_prefix}{year % 100:02d}"
    taken = set(
        Review.objects.filter(case_code__endswith=suffix).values_list("case_code", flat=True)
    )
    index = 0
    while f"{_letters(index)}{suffix}" in taken:
        index += 1
    return f"{_letters(index)}{suffix}"


def open_review(
    *,
    partnership: Partnership,
    kind: ReviewKind,
    pseudonym: str,
    origin: dt.date,
    ruleset: str,
    by: User,
    summary: str = "",
    rapid_review: Review | None = None,
) -> Review:
    """Open a review with the next free case code of its year (for example AWC26)."""
    if rapid_review is not None and (
        kind != ReviewKind.LCSPR or rapid_review.partnership_id != partnership.pk
    ):
        raise ActionError("Only an LCSPR of the same partnership can follow a rapid review.")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                review = Review(
                    partnership=partnership,
                    kind=kind,
                    case_code=_next_case_code(partnership, origin.year),
                    pseudonym=pseudonym.strip(),
                    summary=summary.strip(),
                    origin=origin,
                    ruleset=ruleset,
                    rapid_review=rapid_review,
                )
                saved_by(review, by)
                review.save()
                record_event(
                    review,
                    EventType.REVIEW_OPENED,
                    by=by,
                    case_code=review.case_code,
                    kind=kind.value,
                    origin=origin,
                )
                return review
        except IntegrityError:
            # Two reviews opened at the same moment took the same code: take the next one.
            continue
    raise ActionError("Could not give the review a case code. Try again.")


def update_review_details(
    review: Review, *, by: User, expected_version: int, pseudonym: str, summary: str
) -> Review:
    """Change the review's pseudonym and summary, refusing to overwrite someone else's save."""
    return edit_with_version_check(
        review,
        review=review,
        by=by,
        expected_version=expected_version,
        values={"pseudonym": pseudonym.strip(), "summary": summary.strip()},
        changed=EventType.DETAILS_CHANGED,
    )
