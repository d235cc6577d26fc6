"""Compute a review's schedule from its process, origin, settings, calendar and facts.

Lists of reviews compute one schedule per row, so the loop below is kept lean: the process is
compiled once per set of settings, the origin's working-day due dates come from one table
lookup, and explanations wait until `ScheduledStep.derivation()` is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from reviews.dates_in_words import short_date
from reviews.deadlines import Region, WorkingCalendar, add_months
from reviews.process import Anchor, Condition, Process, RuleSettings, Scope, Unit
from reviews.schedule.inputs import NO_FACTS, Extension, Facts, Hold, condition_holds
from reviews.schedule.steps import (
    AWARE,
    CALENDAR_DAYS,
    CALENDAR_MONTHS,
    CONSIDERATION,
    ORIGIN,
    PUBLICATION,
    STEP,
    WORKING_DAYS,
    Adjustment,
    AdjustmentKind,
    Schedule,
    ScheduledStep,
    StepPlan,
    StepState,
)

_ANCHOR_CODES = {
    Anchor.ORIGIN: ORIGIN,
    Anchor.STEP: STEP,
    Anchor.AWARE: AWARE,
    Anchor.PANEL_CONSIDERATION: CONSIDERATION,
    Anchor.PLANNED_PUBLICATION: PUBLICATION,
}
_UNIT_CODES = {
    Unit.WORKING_DAYS: WORKING_DAYS,
    Unit.CALENDAR_DAYS: CALENDAR_DAYS,
    Unit.CALENDAR_MONTHS: CALENDAR_MONTHS,
}
_ANCHOR_LABELS = {
    Anchor.AWARE: "The local authority became aware",
    Anchor.PANEL_CONSIDERATION: "The National Panel considered the rapid review",
    Anchor.PLANNED_PUBLICATION: "The planned publication date",
}

# Enum members looked up once: attribute access on an enum class is slow in Python 3.11.
_CANNOT_START = StepState.CANNOT_START
_NOT_YET_DUE = StepState.NOT_YET_DUE
_DUE_SOON = StepState.DUE_SOON
_DUE_TODAY = StepState.DUE_TODAY
_OVERDUE = StepState.OVERDUE
_ON_HOLD = StepState.ON_HOLD
_NO_DUE_DATE = StepState.NO_DUE_DATE
_DONE_ON_TIME = StepState.DONE_ON_TIME
_DONE_LATE = StepState.DONE_LATE
_DONE = StepState.DONE
# Longer counts from the origin are worked out the slow way.
_MAX_SLOT = 60
_new_step = tuple.__new__  # skips the named tuple's own __new__, a Python-level call


def compile_process(process: Process, settings: RuleSettings) -> tuple[StepPlan, ...]:
    """Compile a process for some settings into step plans, once."""
    # A list of reviews asks again and again with the same two objects: identity answers
    # that faster than hashing the settings.
    for last_process, last_settings, plans in _last_compiled:
        if last_process is process and last_settings is settings:
            return plans
    plans = _compile(process, settings)
    _last_compiled[:] = [(process, settings, plans)]
    return plans


@lru_cache(maxsize=64)
def _compile(process: Process, settings: RuleSettings) -> tuple[StepPlan, ...]:
    origin_label = process.origin_label_for(settings)
    plans = []
    for step in process.steps:
        after = process.step(step.after_step).title if step.after_step else ""
        if step.anchor is Anchor.STEP:
            anchor_label = f"“{after}” done"
        else:
            anchor_label = _ANCHOR_LABELS.get(step.anchor, origin_label)
        deadline = step.deadline
        offset = None if deadline is None else deadline.offset(settings)
        unit = -1 if deadline is None else _UNIT_CODES[deadline.unit]
        national = step.scope is Scope.NATIONAL
        slot = -1
        # The fast path reads the partnership's own calendar; national counts take the other.
        if step.anchor is Anchor.ORIGIN and unit == WORKING_DAYS and offset is not None:
            slot = offset - 1 if 0 < offset <= _MAX_SLOT and not national else -1
        plans.append(
            StepPlan(
                definition=step,
                key=step.key,
                condition=None if step.applies_when is Condition.ALWAYS else step.applies_when,
                anchor=_ANCHOR_CODES[step.anchor],
                after_step=step.after_step or "",
                unit=unit,
                offset=offset,
                slot=slot,
                rule=step.rule(settings, origin_label, after),
                anchor_label=anchor_label,
                national=national,
            )
        )
    return tuple(plans)


_last_compiled: list[tuple[Process, RuleSettings, tuple[StepPlan, ...]]] = []


@lru_cache(maxsize=8)
def calendar_for(region: Region) -> WorkingCalendar:
    """Return a region's calendar without one-off days (those come from the database)."""
    return WorkingCalendar(region)


