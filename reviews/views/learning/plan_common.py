"""What the learning and action plan pages share: refusals into forms, clashes in words, and
which actions are overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models

from reviews.actions import ActionError, EditConflict
from reviews.models import OPEN_ACTION_STATUSES, ActionStatus, Learning, PlanAction

LABELS = {
    "name": "Name",
    "description": "Description",
    "source": "Where it came from",
    "source_request": "The agency return",
    "source_detail": "More about the source",
    "summary": "Summary",
    "detail": "Detail",
    "themes": "Themes",
    "scope": "Single-agency or multi-agency",
    "organisation": "The agency",
    "text": "Recommendation",
    "learning": "The learning it answers",
    "status": "Status",
    "progress_note": "Progress so far",
    "completed_on": "Date completed",
    "evidence_note": "Evidence of completion",
}

# The Design System tag colour for each status of an action.
STATUS_TAGS = {
    ActionStatus.NOT_STARTED.value: "govuk-tag--grey",
    ActionStatus.IN_PROGRESS.value: "govuk-tag--blue",
    ActionStatus.AWAITING_CONFIRMATION.value: "govuk-tag--yellow",
    ActionStatus.CONFIRMED.value: "govuk-tag--green",
    ActionStatus.WITHDRAWN.value: "govuk-tag--grey",
}

_CHOICES: dict[str, str] = {
    **dict(Learning.Source.choices),
    **dict(Learning.Scope.choices),
    **dict(ActionStatus.choices),
}


def refuse_into(form: forms.Form, refusal: ActionError) -> None:
    """Put an action's refusal on the field it names (or the form when it names none)."""
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def in_words(value: Any) -> str:
    """Write a value of a clashing edit as people read it."""
    if isinstance(value, dt.date):
        return f"{value:%A} {value.day} {value:%B %Y}"
    if isinstance(value, list | tuple):
        return ", ".join(str(each) for each in value) or "None"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, str) and value in _CHOICES:
        return str(_CHOICES[value])
    return str(value) if value not in (None, "") else "Nothing"


def conflict_rows(conflict: EditConflict) -> list[tuple[str, str, str]]:
    return [
        (LABELS.get(name, name), in_words(conflict.theirs[name]), in_words(conflict.yours[name]))
        for name in conflict.theirs
    ]


def is_overdue(action: PlanAction, today: dt.date) -> bool:
    """Open (not confirmed or withdrawn) and past its due date."""
    return action.status in OPEN_ACTION_STATUSES and action.due_on < today
