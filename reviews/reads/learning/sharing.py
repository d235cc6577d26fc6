"""Reads for sharing a review's learning: the organisations a person may record sharing for."""

from __future__ import annotations

from accounts.models import Organisation, User
from reviews.models import Review
from reviews.permissions import GRANTS, Permission, organisations_spoken_for, standing_on


def organisations_recording_for(user: User, review: Review) -> list[Organisation]:
    """The organisations this person may record sharing for on this review: any of the
    partnership's when they run the review (the business team), otherwise those they speak for.
    """
    if standing_on(user, review) & GRANTS[Permission.RUN_REVIEW]:
        return list(Organisation.objects.filter(partnership=review.partnership_id).order_by("name"))
    return organisations_spoken_for(user, review)