def compute_schedule(
    process: Process,
    *,
    origin: dt.date,
    today: dt.date,
    facts: Facts = NO_FACTS,
    settings: RuleSettings = RuleSettings(),  # noqa: B008  frozen, so a safe default
    calendar: WorkingCalendar | None = None,
    national_calendar: WorkingCalendar | None = None,
    extensions: Sequence[Extension] = (),
    holds: Sequence[Hold] = (),
) -> Schedule:
    """Work out a review's schedule from its clock's `origin`, as of `today`; holds apply,
    earliest first, then extensions (national expectations: `national_calendar`, no hold)."""
    calendar = calendar or calendar_for(settings.region)
    national_calendar = national_calendar or calendar_for(settings.region)
    plans = compile_process(process, settings)
    days, first = _origin_days(calendar, origin)
    soon = calendar.add_working_days(today, settings.due_soon_working_days)  # "due soon" ends
    completed = facts.completed
    changes = (sorted(holds, key=_start), extensions) if extensions or holds else None
    steps: list[ScheduledStep] = []
    not_applicable: list[str] = []
    for plan in plans:
        if plan.condition is not None and not condition_holds(plan.condition, facts):
            not_applicable.append(plan.key)
            continue
        due: dt.date | None
        counted = national_calendar if plan.national else calendar
        if (slot := plan.slot) >= 0:  # the common case: working day N from the origin
            anchor_date: dt.date | None = origin
            due = days[first + slot]
        elif plan.offset is None and plan.anchor == STEP:  # after another step, no deadline
            anchor_date = completed.get(plan.after_step)
            due = facts.planned.get(plan.key)
        else:
            anchor_date, due = _anchor_and_due(plan, origin, facts, counted)
        original_due = due
        done = completed.get(plan.key)
        held = False
        adjustments: tuple[Adjustment, ...] = ()
        if changes is not None:
            due, adjustments, held = _adjust(plan, due, done, changes, calendar)
        # The state in one pass of comparisons, with no calls, for speed.
        if done is not None:
            state = _DONE if due is None else _DONE_ON_TIME if done <= due else _DONE_LATE
        elif anchor_date is None:
            state = _CANNOT_START
        elif due is None:
            state = _ON_HOLD if held else _NO_DUE_DATE
        elif due < today:
            state = _OVERDUE
        elif due == today:
            state = _DUE_TODAY
        else:
            state = _DUE_SOON if due <= soon else _NOT_YET_DUE
        step = (plan, state, due, original_due, done, anchor_date, adjustments, counted)
        steps.append(_new_step(ScheduledStep, step))
    return Schedule(process, origin, today, tuple(steps), tuple(not_applicable))


def _origin_days(calendar: WorkingCalendar, origin: dt.date) -> tuple[Sequence[dt.date], int]:
    """Return the calendar's working days, and the index of the first after the origin."""
    days, first = calendar.working_days_after(origin)
    if first + _MAX_SLOT >= len(days):  # near the table's end: widen it first
        calendar.add_working_days(origin, _MAX_SLOT + 1)
        days, first = calendar.working_days_after(origin)
    return days, first


def _anchor_and_due(
    plan: StepPlan, origin: dt.date, facts: Facts, calendar: WorkingCalendar
) -> tuple[dt.date | None, dt.date | None]:
    """Find a step's anchor date and work out its due date from it (None if unknown)."""
    anchor = plan.anchor
    if anchor == ORIGIN:
        anchor_date: dt.date | None = origin
    elif anchor == STEP:
        anchor_date = facts.completed.get(plan.after_step)
    elif anchor == AWARE:
        anchor_date = facts.aware
    elif anchor == CONSIDERATION:
        anchor_date = facts.panel_consideration
    else:
        anchor_date = facts.planned_publication
    offset = plan.offset
    if offset is None:
        return anchor_date, facts.planned.get(plan.key)
    if anchor_date is None:
        return None, None
    if plan.unit == WORKING_DAYS:
        return anchor_date, calendar.add_working_days(anchor_date, offset)
    if plan.unit == CALENDAR_DAYS:
        return anchor_date, anchor_date + dt.timedelta(days=offset)
    return anchor_date, add_months(anchor_date, offset)


def _start(hold: Hold) -> dt.date:
    return hold.start


def _adjust(
    plan: StepPlan,
    due: dt.date | None,
    done: dt.date | None,
    changes: tuple[Sequence[Hold], Sequence[Extension]],
    calendar: WorkingCalendar,
) -> tuple[dt.date | None, tuple[Adjustment, ...], bool]:
    """Apply holds (earliest first), then extensions, to one step's due date; say whether it
    is on hold."""
    holds, extensions = changes
    after_holds, for_holds, stopped = _apply_holds(plan, due, done, holds, calendar)
    current, for_extensions = _apply_extensions(plan, after_holds, extensions, calendar)
    return current, (*for_holds, *for_extensions), stopped and current is None


