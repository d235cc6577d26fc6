"""The period under review (confirm-scope) and the timeline (confirm-timeline)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import PartnershipRole, User
from reviews import moment
from reviews.actions.base import ActionError, EditConflict, edit_with_version_check, record_event
from reviews.actions.steps import complete_step
from reviews.actions.working_day_one.common import (
    check_open_rapid_review,
    check_recorded_on,
    is_done,
    join,
    link_to,
    long_date,
)
from reviews.clock import schedule_for
from reviews.deadlines import add_months
from reviews.event_types import EventType
from reviews.mail import send_email
from reviews.models import Notification, Review, ReviewRole
from reviews.process import Step

# The longest period under review the service accepts: a care leaver's childhood.
MAX_PERIOD_YEARS = 25


def period_chairs(review: Review) -> list[tuple[User, ReviewRole]]:
    """Return who may confirm the period: the CSPR subgroup chairs first, then the partnership
    chairs, who confirm in the subgroup chair's absence (domain.md, confirm-scope)."""
    found: dict[int, tuple[User, ReviewRole]] = {}
    for row in PartnershipRole.objects.filter(
        partnership=review.partnership_id,
        role__in=[PartnershipRole.Role.CSPR_SUBGROUP_CHAIR, PartnershipRole.Role.PARTNERSHIP_CHAIR],
        user__is_active=True,
        user__partnership=review.partnership_id,
    ).select_related("user"):
        role = (
            ReviewRole.SUBGROUP_CHAIR
            if row.role == PartnershipRole.Role.CSPR_SUBGROUP_CHAIR
            else ReviewRole.PARTNERSHIP_CHAIR
        )
        if row.user_id not in found or role == ReviewRole.SUBGROUP_CHAIR:
            found[row.user_id] = (row.user, role)
    return sorted(
        found.values(), key=lambda pair: (pair[1] != ReviewRole.SUBGROUP_CHAIR, pair[0].full_name)
    )


def incident_date(review: Review) -> dt.date | None:
    """Return the date of the incident from the notification, if one is recorded."""
    return (
        Notification.objects.filter(review=review).values_list("incident_date", flat=True).first()
    )


def default_period(incident: dt.date) -> tuple[dt.date, dt.date]:
    """Return the default period under review: the 12 months before the incident."""
    return add_months(incident, -12), incident


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
    check_open_rapid_review(review)
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
    check_recorded_on(
        review, confirmed_on, what="The date the period was confirmed", field="confirmed_on"
    )
    role = next((role for person, role in period_chairs(review) if person.pk == chair.pk), None)
    if role is None:
        raise ActionError(
            "Choose the CSPR subgroup chair, or the partnership chair in their absence.",
            field="chair",
        )
    conflict: EditConflict | None = None
    with transaction.atomic():
        try:
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
        except EditConflict as clash:
            # Caught inside, raised outside: the refused attempt stays on record.
            conflict = clash
        else:
            join(review, chair, role, by=by, organisation=None)
            if not is_done(review, Step.CONFIRM_SCOPE):
                complete_step(review, key=Step.CONFIRM_SCOPE, by=by, completed_on=confirmed_on)
    if conflict is not None:
        raise conflict
    return updated


def partner_leads(review: Review) -> list[User]:
    """Return the review's statutory partner leads, who receive the timeline."""
    return list(
        User.objects.filter(
            review_memberships__review=review,
            review_memberships__role=ReviewRole.STATUTORY_PARTNER_LEAD,
            review_memberships__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def confirm_timeline(review: Review, *, by: User, confirmed_on: dt.date) -> list[User]:
    """Send the timeline and its deadlines to the statutory partner leads (confirm-timeline).

    Sending it again (after an extension, say) is allowed; the step keeps its first date.
    """
    check_open_rapid_review(review)
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
        send_email(
            to=[lead.email for lead in leads],
            subject=f"{review.case_code}: timeline and deadlines of the rapid review",
            template="timeline_confirmed",
            context={
                "case_code": review.case_code,
                "partnership": review.partnership.name,
                "steps": steps,
                "link": link_to("reviews:timeline", pk=review.pk),
            },
        )
    return leads
