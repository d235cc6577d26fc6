"""Recording that a step is done from inside another action: completing it once, and moving
its date when a correction changes it (whether it is done is read by reviews.reads.steps)."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from reviews import moment
from reviews.actions.steps import complete_step, reopen_step
from reviews.dates_in_words import long_date
from reviews.models import Review, StepRecord
from reviews.process import Step, get_ruleset
from reviews.reads.steps import is_done


def done_record(review: Review, key: Step) -> StepRecord | None:
    """Return the step's record if it is done."""
    return StepRecord.objects.filter(review=review, key=key, completed_on__isnull=False).first()


def complete_once(review: Review, key: Step, *, by: User, note: str) -> None:
    """Record the step as done today, unless it is already done or the process lacks it."""
    steps = get_ruleset(review.ruleset).process(review.kind).steps
    if any(step.key == key for step in steps) and not is_done(review, key):
        complete_step(review, key=key, by=by, completed_on=moment.today(), note=note)


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
