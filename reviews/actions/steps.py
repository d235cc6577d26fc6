"""Recording steps as done, and changing the clock: extensions and holds, each with a reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.clock import schedule_for
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import Extension, Hold, Review, StepRecord
from reviews.process import Anchor, Process, Step, get_ruleset
from reviews.schedule import StepState

# Six months of working days: longer than any statutory period the product tracks.
MAX_EXTENSION_WORKING_DAYS = 130


def _process(review: Review) -> Process:
    return get_ruleset(review.ruleset).process(review.kind)


def _title(review: Review, key: Step) -> str:
    """The step's title, refusing a key the review's process does not have."""
    for step in _process(review).steps:
        if step.key == key:
            return step.title
    raise ActionError(f"There is no step “{key}” in a {review.get_kind_display().lower()}.")


def check_can_start(review: Review, *, key: Step) -> None:
    """Refuse a step anchored on another step while the clock says it cannot start yet (that
    step is not done), naming it: the process's own dependency, checked in one place.

    A step due from a date rather than a step (the Panel's response, from the date it considers
    the case) is left to its action: a step recorded from the partnership's files may have no
    such date.
    """
    process = _process(review)
    definition = process.step(key)
    if definition.anchor is not Anchor.STEP or not definition.after_step:
        return
    try:
        step = schedule_for(review).step(key)
    except KeyError:
        return  # its condition does not hold: the step is not waiting for anything
    if step.state is StepState.CANNOT_START:
        first = process.step(definition.after_step).title
        raise ActionError(f"“{definition.title}” cannot start until “{first}” is done.")


def complete_step(
    review: Review, *, key: Step, by: User, completed_on: dt.date, note: str = ""
) -> StepRecord:
    """Record a step as done on a date (today or earlier), with an optional note.

    Refused while the step cannot start yet (check_can_start).
    """
    title = _title(review, key)
    if completed_on > moment.today():
        raise ActionError("The date a step was done cannot be in the future.", field="completed_on")
    if completed_on < review.origin - dt.timedelta(days=366):
        raise ActionError("That date is long before the review started.", field="completed_on")
    check_can_start(review, key=key)
    with transaction.atomic():
        record, _ = StepRecord.objects.select_for_update().get_or_create(review=review, key=key)
        if record.completed_on is not None:
            raise ActionError(f"“{title}” is already recorded as done.")
        record.completed_on = completed_on
        record.completed_by = by
        record.note = note.strip()
        saved_by(record, by)
        record.save()
        record_event(
            review,
            EventType.STEP_COMPLETED,
            by=by,
            step=key,
            title=title,
            completed_on=long_date(completed_on),
            note=record.note,
        )
    return record


def reopen_step(review: Review, *, key: Step, by: User, reason: str) -> StepRecord:
    """Undo a step recorded as done by mistake; the earlier record stays in the history."""
    title = _title(review, key)
    if not reason.strip():
        raise ActionError("Say why the step is being reopened.", field="reason")
    with transaction.atomic():
        record = StepRecord.objects.select_for_update().filter(review=review, key=key).first()
        if record is None or record.completed_on is None:
            raise ActionError(f"“{title}” is not recorded as done.")
        record.completed_on = None
        record.completed_by = None
        saved_by(record, by)
        record.save()
        record_event(
            review, EventType.STEP_REOPENED, by=by, step=key, title=title, reason=reason.strip()
        )
    return record


def extend_deadline(
    review: Review,
    *,
    key: Step,
    by: User,
    reason: str,
    working_days: int | None = None,
    new_date: dt.date | None = None,
    agreed_with_panel_on: dt.date | None = None,
) -> Extension:
    """Give one step more time, by working days or to a new date; the original stays on record.

    A national expectation (Scope.NATIONAL) moves only by an extension agreed with the National
    Panel, ``agreed_with_panel_on`` the date it agreed; publication is put back by the delayed
    publication instead, which tells the Panel why (Working Together 2023).
    """
    title = _title(review, key)
    _check_extension(reason, working_days, new_date)
    with transaction.atomic():
        try:
            step = schedule_for(review).step(key)
        except KeyError:
            raise ActionError(f"“{title}” does not apply to this review yet.") from None
        if step.completed is not None:
            raise ActionError(f"“{title}” is already done.")
        if step.due is None:
            raise ActionError(f"“{title}” has no due date to extend.")
        _check_agreement(review, key, title, national=step.plan.national, on=agreed_with_panel_on)
        if new_date is not None and new_date <= step.due:
            raise ActionError(
                f"The new date must be after the current due date, {long_date(step.due)}.",
                field="new_date",
            )
        extension = Extension.objects.create(
            review=review,
            step=key,
            working_days=working_days,
            new_date=new_date,
            reason=reason.strip(),
            granted_by=by,
            agreed_with_panel=agreed_with_panel_on is not None,
            agreed_on=agreed_with_panel_on,
        )
        after = schedule_for(review).step(key)
        record_event(
            review,
            EventType.DEADLINE_EXTENDED,
            by=by,
            step=key,
            title=title,
            working_days=working_days,
            previous_due=long_date(step.due),
            original_due=long_date(step.original_due) if step.original_due else "",
            new_due=long_date(after.due) if after.due else "",
            reason=extension.reason,
            agreed_with_panel_on=long_date(agreed_with_panel_on) if agreed_with_panel_on else "",
        )
    return extension


def _check_extension(reason: str, working_days: int | None, new_date: dt.date | None) -> None:
    """Refuse an extension without its reason, or without exactly one of days and a date."""
    if not reason.strip():
        raise ActionError("Say why the deadline is being extended.", field="reason")
    if (working_days is None) == (new_date is None):
        raise ActionError("Give either a number of working days or a new date.")
    if working_days is not None and not 1 <= working_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ActionError(
            f"Extend by between 1 and {MAX_EXTENSION_WORKING_DAYS} working days.",
            field="working_days",
        )


# National expectations put back without the Panel's agreement: publication is delayed with
# the Panel and the Secretary of State told why (delay_publication), not agreed.
NATIONAL_DELAYED_NOT_AGREED = frozenset({Step.PUBLISHED})


def _check_agreement(
    review: Review, key: Step, title: str, *, national: bool, on: dt.date | None
) -> None:
    """Refuse moving a national expectation unless the Panel agreed it, on a real past day."""
    if on is not None:
        if on > moment.today():
            raise ActionError(
                "The date the Panel agreed the extension must be today or in the past.",
                field="agreed_with_panel_on",
            )
        if on < review.origin:
            raise ActionError(
                "The date the Panel agreed the extension must be on or after "
                f"{long_date(review.origin)}.",
                field="agreed_with_panel_on",
            )
        return
    if national and key not in NATIONAL_DELAYED_NOT_AGREED:
        raise ActionError(
            f"“{title}” is a national expectation: it can be extended only as agreed with the "
            "National Panel. Record the extension on the National Panel page, with the date "
            "the Panel agreed it."
        )


def start_hold(review: Review, *, by: User, start: dt.date, reason: str) -> Hold:
    """Stop the review's clock from a date, for example while criminal proceedings run."""
    if not reason.strip():
        raise ActionError("Say why the review is on hold.", field="reason")
    with transaction.atomic():
        if Hold.objects.select_for_update().filter(review=review, end__isnull=True).exists():
            raise ActionError("The review is already on hold.")
        hold = Hold.objects.create(
            review=review, start=start, reason=reason.strip(), recorded_by=by
        )
        record_event(
            review, EventType.HOLD_STARTED, by=by, start=long_date(start), reason=hold.reason
        )
    return hold


def end_hold(review: Review, *, by: User, end: dt.date) -> Hold:
    """Restart the clock: the days on hold are added to every deadline counted from the origin."""
    with transaction.atomic():
        hold = Hold.objects.select_for_update().filter(review=review, end__isnull=True).first()
        if hold is None:
            raise ActionError("The review is not on hold.")
        if end < hold.start:
            raise ActionError("A hold cannot end before it started.", field="end")
        hold.end = end
        hold.save(update_fields=["end"])
        record_event(review, EventType.HOLD_ENDED, by=by, end=long_date(end))
    return hold
