"""Regulation 14 monitoring of an LCSPR: a dated log of checkpoints on time taken and quality,
and of written requests to the independent author, with the author's replies.

Reg. 14 (Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018):
the partners monitor the review's progress, and any request to the reviewer for information
or a draft is made in writing. The log is that writing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import User
from reviews import emails
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_day, check_length, check_open_lcspr, locked_open_lcspr
from reviews.actions.records import edit_with_version_check
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import MonitoringEntry, Review, ReviewMember, ReviewRole


def record_checkpoint(
    review: Review, *, by: User, dated: dt.date, on_time: bool, findings: str
) -> MonitoringEntry:
    """Record a checkpoint: is the review on time, and what was found about the time taken and
    the quality of the work."""
    findings = findings.strip()
    if not findings:
        raise ActionError("Enter the findings on time taken and quality", field="findings")
    check_length(
        findings, limit=max_length(MonitoringEntry, "text"), label="Findings", field="findings"
    )
    check_day(review, dated, what="The date of the checkpoint", field="dated")
    with transaction.atomic():
        locked_open_lcspr(review)
        entry = MonitoringEntry.objects.create(
            review=review,
            kind=MonitoringEntry.Kind.CHECKPOINT,
            dated=dated,
            on_time=on_time,
            text=findings,
            recorded_by=by,
        )
        record_event(
            review,
            EventType.MONITORING_CHECKPOINT,
            by=by,
            dated=long_date(dated),
            on_time=on_time,
        )
    return entry


def author_emails(review: Review) -> list[str]:
    """The addresses of the review's independent author (usually one)."""
    return sorted(
        ReviewMember.objects.filter(
            review=review,
            role=ReviewRole.INDEPENDENT_AUTHOR,
            active=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def ask_author(review: Review, *, by: User, dated: dt.date, text: str) -> MonitoringEntry:
    """Record a written request to the independent author for information or a draft, and
    email the author a link to it (the request itself stays behind sign-in)."""
    text = text.strip()
    if not text:
        raise ActionError("Enter the request to the author", field="text")
    check_length(text, limit=max_length(MonitoringEntry, "text"), label="Request", field="text")
    check_day(review, dated, what="The date of the request", field="dated")
    with transaction.atomic():
        locked_open_lcspr(review)
        recipients = author_emails(review)
        if not recipients:
            raise ActionError(
                "No independent author takes part in this review yet: commission one first."
            )
        entry = MonitoringEntry.objects.create(
            review=review,
            kind=MonitoringEntry.Kind.REQUEST,
            dated=dated,
            text=text,
            recorded_by=by,
        )
        record_event(review, EventType.AUTHOR_ASKED, by=by, dated=long_date(dated))
        emails.author_asked(entry, to=recipients)
    return entry


def record_author_reply(
    review: Review,
    *,
    by: User,
    entry: MonitoringEntry,
    expected_version: int,
    replied_on: dt.date,
    reply: str,
) -> MonitoringEntry:
    """Record the author's reply to a written request (a later save corrects it, naming the
    version it started from)."""
    if entry.review_id != review.pk or entry.kind != MonitoringEntry.Kind.REQUEST:
        raise ActionError("Only a written request to the author can have a reply.")
    reply = reply.strip()
    if not reply:
        raise ActionError("Enter the reply", field="reply")
    check_length(reply, limit=max_length(MonitoringEntry, "reply"), label="Reply", field="reply")
    check_day(
        review,
        replied_on,
        what="The date of the reply",
        field="replied_on",
        not_before=entry.dated,
    )
    check_open_lcspr(review)
    return edit_with_version_check(
        entry,
        review=review,
        by=by,
        expected_version=expected_version,
        values={"reply": reply, "replied_on": replied_on, "replied_by": by},
        changed=EventType.AUTHOR_REPLIED,
        describe_values=False,
        event_detail={"replied_on": long_date(replied_on)},
    )
