"""What a schedule is made of: scheduled steps, their states, adjustments and derivations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from reviews.deadlines import SkippedDay, WorkingCalendar
from reviews.process import Condition, Process, Step, StepDefinition


class StepState(StrEnum):
    """Where a step stands against its due date on a given day."""

    CANNOT_START = "cannot-start-yet"  # what it is due from has not happened
    NOT_YET_DUE = "not-yet-due"
    DUE_SOON = "due-soon"
    DUE_TODAY = "due-today"
    OVERDUE = "overdue"
    ON_HOLD = "on-hold"  # an open hold has stopped its clock
    NO_DUE_DATE = "no-due-date"  # open, with no statutory deadline and no planned date
    DONE_ON_TIME = "done-on-time"
    DONE_LATE = "done-late"
    DONE = "done"  # done, with no due date to be late against

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def is_done(self) -> bool:
        return self in {StepState.DONE_ON_TIME, StepState.DONE_LATE, StepState.DONE}


class AdjustmentKind(StrEnum):
    EXTENSION = "extension"
    HOLD = "hold"


@dataclass(frozen=True)
class Adjustment:
    """A change an extension or a hold made to a due date, kept for the record."""

    kind: AdjustmentKind
    description: str
    reason: str
    by: str
    on: dt.date | None
    due_before: dt.date | None
    due_after: dt.date | None


@dataclass(frozen=True)
class Derivation:
    """How a due date was worked out: from what, by which rule, over which days off.

    `skipped` lists the non-working days the rule's own count passed over, between the anchor
    and the original due date; adjustments made since are listed separately.
    """

    origin_label: str
    origin: dt.date | None
    rule: str
    skipped: tuple[SkippedDay, ...]
    adjustments: tuple[Adjustment, ...]


# Anchor and unit codes of a compiled step, plain ints so the schedule loop compares cheaply.
ORIGIN, STEP, AWARE, CONSIDERATION, PUBLICATION = range(5)
WORKING_DAYS, CALENDAR_DAYS, CALENDAR_MONTHS = range(3)


@dataclass(frozen=True, slots=True)
class StepPlan:
    """A step definition compiled for one process and one set of partnership settings."""

    definition: StepDefinition
    key: str
    condition: Condition | None  # None: always applies
    anchor: int  # ORIGIN, STEP, ...
    after_step: str
    unit: int  # WORKING_DAYS, ...
    offset: int | None  # signed; None: no statutory deadline
    slot: int  # working day N from the origin: N - 1; -1 for any other rule
    rule: str
    anchor_label: str
    # A national expectation: counted over bank holidays only, never moved by a hold.
    national: bool = False

    @property
    def working_day(self) -> int | None:
        """Return the working-day offset, or None for a rule not counted in working days."""
        return self.offset if self.unit == WORKING_DAYS else None


class ScheduledStep(NamedTuple):
    """One applicable step of a schedule, with its due date and state on the schedule's day.

    A named tuple rather than a dataclass: a list of reviews builds thousands of these, and a
    named tuple is made several times faster.
    """

    plan: StepPlan
    state: StepState
    due: dt.date | None
    original_due: dt.date | None  # before any extension or hold
    completed: dt.date | None
    anchor_date: dt.date | None
    adjustments: tuple[Adjustment, ...]
    calendar: WorkingCalendar

    @property
    def key(self) -> str:
        return self.plan.key

    @property
    def title(self) -> str:
        return self.plan.definition.title

    @property
    def responsible(self) -> str:
        return self.plan.definition.responsible

    @property
    def working_day(self) -> int | None:
        return self.plan.working_day

    @property
    def rule(self) -> str:
        return self.plan.rule

    @property
    def is_planned(self) -> bool:
        """Say whether the due date is the partnership's planned date, not a statutory one."""
        return self.plan.offset is None and self.original_due is not None

    def derivation(self) -> Derivation:
        """Explain the due date: its origin, the rule in words, the days off it skipped."""
        plan = self.plan
        if self.is_planned:
            return Derivation(
                "Planned by the partnership",
                self.original_due,
                "No statutory deadline: the date the partnership planned",
                (),
                self.adjustments,
            )
        skipped: tuple[SkippedDay, ...] = ()
        if plan.unit == WORKING_DAYS and self.anchor_date and self.original_due:
            skipped = self.calendar.skipped_between(self.anchor_date, self.original_due)
        return Derivation(plan.anchor_label, self.anchor_date, plan.rule, skipped, self.adjustments)


@dataclass(frozen=True)
class Schedule:
    """Every applicable step of one review, in process order, as of `today`."""

    process: Process
    origin: dt.date
    today: dt.date
    steps: tuple[ScheduledStep, ...]
    not_applicable: tuple[str, ...]  # keys of the steps whose condition does not hold

    def step(self, key: Step) -> ScheduledStep:
        """Return the scheduled step with this key; raise KeyError if it does not apply."""
        for step in self.steps:
            if step.plan.key == key:
                return step
        raise KeyError(key)

    def next_deadline(self) -> ScheduledStep | None:
        """Return the open step due soonest (an overdue one, if any), or None."""
        soonest: ScheduledStep | None = None
        soonest_due = dt.date.max
        for step in self.steps:
            due = step.due
            if due is not None and step.completed is None and due < soonest_due:
                soonest, soonest_due = step, due
        return soonest

    def overdue_count(self) -> int:
        """Count the steps that are overdue today."""
        overdue = StepState.OVERDUE
        return sum(1 for step in self.steps if step.state is overdue)
