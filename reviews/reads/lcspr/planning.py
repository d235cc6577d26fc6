"""Reads for planning an LCSPR: the rapid reviews a new LCSPR may follow, the people who may
be recorded at the author's introduction meeting, and the terms of reference (the latest
version, the period a first draft starts from, who agrees them and which versions the review
panel is recorded as agreeing)."""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole, TermsOfReference

# Who agrees the terms (Permission.AGREE_TERMS) and who is sent them to agree.
AGREEING_ROLES = (ReviewRole.PANEL_MEMBER, ReviewRole.STATUTORY_PARTNER_LEAD)


def rapid_reviews_without_lcspr(partnership: Partnership) -> list[Review]:
    """The partnership's rapid reviews no LCSPR follows yet: the ones a new LCSPR may name."""
    return list(
        Review.objects.filter(
            partnership=partnership, kind=ReviewKind.RAPID_REVIEW, lcsprs__isnull=True
        ).order_by("-origin", "case_code")
    )


def attendee_choices(review: Review) -> list[ReviewMember]:
    """The people taking part in the review, one row each, who may be recorded as present."""
    seen: dict[int, ReviewMember] = {}
    for member in (
        ReviewMember.objects.filter(review=review, active=True, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("user__full_name", "role")
    ):
        seen.setdefault(member.user_id, member)
    return list(seen.values())


def latest_terms(review: Review) -> TermsOfReference | None:
    return TermsOfReference.objects.filter(review=review).order_by("-number").first()


def default_terms_period(review: Review) -> tuple[dt.date | None, dt.date | None]:
    """The period a first draft starts from: the review's own, else its rapid review's."""
    if review.period_start and review.period_end:
        return review.period_start, review.period_end
    rapid = review.rapid_review
    if rapid is not None and rapid.period_start and rapid.period_end:
        return rapid.period_start, rapid.period_end
    return None, None


def agreeing_members(review: Review) -> list[ReviewMember]:
    """The review panel members and partner leads taking part, each of whom agrees the terms."""
    return list(
        ReviewMember.objects.filter(
            review=review, active=True, role__in=list(AGREEING_ROLES), user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "role")
    )


def recorded_numbers(review: Review) -> set[int]:
    """The versions the business team has recorded as agreed by the review panel."""
    return {
        int(number)
        for number in review.events.filter(
            type=EventType.TERMS_AGREED.value, detail__by_panel=True
        ).values_list("detail__number", flat=True)
        if number is not None
    }
