"""Reads for working day 1 of a rapid review: the default period under review, who confirms
the period and receives the timeline, the legal representatives told of the requests, when
information is due, and the working day 11 decision meeting and who may be invited to it."""

from __future__ import annotations

import datetime as dt

from accounts.models import PartnershipRole, User
from reviews.clock import schedule_for
from reviews.deadlines import add_months
from reviews.models import Meeting, MeetingKind, Notification, Review, ReviewMember, ReviewRole
from reviews.process import Step
from reviews.reads import authorities


def default_period(incident: dt.date) -> tuple[dt.date, dt.date]:
    """Return the default period under review: the 12 months before the incident."""
    return add_months(incident, -12), incident


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


def information_due(review: Review) -> dt.date | None:
    """Return the schedule's due date for returning information (working day 5), if any."""
    return schedule_for(review).step(Step.INFORMATION_RETURNED).due


def legal_representatives(review: Review) -> list[User]:
    """Return the legal representatives of the local authority whose legal services get the
    request details (reviews.reads.authorities)."""
    return authorities.legal_representatives(review)


def decision_meeting(review: Review) -> Meeting | None:
    """Return the review's working day 11 meeting, if it has been arranged."""
    return (
        Meeting.objects.filter(review=review, kind=MeetingKind.DECISION)
        .select_related("review__partnership")
        .first()
    )


def meeting_candidates(review: Review) -> list[tuple[User, list[ReviewMember]]]:
    """Return the people who may be invited (the review's active members), with their parts."""
    found: dict[int, tuple[User, list[ReviewMember]]] = {}
    for member in (
        ReviewMember.objects.filter(review=review, active=True, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("user__full_name", "role")
    ):
        found.setdefault(member.user_id, (member.user, []))[1].append(member)
    return list(found.values())
