"""The period under review (confirm-scope) and the timeline (confirm-timeline)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.guards import WORKING_DAY_ONE, check_open_rapid_review, check_recorded_on
from reviews.actions.records import edit_with_version_check, keeping_refused_edits
from reviews.actions.review.members import join
from reviews.actions.steps import complete_step
from reviews.clock import schedule_for
from reviews.dates_in_words import long_date
from reviews.deadlines import add_months
from reviews.event_types import EventType
from reviews.models import Review, ReviewRole
from reviews.process import Step
from reviews.reads.steps import is_done
from reviews.reads.working_day_one import incident_date, partner_leads, period_chairs

# The longest period under review the service accepts: a care leaver's childhood.
MAX_PERIOD_YEARS = 25


def _check_period(review: Review, *, start: dt.date, end: dt.date) -> None:
    """Refuse a period that ends before it starts, in the future or after the incident, or
    is longer than MAX_PERIOD_YEARS."""
    if start >= end:
        raise ActionError("The date the period ends must be after the date it starts.", field="end")
    if end > moment.today():
        raise ActionError("The date the period ends cannot be in the future.", field="end")
    incident = incident_date(review)
    if incident is not None and end > incident:
        raise ActionError(
            f"The period under review must end by the incident, {long_date(incident)}.",
            field="end",
        )
    if start < add_months(end, -12 * MAX_PERIOD_YEARS):
        raise ActionError(
            f"The period under review can be at most {MAX_PERIOD_YEARS} years long.", field="start"
        )


def _chair_role(review: Review, chair: User) -> ReviewRole:
    """The part the chair confirms the period in; refuse anyone who may not confirm it."""
    role = next((role for person, role in period_chairs(review) if person.pk == chair.pk), None)
    if role is None:
        raise ActionError(
            "Choose the CSPR subgroup chair, or the partnership chair in their absence.",
            field="chair",
        )
    return role


def confirm_period(
    review: Review,
    *,
    by: User,
    expected_version: int,
    start: dt.date,
    end: dt.date,
    chair: User,
    confirmed_on: dt.date,
) -> Review:
    """Record the period under review and the chair who confirmed it (confirm-scope).

    Confirming again corrects the period; the step keeps the date it was first done.
    """
    check_open_rapid_review(review, WORKING_DAY_ONE)
    _check_period(review, start=start, end=end)
    check_recorded_on(
        review, confirmed_on, what="The date the period was confirmed", field="confirmed_on"
    )
    role = _chair_role(review, chair)
    with keeping_refused_edits():
        updated = edit_with_version_check(
            review,
            review=review,
            by=by,
            expected_version=expected_version,
            values={
                "period_start": start,
                "period_end": end,
                "period_confirmed_by_id": chair.pk,
            },
            changed=EventType.PERIOD_CONFIRMED,
            event_detail={
                "period": f"{long_date(start)} to {long_date(end)}",
                "chair": chair.full_name,
                "chair_role": role.label,
                "confirmed_on": long_date(confirmed_on),
            },
        )
        join(review, chair, role, by=by, organisation=None)
        if not is_done(review, Step.CONFIRM_SCOPE):
            complete_step(review, key=Step.CONFIRM_SCOPE, by=by, completed_on=confirmed_on)
    return updated


def confirm_timeline(review: Review, *, by: User, confirmed_on: dt.date) -> list[User]:
    """Send the timeline and its deadlines to the statutory partner leads (confirm-timeline).

    Sending it again (after an extension, say) is allowed; the step keeps its first date.
    """
    check_open_rapid_review(review, WORKING_DAY_ONE)
    check_recorded_on(
        review, confirmed_on, what="The date the timeline was confirmed", field="confirmed_on"
    )
    leads = partner_leads(review)
    if not leads:
        raise ActionError(
            "There is no statutory partner lead to send the timeline to yet. Send the requests "
            "for information first: the person answering for each partner becomes its lead."
        )
    steps = [
        {"title": step.title, "due": long_date(step.due)}
        for step in schedule_for(review).steps
        if step.due is not None
    ]
    with transaction.atomic():
        record_event(
            review,
            EventType.TIMELINE_CONFIRMED,
            by=by,
            confirmed_on=long_date(confirmed_on),
            sent_to=[lead.full_name for lead in leads],
        )
        if not is_done(review, Step.CONFIRM_TIMELINE):
            complete_step(review, key=Step.CONFIRM_TIMELINE, by=by, completed_on=confirmed_on)
        emails.timeline_confirmed(review, to=leads, steps=steps)
    return leads
