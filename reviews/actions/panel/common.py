"""What the National Panel and outcome actions share: the checks, dates and corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError, EditConflict, record_event
from reviews.actions.steps import complete_step, reopen_step
from reviews.actions.working_day_one.common import long_date
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, StepRecord
from reviews.process import Step

TEXT_LIMIT = 10000  # PanelResponse.summary, Reconvened's texts, Outcome's texts
# The Panel usually considers a rapid review within weeks; a year ahead is a typing mistake.
MAX_DAYS_AHEAD = 366


def check_rapid_review(review: Review) -> None:
    """Refuse anything but a rapid review still open."""
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise ActionError("The National Panel's reply belongs to a rapid review.")
    if not review.is_open:
        raise ActionError(
            f"{review.case_code} is closed: its record can be read but no longer changed."
        )


def locked_open_review(review: Review) -> Review:
    """Lock the review row and check it is still open (it may have closed since it was read)."""
    current = Review.objects.select_for_update().get(pk=review.pk)
    check_rapid_review(current)
    return current


def check_day(
    review: Review, day: dt.date, *, what: str, field: str, not_before: dt.date | None = None
) -> None:
    """Refuse a date something happened that is in the future or before it could have."""
    if day > moment.today():
        raise ActionError(f"{what} must be today or in the past.", field=field)
    earliest = max(review.origin, not_before or review.origin)
    if day < earliest:
        raise ActionError(f"{what} must be on or after {long_date(earliest)}.", field=field)


def record_step_on(review: Review, *, key: Step, by: User, on: dt.date, note: str = "") -> None:
    """Complete a step on a date, or move its date when a correction changes it."""
    done = (
        StepRecord.objects.filter(review=review, key=key, completed_on__isnull=False)
        .values_list("completed_on", flat=True)
        .first()
    )
    if done == on:
        return
    if done is not None:
        reopen_step(review, key=key, by=by, reason=f"The date was corrected to {long_date(on)}.")
    complete_step(review, key=key, by=by, completed_on=on, note=note)


def refused(
    review: Review,
    *,
    by: User,
    record: models.Model | None,
    label: str,
    expected_version: int,
    values: dict[str, Any],
) -> EditConflict:
    """Record an edit that started from an out-of-date version, and describe the clash."""
    current = getattr(record, "version", 0) if record is not None else 0
    theirs = {name: getattr(record, name) for name in values} if record is not None else {}
    differing = [name for name in theirs if theirs[name] != values[name]]
    record_event(
        review,
        EventType.EDIT_REFUSED,
        by=by,
        record=label.lower(),
        record_id=record.pk if record is not None else None,
        expected_version=expected_version,
        current_version=current,
        attempted=sorted(values),
    )
    return EditConflict(
        record=label,
        current_version=current,
        theirs={name: theirs[name] for name in differing},
        yours={name: values[name] for name in differing},
    )


def changes_of(record: models.Model, values: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        name: {"from": str(getattr(record, name)), "to": str(value)}
        for name, value in values.items()
        if getattr(record, name) != value
    }
