"""What the learning and action plan pages share: the words for a clash, the tags for a status,
which actions are overdue, and the choices the forms offer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from accounts.models import Organisation
from reviews.models import OPEN_ACTION_STATUSES, ActionStatus, PlanAction, Review, Theme

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


def is_overdue(action: PlanAction, today: dt.date) -> bool:
    """Open (not confirmed or withdrawn) and past its due date."""
    return action.status in OPEN_ACTION_STATUSES and action.due_on < today


def organisation_choices(review: Review) -> list[tuple[int, str]]:
    """The organisations of the review's partnership, by name."""
    return list(
        Organisation.objects.filter(partnership=review.partnership_id)
        .order_by("name")
        .values_list("pk", "name")
    )


def theme_choices(review: Review, *, keep: Sequence[int] = ()) -> list[tuple[int, str]]:
    """Themes in use, and any retired ones already on the record being changed."""
    return list(
        Theme.objects.filter(partnership=review.partnership_id)
        .filter(Q(active=True) | Q(pk__in=list(keep)))
        .order_by("name")
        .values_list("pk", "name")
    )


def partnership_themes(review: Review, chosen: Sequence[int]) -> list[Theme]:
    """The chosen themes, only those of the review's partnership."""
    return list(Theme.objects.filter(pk__in=chosen, partnership=review.partnership_id))
