"""What the working day 1 actions share: dates in words, links, and the checks they all make."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError
from reviews.actions.members import add_review_member
from reviews.mail import absolute_url
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole, StepRecord
from reviews.process import Step


def long_date(day: dt.date) -> str:
    """Write a date as GOV.UK does: "Friday 27 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def long_moment(moment: dt.datetime) -> str:
    """Write a moment in UK time: "Friday 20 March 2026 at 2:00pm"."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    noon = 12
    return f"{long_date(local.date())} at {hour}:{local:%M}{'am' if local.hour < noon else 'pm'}"


def link_to(name: str, **kwargs: int) -> str:
    """Return the address of a page, to follow from an inbox."""
    return absolute_url(reverse(name, kwargs=kwargs))


def check_open_rapid_review(review: Review) -> None:
    """Refuse working day 1 actions on an LCSPR or a closed review."""
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise ActionError("Working day 1 steps belong to a rapid review.")
    if not review.is_open:
        raise ActionError(f"{review.case_code} is closed.")


def is_done(review: Review, key: Step) -> bool:
    return StepRecord.objects.filter(review=review, key=key, completed_on__isnull=False).exists()


def check_recorded_on(review: Review, day: dt.date, *, what: str, field: str) -> None:
    """Refuse a date something was done that is in the future or before the review began."""
    if day > moment.today():
        raise ActionError(f"{what} cannot be in the future.", field=field)
    if day < review.origin:
        raise ActionError(
            f"{what} cannot be before the review started, {long_date(review.origin)}.",
            field=field,
        )


def join(
    review: Review, user: User, role: ReviewRole, *, by: User, organisation: Organisation | None
) -> None:
    """Give a person a part in the review unless they already have it."""
    existing = ReviewMember.objects.filter(review=review, user=user, role=role, active=True).first()
    if existing is None:
        add_review_member(review, user=user, role=role, organisation=organisation, by=by)
    elif organisation is not None and existing.organisation_id != organisation.pk:
        # One membership per role: a person answering for two organisations would see only one.
        raise ActionError(
            f"{user} already answers for another organisation on {review.case_code}. "
            f"Choose someone else to answer for {organisation.name}.",
            field="contributor",
        )
