"""What the learning and action plan pages share: refusals into forms, clashes in words, and
which actions are overdue."""

from __future__ import annotations

import datetime as dt

from django import forms

from reviews.actions import ActionError
from reviews.models import OPEN_ACTION_STATUSES, ActionStatus, PlanAction

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


def refuse_into(form: forms.Form, refusal: ActionError) -> None:
    """Put an action's refusal on the field it names (or the form when it names none)."""
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def is_overdue(action: PlanAction, today: dt.date) -> bool:
    """Open (not confirmed or withdrawn) and past its due date."""
    return action.status in OPEN_ACTION_STATUSES and action.due_on < today
