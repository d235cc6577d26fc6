"""Recording that Ofsted and the Secretary of State were told of a looked-after child's death.

Working Together 2023 (chapter 5): when a looked-after child dies, the local authority notifies
Ofsted and the Secretary of State, whether or not abuse or neglect is known or suspected. The
step applies by condition (reviews.process, Condition.LOOKED_AFTER_CHILD_DIED); it is done on
the later of the two dates, once both are recorded.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError
from reviews.actions.completion import record_step_on
from reviews.actions.guards import RapidReviewPart, check_open_rapid_review
from reviews.actions.records import edit_with_version_check, keeping_refused_edits
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import Notification
from reviews.process import Step
from reviews.reads.notification import looked_after_child_died

STEP = Step.NOTIFY_OFSTED_AND_SECRETARY_OF_STATE
_PART = RapidReviewPart(
    "The notification to Ofsted and the Secretary of State belongs to a rapid review."
)


def _check_told(notification: Notification, day: dt.date, *, what: str, field: str) -> None:
    if day > moment.today():
        raise ActionError(f"{what} must be today or in the past", field=field)
    if day < notification.la_aware_on:
        raise ActionError(
            f"{what} must be on or after the date the local authority became aware, "
            f"{long_date(notification.la_aware_on)}",
            field=field,
        )


def record_ofsted_notice(
    notification: Notification,
    *,
    by: User,
    expected_version: int,
    ofsted_told_on: dt.date,
    secretary_of_state_told_on: dt.date,
) -> Notification:
    """Record the dates Ofsted and the Secretary of State were told (a correction moves them),
    and the step done on the later one. Refused unless a looked-after child died."""
    review = notification.review
    check_open_rapid_review(review, _PART)
    if not looked_after_child_died(notification):
        raise ActionError(
            "Ofsted and the Secretary of State are notified when a looked-after child dies: "
            "this notification records no looked-after child's death."
        )
    _check_told(
        notification, ofsted_told_on, what="The date Ofsted was told", field="ofsted_told_on"
    )
    _check_told(
        notification,
        secretary_of_state_told_on,
        what="The date the Secretary of State was told",
        field="secretary_of_state_told_on",
    )
    with keeping_refused_edits():
        saved = edit_with_version_check(
            notification,
            review=review,
            by=by,
            expected_version=expected_version,
            values={
                "ofsted_told_on": ofsted_told_on,
                "secretary_of_state_told_on": secretary_of_state_told_on,
            },
            changed=EventType.OFSTED_AND_SECRETARY_OF_STATE_TOLD,
            event_detail={
                "ofsted_told_on": long_date(ofsted_told_on),
                "secretary_of_state_told_on": long_date(secretary_of_state_told_on),
            },
        )
        record_step_on(review, key=STEP, by=by, on=max(ofsted_told_on, secretary_of_state_told_on))
    return saved