def _apply_holds(
    plan: StepPlan,
    due: dt.date | None,
    done: dt.date | None,
    holds: Sequence[Hold],
    calendar: WorkingCalendar,
) -> tuple[dt.date | None, list[Adjustment], bool]:
    """Move the due date past each hold, earliest first, that it was still running at (None:
    an open hold stopped it, and the flag says so)."""
    adjustments: list[Adjustment] = []
    current: dt.date | None = due
    stopped = False
    for hold in holds:
        if hold.steps:  # a hold on some steps only, planned dates included
            if plan.key in hold.steps and (done is None or done >= hold.start):
                adjustment = _step_hold(plan, hold, current, calendar)
                adjustments.append(adjustment)
                current, stopped = adjustment.due_after, stopped or hold.end is None
            continue
        # A hold stops the review's own clock, and only deadlines still running when it starts;
        # dates counted from the Panel's or the partnership's own dates stay where they are.
        if plan.anchor != ORIGIN or plan.offset is None or current is None:
            continue
        if current < hold.start or (done is not None and done < hold.start):
            continue
        if plan.national:
            adjustments.append(_national_hold(hold, current))
            continue
        if hold.end is None:
            moved, stopped = None, True
            words = f"On hold from {short_date(hold.start)}"
        elif plan.unit == WORKING_DAYS:
            paused = calendar.working_days_in(hold.start, hold.end)
            moved = calendar.add_working_days(current, paused)
            words = (
                f"On hold {short_date(hold.start)} to {short_date(hold.end)}: {paused} working days"
            )
        else:
            paused = (hold.end - hold.start).days + 1
            moved = current + dt.timedelta(days=paused)
            words = f"On hold {short_date(hold.start)} to {short_date(hold.end)}: {paused} days"
        adjustments.append(
            Adjustment(
                AdjustmentKind.HOLD,
                words,
                hold.reason,
                hold.recorded_by,
                hold.recorded_on,
                current,
                moved,
            )
        )
        current = moved
    return current, adjustments, stopped


def _step_hold(
    plan: StepPlan, hold: Hold, due: dt.date | None, calendar: WorkingCalendar
) -> Adjustment:
    """Hold one step: open, it stops (no due date); ended, its date moves by the days held."""
    moved: dt.date | None = None
    if hold.end is None:
        words = f"On hold from {short_date(hold.start)}"
    elif plan.unit in {WORKING_DAYS, -1}:  # working days, or a planned date
        paused = calendar.working_days_in(hold.start, hold.end)
        moved = None if due is None else calendar.add_working_days(due, paused)
        words = f"On hold {short_date(hold.start)} to {short_date(hold.end)}: {paused} working days"
    else:
        paused = (hold.end - hold.start).days + 1
        moved = None if due is None else due + dt.timedelta(days=paused)
        words = f"On hold {short_date(hold.start)} to {short_date(hold.end)}: {paused} days"
    return Adjustment(
        AdjustmentKind.HOLD, words, hold.reason, hold.recorded_by, hold.recorded_on, due, moved
    )


def _national_hold(hold: Hold, due: dt.date) -> Adjustment:
    """Note a hold over a national expectation: stated as the reason, never moving the date."""
    span = (
        f"from {short_date(hold.start)}"
        if hold.end is None
        else f"{short_date(hold.start)} to {short_date(hold.end)}"
    )
    return Adjustment(
        AdjustmentKind.HOLD,
        f"On hold {span}: a national expectation, so the date does not move",
        hold.reason,
        hold.recorded_by,
        hold.recorded_on,
        due,
        due,
    )


def _apply_extensions(
    plan: StepPlan, due: dt.date | None, extensions: Sequence[Extension], calendar: WorkingCalendar
) -> tuple[dt.date | None, list[Adjustment]]:
    """Move the due date by each of the step's extensions, in the order given."""
    adjustments: list[Adjustment] = []
    current = due
    for extension in extensions:
        if extension.step != plan.key or current is None:
            continue
        if extension.new_date is not None:
            moved = extension.new_date
            words = f"Extended to {short_date(moved)}"
        else:
            days = extension.working_days or 0
            moved = calendar.add_working_days(current, days)
            words = f"Extended by {days} working day{'' if days == 1 else 's'}"
        agreed = extension.agreed_with_panel_on
        if agreed is not None:
            words += f", as agreed with the National Panel on {short_date(agreed)}"
        adjustments.append(
            Adjustment(
                AdjustmentKind.EXTENSION,
                words,
                extension.reason,
                extension.granted_by,
                extension.granted_on,
                current,
                moved,
            )
        )
        current = moved
    return current, adjustments
