"""What a hold does to each deadline of a process, in the unit the schedule moves it by.

The hold page says it before anyone starts one; `compute._apply_holds` does it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviews.process import Anchor, Process, Scope, Unit


@dataclass(frozen=True)
class HoldEffect:
    title: str
    stops: bool
    words: str


def hold_effects(process: Process) -> tuple[HoldEffect, ...]:
    """Each step with a deadline, and whether a hold stops it: local deadlines counted from the
    review's clock move by the time on hold; national expectations and dates counted from
    anything else stay where they are."""
    effects = []
    for step in process.steps:
        if step.deadline is None:
            continue
        if step.scope is Scope.NATIONAL:
            effects.append(
                HoldEffect(
                    step.title,
                    False,
                    "Does not stop: a national expectation. If it is missed while on hold it "
                    "shows as late, with the hold as the reason.",
                )
            )
        elif step.anchor is Anchor.ORIGIN:
            unit = "working days" if step.deadline.unit is Unit.WORKING_DAYS else "days"
            effects.append(HoldEffect(step.title, True, f"Stops: moves by the {unit} on hold."))
        else:
            effects.append(
                HoldEffect(
                    step.title,
                    False,
                    "Does not stop: counted from another date than the review's clock "
                    f"({step.anchor.phrase('')}).",
                )
            )
    return tuple(effects)
