"""Reads for the partners' decisions (working day 9) and the decision meeting (working day
11): the statutory partners a review needs, whom each person speaks for, and who the meeting
lacked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from accounts.models import Organisation, User
from reviews.models import Attendance, InformationRequest, Review, ReviewMember, ReviewRole


def review_partners(review: Review) -> list[Organisation]:
    """The statutory partners whose decisions the review needs: those asked for information
    on it, or, if none has been asked yet, every statutory partner of the partnership.

    A partnership may have two children's social care organisations; only the one asked
    about this child then decides.
    """
    partners = Organisation.objects.filter(
        partnership=review.partnership_id, is_statutory_partner=True
    ).order_by("name")
    asked = list(
        partners.filter(
            pk__in=InformationRequest.objects.filter(review=review).values("organisation")
        )
    )
    return asked or list(partners)


def speaking_for(review: Review, people: Iterable[User]) -> dict[int, Organisation]:
    """Return the organisation each person speaks for on the review, by person id: a
    statutory partner they lead for first, else the agency they answer for."""
    members = (
        ReviewMember.objects.filter(
            review=review,
            active=True,
            user__in=[person.pk for person in people],
            role__in=[ReviewRole.STATUTORY_PARTNER_LEAD, ReviewRole.AGENCY_CONTRIBUTOR],
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    found: dict[int, Organisation] = {}
    for member in sorted(members, key=lambda each: each.role != ReviewRole.STATUTORY_PARTNER_LEAD):
        if member.organisation is not None:
            found.setdefault(member.user_id, member.organisation)
    return found


def meeting_gaps(attendance: Sequence[Attendance], legal_ids: Iterable[int]) -> list[str]:
    """Say who the decision meeting lacked: each kind of statutory partner and the local
    authority legal representative take part (domain.md, step decision-meeting).

    ``attendance`` with each row's organisation selected; ``legal_ids`` the people with the
    legal representative's part in the review. Nothing is said before attendance is recorded.
    """
    if not attendance:
        return []
    came = [row for row in attendance if row.attended]
    kinds = {row.organisation.kind for row in came if row.organisation is not None}
    gaps = [
        f"Nobody from {label[0].lower()}{label[1:]} attended."
        for kind, label in Organisation.Kind.choices
        if kind in Organisation.STATUTORY_KINDS and kind not in kinds
    ]
    legal = set(legal_ids)
    if not any(row.user_id in legal for row in came):
        gaps.append("The local authority legal representative did not attend.")
    return gaps
