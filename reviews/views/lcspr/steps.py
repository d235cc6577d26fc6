"""What the review's own page and the dashboard show of an LCSPR's steps: the publication still
to do. (Who finds which step linked is reviews.permissions.works_on_lcspr_step.)"""

from __future__ import annotations

from reviews.process import Step
from reviews.schedule import Schedule, ScheduledStep


def publication_due(schedule: Schedule) -> ScheduledStep | None:
    """An LCSPR's publication step while it is still to do (six months from the decision)."""
    try:
        step = schedule.step(Step.PUBLISHED)
    except KeyError:
        return None
    return step if step.completed is None else None
