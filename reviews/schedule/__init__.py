"""A review's schedule: every applicable step's due date and state, and how each date arose.

Pure, no ORM: the caller passes the process, origin, settings, calendar and the facts recorded
so far, and gets back a `Schedule`. Import from here: `from reviews.schedule import ...`.
"""

from reviews.schedule.compute import calendar_for, compile_process, compute_schedule
from reviews.schedule.inputs import NO_FACTS, Extension, Facts, Hold, condition_holds
from reviews.schedule.steps import (
    Adjustment,
    AdjustmentKind,
    Derivation,
    Schedule,
    ScheduledStep,
    StepPlan,
    StepState,
)

__all__ = [
    "NO_FACTS",
    "Adjustment",
    "AdjustmentKind",
    "Derivation",
    "Extension",
    "Facts",
    "Hold",
    "Schedule",
    "ScheduledStep",
    "StepPlan",
    "StepState",
    "calendar_for",
    "compile_process",
    "compute_schedule",
    "condition_holds",
]
