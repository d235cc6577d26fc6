"""The checks actions make before they write: the review is the right kind and still open, and
the day something was done could be true."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

from reviews import moment
from reviews.actions.base import ActionError
from reviews.dates_in_words import long_date
from reviews.models import Review, ReviewKind
from reviews.uploads import RefusedFile, WordUpload, check_word_upload

CLOSED = "{case_code} is closed."
READ_ONLY = "{case_code} is closed: its record can be read but no longer changed."
NOT_AN_LCSPR = (
    "Only a local child safeguarding practice review has this: terms, events, drafts "
    "and publication belong to an LCSPR, not to a rapid review."
)


@dataclass(frozen=True)
class RapidReviewPart:
    """What a part of a rapid review says when asked of an LCSPR, and of a closed review."""

    belongs: str
    closed: str = CLOSED


WORKING_DAY_ONE = RapidReviewPart("Working day 1 steps belong to a rapid review.")
DECISIONS = RapidReviewPart("The partners' decisions belong to a rapid review.")
REPORT = RapidReviewPart("The rapid review report belongs to a rapid review.")
PANEL = RapidReviewPart("The National Panel's reply belongs to a rapid review.", READ_ONLY)


def check_open_rapid_review(review: Review, part: RapidReviewPart) -> None:
    """Refuse anything but a rapid review still open."""
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise ActionError(part.belongs)
    if not review.is_open:
        raise ActionError(part.closed.format(case_code=review.case_code))


def locked(review: Review) -> Review:
    """Lock the review row and read it again (it may have closed since it was read)."""
    return Review.objects.select_for_update().get(pk=review.pk)


def locked_open_rapid_review(review: Review, part: RapidReviewPart) -> Review:
    """Lock the review row and check it is still an open rapid review."""
    current = locked(review)
    check_open_rapid_review(current, part)
    return current


def check_open_lcspr(review: Review) -> None:
    """Refuse anything but an LCSPR still open (used by every LCSPR action)."""
    if review.kind != ReviewKind.LCSPR:
        raise ActionError(NOT_AN_LCSPR)
    if not review.is_open:
        raise ActionError(READ_ONLY.format(case_code=review.case_code))


def locked_open_lcspr(review: Review) -> Review:
    """Lock the review row and check it is still an open LCSPR (it may have closed since)."""
    current = locked(review)
    check_open_lcspr(current)
    return current


def check_recorded_on(review: Review, day: dt.date, *, what: str, field: str) -> None:
    """Refuse a date something was done that is in the future or before the review began."""
    if day > moment.today():
        raise ActionError(f"{what} cannot be in the future.", field=field)
    if day < review.origin:
        raise ActionError(
            f"{what} cannot be before the review started, {long_date(review.origin)}.",
            field=field,
        )


def check_day(
    review: Review, day: dt.date, *, what: str, field: str, not_before: dt.date | None = None
) -> None:
    """Refuse a date something happened that is in the future or before it could have."""
    if day > moment.today():
        raise ActionError(f"{what} must be today or in the past.", field=field)
    earliest = max(review.origin, not_before or review.origin)
    if day < earliest:
        raise ActionError(f"{what} must be on or after {long_date(earliest)}.", field=field)


def check_length(text: str, *, limit: int, label: str, field: str) -> None:
    """Refuse text longer than its field holds."""
    if len(text) > limit:
        raise ActionError(f"{label} must be {limit:,} characters or fewer", field=field)


def check_no_control_characters(text: str, *, label: str, field: str) -> None:
    """Refuse invisible control characters (a bell, an escape), usually pasted by accident:
    they mean nothing to a reader and an Excel export cannot hold them."""
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise ActionError(
            f"{label} must not contain hidden control characters: type it again, "
            "rather than pasting it",
            field=field,
        )


def checked_word_upload(
    upload: UploadedFile[bytes], *, fallback: str, read_text: Callable[[bytes], str]
) -> WordUpload:
    """Check an uploaded Word document (reviews.uploads); a refusal names the file field."""
    try:
        return check_word_upload(upload, fallback=fallback, read_text=read_text)
    except RefusedFile as refusal:
        raise ActionError(refusal.message, field="file") from None
