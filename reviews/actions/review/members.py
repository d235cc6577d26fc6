"""Who takes part in a review."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import (
    ActionError,
    record_event,
    saved_by,
)
from reviews.event_types import EventType
from reviews.models import (
    ORGANISATION_ROLES,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
)
from reviews.permissions_partners import is_safeguarding_partner


def add_review_member(
    review: Review,
    *,
    user: User,
    role: ReviewRole,
    by: User,
    organisation: Organisation | None = None,
    delegated_by: User | None = None,
) -> ReviewMember:
    """Give a person a part in one review (and so access to what that part needs).

    A statutory partner's lead on the review decides, agrees and signs off for it, so must be
    its lead or delegated safeguarding partner, or name which of them delegated them
    (``delegated_by``, kept on the row; permissions_partners).
    """
    if user.partnership_id != review.partnership_id:
        raise ActionError("Only people in this partnership can take part.", field="user")
    if role == ReviewRole.INDEPENDENT_AUTHOR and review.kind != ReviewKind.LCSPR:
        raise ActionError("An independent author takes part in an LCSPR only.", field="role")
    if role in ORGANISATION_ROLES:
        if organisation is None:
            raise ActionError(
                "Choose the organisation this person speaks for.", field="organisation"
            )
        if organisation.partnership_id != review.partnership_id:
            raise ActionError("Choose an organisation in this partnership.", field="organisation")
        delegated_by = _delegation(user, role, organisation, delegated_by)
    elif role == ReviewRole.PANEL_MEMBER and organisation is not None:
        # A review panel member is their agency's lead on an LCSPR, so may name the agency
        # (and then comments, signs off and sees its actions for it).
        if organisation.partnership_id != review.partnership_id:
            raise ActionError("Choose an organisation in this partnership.", field="organisation")
    else:
        organisation = None
        delegated_by = None
    with transaction.atomic():
        if ReviewMember.objects.filter(review=review, user=user, role=role, active=True).exists():
            raise ActionError(f"{user} already takes part as {role.label.lower()}.", field="user")
        member = ReviewMember(
            review=review,
            user=user,
            role=role,
            organisation=organisation,
            added_by=by,
            delegated_by=delegated_by,
        )
        saved_by(member, by)
        member.save()
        record_event(
            review,
            EventType.MEMBER_ADDED,
            by=by,
            member_id=member.pk,
            user_id=user.pk,
            name=user.full_name,
            role=role.label.lower(),
            organisation=organisation.name if organisation else "",
            delegated_by=delegated_by.full_name if delegated_by else "",
        )
    return member


def _delegation(
    user: User, role: ReviewRole, organisation: Organisation, delegated_by: User | None
) -> User | None:
    """Who delegated this statutory partner's lead: nobody for one of the partner's own
    safeguarding partners; otherwise one of them, or refuse. Nobody for any other role."""
    if role != ReviewRole.STATUTORY_PARTNER_LEAD:
        return None
    if not organisation.is_statutory_partner:
        raise ActionError(
            f"{organisation.name} is not one of the statutory partners.", field="organisation"
        )
    if is_safeguarding_partner(user, organisation):
        return None
    if delegated_by is None:
        raise ActionError(
            f"{user} is not a lead or delegated safeguarding partner of {organisation.name}: "
            f"choose which of them delegated {user} on this review.",
            field="delegated_by",
        )
    if not is_safeguarding_partner(delegated_by, organisation):
        raise ActionError(
            f"{delegated_by} is not a lead or delegated safeguarding partner of "
            f"{organisation.name}: choose one who is.",
            field="delegated_by",
        )
    return delegated_by


def remove_review_member(member: ReviewMember, *, by: User) -> ReviewMember:
    """End a person's part in a review. The row stays, so the record of access survives."""
    with transaction.atomic():
        member = ReviewMember.objects.select_for_update().get(pk=member.pk)
        if not member.active:
            raise ActionError(f"{member.user} no longer takes part in this review.")
        member.active = False
        member.removed_at = moment.now()
        saved_by(member, by)
        member.save(update_fields=["active", "removed_at"])
        record_event(
            member.review,
            EventType.MEMBER_REMOVED,
            by=by,
            member_id=member.pk,
            user_id=member.user_id,
            name=member.user.full_name,
            role=ReviewRole(member.role).label.lower(),
        )
    return member


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
