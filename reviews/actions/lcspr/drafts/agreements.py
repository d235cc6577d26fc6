"""The review panel's agreement of the final draft, member by member, and each agency's
confirmation that a version is factually accurate.

As with the terms of reference (reviews.actions.lcspr.planning.terms), each review panel member
and statutory partner lead agrees the newest version as the final draft; the business team then
records the panel's agreement (versions.agree_final_draft), which completes
"final-draft-agreed". Guidance: panel members clarify factual accuracy with their practitioners
and managers; each agency confirms, dated and by whom, for the organisation it speaks for.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import Organisation, User
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_length, check_open_lcspr, locked_open_lcspr
from reviews.event_types import EventType
from reviews.models import (
    DraftComment,
    DraftReport,
    FactualAccuracyConfirmation,
    FinalDraftAgreement,
    ReviewMember,
)
from reviews.permissions import organisations_spoken_for
from reviews.reads.lcspr.agreements import final_draft_not_agreed
from reviews.reads.lcspr.drafts import final_draft, newest_draft, organisations_to_sign
from reviews.reads.lcspr.planning import AGREEING_ROLES

REASON_LIMIT = 2000


def checked_reason_for_final(draft: DraftReport, reason: str) -> dict[str, str]:
    """Refuse a version recorded as the final draft while some of the review panel have not
    agreed it, without a reason (as for the terms of reference); return what the event keeps
    (who had not agreed, and why), or nothing when everyone has agreed."""
    names = final_draft_not_agreed(draft)
    reason = reason.strip()
    if not names:
        return {}
    if not reason:
        raise ActionError(
            f"Not agreed by {names}: enter why version {draft.number} is the final draft "
            "without their agreement",
            field="reason",
        )
    check_length(reason, limit=REASON_LIMIT, label="The reason", field="reason")
    return {"not_agreed": names, "reason": reason}


def _check_newest(draft: DraftReport, *, doing: str) -> None:
    newest = newest_draft(draft.review)
    if newest is None or newest.pk != draft.pk:
        raise ActionError(
            f"Version {draft.number} has been replaced by version "
            f"{newest.number if newest else draft.number}: {doing} that version instead"
        )


def agree_as_final(draft: DraftReport, *, by: User, comment: str = "") -> FinalDraftAgreement:
    """Record one review panel member's (or partner lead's) agreement of the newest version
    as the final draft: once per person, not while a comment on it is open, and not once
    another version is the agreed final."""
    review = draft.review
    check_open_lcspr(review)
    comment = comment.strip()
    check_length(
        comment,
        limit=max_length(FinalDraftAgreement, "comment"),
        label="The comment",
        field="comment",
    )
    with transaction.atomic():
        locked_open_lcspr(review)
        if not ReviewMember.objects.filter(
            review=review, user=by, active=True, role__in=list(AGREEING_ROLES)
        ).exists():
            raise ActionError(
                "Only review panel members and statutory partner leads agree the final draft"
            )
        _check_newest(draft, doing="agree")
        final = final_draft(review)
        if final is not None and final.pk != draft.pk:
            raise ActionError(f"Version {final.number} is already the agreed final draft")
        still_open = DraftComment.objects.filter(
            draft=draft, status=DraftComment.Status.OPEN
        ).count()
        if still_open:
            raise ActionError(
                f"Version {draft.number} has {still_open} open "
                f"{'comment' if still_open == 1 else 'comments'}: the author answers "
                f"{'it' if still_open == 1 else 'them'} before the panel agrees the final draft"
            )
        if FinalDraftAgreement.objects.filter(draft=draft, person=by).exists():
            raise ActionError(f"You have already agreed version {draft.number}")
        spoken_for = organisations_spoken_for(by, review)
        organisation = spoken_for[0] if spoken_for else None
        agreement = FinalDraftAgreement.objects.create(
            draft=draft, person=by, organisation=organisation, comment=comment
        )
        record_event(
            review,
            EventType.FINAL_DRAFT_MEMBER_AGREED,
            by=by,
            number=draft.number,
            organisation=organisation.name if organisation else "",
        )
    return agreement


def confirm_factual_accuracy(
    draft: DraftReport, *, by: User, organisation: Organisation, note: str = ""
) -> FactualAccuracyConfirmation:
    """Record that ``organisation`` has checked the newest version for factual accuracy.

    The person must speak for the organisation on this review, and the organisation must be
    one taking part (those that sign off); each confirms a version once.
    """
    review = draft.review
    check_open_lcspr(review)
    note = note.strip()
    check_length(
        note,
        limit=max_length(FactualAccuracyConfirmation, "note"),
        label="The note",
        field="note",
    )
    if organisation not in organisations_spoken_for(by, review):
        raise ActionError(
            f"You do not speak for {organisation.name} on this review", field="organisation"
        )
    with transaction.atomic():
        locked_open_lcspr(review)
        _check_newest(draft, doing="check")
        if organisation not in organisations_to_sign(review):
            raise ActionError(
                f"{organisation.name} is not taking part in this review", field="organisation"
            )
        if FactualAccuracyConfirmation.objects.filter(
            draft=draft, organisation=organisation
        ).exists():
            raise ActionError(
                f"{organisation.name} has already confirmed version {draft.number}",
                field="organisation",
            )
        confirmation = FactualAccuracyConfirmation.objects.create(
            draft=draft, organisation=organisation, person=by, note=note
        )
        record_event(
            review,
            EventType.FACTUAL_ACCURACY_CONFIRMED,
            by=by,
            number=draft.number,
            organisation=organisation.name,
            organisation_id=organisation.pk,
        )
    return confirmation
