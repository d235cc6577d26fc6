"""An LCSPR's own plan (issue 14): the steps with no statutory deadline, the date planned for
each, who set it, and whether it falls on a day the partnership does not work.

The plan's version is the number of times it has changed (one PLAN_CHANGED event each), so a
form started from an older plan is refused as an edit clash without a column of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.clock import schedule_for
from reviews.deadlines import SkippedDay
from reviews.event_types import EventType
from reviews.models import Event, Review, StepRecord
from reviews.process import Step, get_ruleset
from reviews.schedule import ScheduledStep


@dataclass(frozen=True)
class PlannedStep:
    """One step of the plan, as the plan page shows it."""

    key: Step
    field: str  # the plan form's field for it
    scheduled: ScheduledStep  # its state and due date today, holds included
    planned_on: dt.date | None
    by_hand: bool  # set on the plan page (the itinerary's dates leave it alone)
    day_off: SkippedDay | None  # the planned date is not a working day: why

    @property
    def title(self) -> str:
        return self.scheduled.title


def field_for(key: str) -> str:
    """The plan form's field for a step: its key with underscores."""
    return key.replace("-", "_")


def planned_keys(review: Review) -> tuple[Step, ...]:
    """The review's steps with no statutory deadline, in process order: the ones planned."""
    process = get_ruleset(review.ruleset).process(review.kind)
    return tuple(step.key for step in process.steps if step.deadline is None)


def plan_version(review: Review) -> int:
    """How many times the plan has changed: the version a plan form starts from."""
    return Event.objects.filter(review=review, type=EventType.PLAN_CHANGED).count()


def planned_dates(review: Review) -> dict[str, tuple[dt.date | None, bool]]:
    """Each step's planned date and whether it was set by hand, by step key."""
    return {
        key: (planned_on, by is not None)
        for key, planned_on, by in StepRecord.objects.filter(review=review).values_list(
            "key", "planned_on", "planned_by"
        )
    }


def plan_for(review: Review) -> list[PlannedStep]:
    """The plan: every step with no statutory deadline, with its date and its state today."""
    schedule = schedule_for(review)
    recorded = planned_dates(review)
    rows = []
    for key in planned_keys(review):
        scheduled = schedule.step(key)
        planned_on, by_hand = recorded.get(key, (None, False))
        day_off = None if planned_on is None else scheduled.calendar.non_working_reason(planned_on)
        rows.append(PlannedStep(key, field_for(key), scheduled, planned_on, by_hand, day_off))
    return rows
