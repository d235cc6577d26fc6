"""What a schedule is computed from besides the process: recorded facts, extensions, holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reviews.process import Condition

_NOTHING: Mapping[str, dt.date] = MappingProxyType({})


def _nothing() -> Mapping[str, dt.date]:
    return _NOTHING


@dataclass(frozen=True)
class Facts:
    """What has been recorded about a review so far: the inputs its schedule depends on."""

    completed: Mapping[str, dt.date] = field(default_factory=_nothing)  # step key: date done
    aware: dt.date | None = None  # the local authority became aware
    panel_consideration: dt.date | None = None  # the National Panel considers the case
    planned_publication: dt.date | None = None
    planned: Mapping[str, dt.date] = field(default_factory=_nothing)  # step key: planned date
    panel_disagrees: bool | None = None  # None until the Panel has replied
    looked_after_child_died: bool = False  # the harm is death and a child was looked after


NO_FACTS = Facts()


def condition_holds(condition: Condition, facts: Facts) -> bool:
    """Say whether a step's condition holds on the facts recorded so far."""
    if condition is Condition.AWARENESS_DATE_KNOWN:
        return facts.aware is not None
    if condition is Condition.PANEL_DISAGREES:
        return facts.panel_disagrees is True
    if condition is Condition.PLANNED_PUBLICATION_KNOWN:
        return facts.planned_publication is not None
    if condition is Condition.LOOKED_AFTER_CHILD_DIED:
        return facts.looked_after_child_died and facts.aware is not None
    return True


@dataclass(frozen=True)
class Extension:
    """More time for one step: a number of working days, or a new date."""

    step: str
    reason: str
    granted_by: str
    granted_on: dt.date
    working_days: int | None = None
    new_date: dt.date | None = None
    # Set when the National Panel agreed the extension: the only way a national expectation
    # moves (reviews.actions.steps.extend_deadline refuses any other).
    agreed_with_panel_on: dt.date | None = None

    def __post_init__(self) -> None:
        if (self.working_days is None) == (self.new_date is None):
            raise ValueError("An extension gives either working days or a new date.")


@dataclass(frozen=True)
class Hold:
    """A stop of the review's clock from `start` to `end` included (open while `end` is None).

    A hold naming `steps` stops those steps only, planned dates included: a deferral of
    contact with the family holds the family steps (issue 14); the review's other steps run on.
    """

    start: dt.date
    end: dt.date | None
    reason: str
    recorded_by: str = ""
    recorded_on: dt.date | None = None
    steps: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("A hold cannot end before it starts.")
