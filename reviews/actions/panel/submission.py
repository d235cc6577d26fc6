"""The report sent to the National Panel, and the Panel's acknowledgement (steps
report-submitted and panel-acknowledged)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.completion import record_step_on
from reviews.actions.guards import PANEL, check_day, check_length, locked_open_rapid_review
from reviews.actions.records import changes_of, refused
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    PanelSubmission,
    ReportVersion,
    Review,
)
from reviews.process import Step
from reviews.reads.panel import missing_approvals

# The Panel usually considers a rapid review within weeks; a year ahead is a typing mistake.
MAX_DAYS_AHEAD = 366


def submit_report_to_panel(
    review: Review,
    *,
    by: User,
    expected_version: int,
    report_version: ReportVersion,
    sent_on: dt.date,
    sent_to: str,
) -> PanelSubmission:
    """Record the report sent to the National Panel (completes report-submitted), or correct it.

    ``expected_version`` is 0 when nothing was recorded yet, otherwise the submission's version
    the person started from. A version lacking approvals can be sent (the business team may
    have to meet the working day 15 deadline); the event says which approvals it lacked.
    """
    sent_to = sent_to.strip()
    if not sent_to:
        raise ActionError("Enter who the report was sent to", field="sent_to")
    check_length(
        sent_to, limit=max_length(PanelSubmission, "sent_to"), label="Sent to", field="sent_to"
    )
    if report_version.review_id != review.pk:
        raise ActionError("Choose a version of this review's report", field="report_version")
    check_day(review, sent_on, what="The date the report was sent", field="sent_on")
    values: dict[str, Any] = {
        "report_version": report_version,
        "sent_on": sent_on,
        "sent_to": sent_to,
    }
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        submission = PanelSubmission.objects.filter(review=review).first()
        if (submission.version if submission else 0) == expected_version:
            acknowledged = submission.acknowledged_on if submission else None
            if acknowledged is not None and sent_on > acknowledged:
                raise ActionError(
                    "The date the report was sent must be on or before the date the Panel "
                    f"acknowledged it, {long_date(acknowledged)}.",
                    field="sent_on",
                )
            return _save_submission(review, submission, by=by, values=values)
        # Kept outside the rollback: the refused attempt stays on record.
        conflict = refused(
            review,
            by=by,
            record=submission,
            label="Submission to the Panel",
            expected_version=expected_version,
            values=values,
        )
    raise conflict


def _save_submission(
    review: Review, submission: PanelSubmission | None, *, by: User, values: dict[str, Any]
) -> PanelSubmission:
    missing = missing_approvals(values["report_version"])
    detail: dict[str, Any] = {
        "number": values["report_version"].number,
        "sent_on": long_date(values["sent_on"]),
        "sent_to": values["sent_to"],
        "missing_approvals": missing,
    }
    if submission is None:
        submission = PanelSubmission(review=review, sent_by=by, **values)
    else:
        detail["correction"] = True
        detail["changes"] = changes_of(submission, values)
        for name, value in values.items():
            setattr(submission, name, value)
        submission.version += 1
    saved_by(submission, by)
    submission.save()
    record_event(review, EventType.REPORT_SUBMITTED, by=by, **detail)
    record_step_on(review, key=Step.REPORT_SUBMITTED, by=by, on=values["sent_on"])
    return submission


def record_acknowledgement(
    review: Review,
    *,
    by: User,
    expected_version: int,
    acknowledged_on: dt.date,
    consideration_date: dt.date,
    panel_reference: str = "",
) -> PanelSubmission:
    """Record the Panel's receipt, its reference number for the case and the date it will
    consider the case (panel-acknowledged).

    The clock then gives panel-response its due date: the consideration date plus 10 days.
    """
    panel_reference = panel_reference.strip()
    check_length(
        panel_reference,
        limit=max_length(PanelSubmission, "panel_reference"),
        label="The Panel's reference",
        field="panel_reference",
    )
    values: dict[str, Any] = {
        "acknowledged_on": acknowledged_on,
        "consideration_date": consideration_date,
        "panel_reference": panel_reference,
    }
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        submission = PanelSubmission.objects.select_for_update().filter(review=review).first()
        if submission is None:
            raise ActionError("Record the report sent to the National Panel first.")
        _check_acknowledgement(review, submission, acknowledged_on, consideration_date)
        if submission.version == expected_version:
            first = submission.acknowledged_on is None
            changes = changes_of(submission, values)
            for name, value in values.items():
                setattr(submission, name, value)
            submission.version += 1
            saved_by(submission, by)
            submission.save()
            record_event(
                review,
                EventType.PANEL_ACKNOWLEDGED,
                by=by,
                acknowledged_on=long_date(acknowledged_on),
                consideration_date=long_date(consideration_date),
                panel_reference=panel_reference,
                **({} if first else {"correction": True, "changes": changes}),
            )
            record_step_on(review, key=Step.PANEL_ACKNOWLEDGED, by=by, on=acknowledged_on)
            return submission
        conflict = refused(
            review,
            by=by,
            record=submission,
            label="Submission to the Panel",
            expected_version=expected_version,
            values=values,
        )
    raise conflict


def _check_acknowledgement(
    review: Review,
    submission: PanelSubmission,
    acknowledged_on: dt.date,
    consideration_date: dt.date,
) -> None:
    check_day(
        review,
        acknowledged_on,
        what="The date the Panel acknowledged the report",
        field="acknowledged_on",
        not_before=submission.sent_on,
    )
    if consideration_date < submission.sent_on:
        raise ActionError(
            "The date the Panel will consider the case must be on or after the date the "
            f"report was sent, {long_date(submission.sent_on)}.",
            field="consideration_date",
        )
    if consideration_date > moment.today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ActionError(
            "The date the Panel will consider the case must be within a year from today.",
            field="consideration_date",
        )
