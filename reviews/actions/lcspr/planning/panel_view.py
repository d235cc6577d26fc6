"""An LCSPR's rapid review circulated to the review panel (rapid-review-circulated), recording
to whom and when.

The business team records it (RUN_REVIEW). Circulating again (to someone who joined later)
adds to the record; the step stays done on the first date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from accounts.models import User
from reviews.actions.base import ActionError, record_event
from reviews.actions.completion import record_step_on
from reviews.actions.guards import check_day, check_length, locked_open_lcspr
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import Review, ReviewMember, StepRecord
from reviews.process import Step

OTHERS_LIMIT = 1000


def record_rapid_review_circulated(
    review: Review,
    *,
    by: User,
    circulated_on: dt.date,
    sent_to: Sequence[User] = (),
    others: str = "",
) -> list[str]:
    """Record the rapid review circulated on a date to members of the LCSPR (and anyone else,
    named in ``others``); complete rapid-review-circulated the first time. Returns the names."""
    others = others.strip()
    check_length(others, limit=OTHERS_LIMIT, label="Anyone else", field="others")
    if not sent_to and not others:
        raise ActionError("Choose who the rapid review was circulated to", field="sent_to")
    with transaction.atomic():
        locked_open_lcspr(review)
        check_day(review, circulated_on, what="The date it was circulated", field="circulated_on")
        members = set(
            ReviewMember.objects.filter(
                review=review, active=True, user__in=[each.pk for each in sent_to]
            ).values_list("user_id", flat=True)
        )
        if any(each.pk not in members for each in sent_to):
            raise ActionError("Choose people taking part in the review", field="sent_to")
        names = sorted({each.full_name for each in sent_to}) + (
            [line.strip() for line in others.splitlines() if line.strip()]
        )
        record_event(
            review,
            EventType.RAPID_REVIEW_CIRCULATED,
            by=by,
            circulated_on=long_date(circulated_on),
            sent_to=", ".join(names),
        )
        done = StepRecord.objects.filter(
            review=review, key=Step.RAPID_REVIEW_CIRCULATED, completed_on__isnull=False
        ).exists()
        if not done:
            record_step_on(
                review,
                key=Step.RAPID_REVIEW_CIRCULATED,
                by=by,
                on=circulated_on,
                note=f"Circulated to {', '.join(names)}",
            )
    return names
