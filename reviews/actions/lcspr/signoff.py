"""Sign-off of the final draft by every statutory partner and every organisation involved.

Who signs (domain.md, step signed-off): each statutory partner of the partnership, each
organisation asked for information on the rapid review or the LCSPR (unless it answered "no
involvement"), and each organisation an active member of the LCSPR speaks for. A person signs
for an organisation they speak for on the review; the business team may record a sign-off on
an organisation's behalf, saying how it was given. Only the agreed final draft is signed: a
sign-off stays with the version it was given to, so a final that moves is signed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.lcspr.drafts import (
    SIGNED_OFF,
    complete_if_open,
    final_draft,
)
from reviews.actions.lcspr.start import check_open_lcspr, locked_open_lcspr
from reviews.event_types import EventType
from reviews.models import (
    DraftReport,
    InformationRequest,
    RequestStatus,
    Review,
    ReviewMember,
    SignOff,
)
from reviews.permissions import Permission, can, organisations_spoken_for

MAX_NOTE = 5000


def organisations_to_sign(review: Review) -> list[Organisation]:
    """Every organisation that must sign off this LCSPR's final draft, by name (one query)."""
    reviews = [review.pk] + ([review.rapid_review_id] if review.rapid_review_id else [])
    asked = (
        InformationRequest.objects.filter(review__in=reviews)
        .exclude(status=RequestStatus.NO_INVOLVEMENT)
        .values("organisation")
    )
    named = ReviewMember.objects.filter(
        review=review, active=True, organisation__isnull=False
    ).values("organisation")
    return list(
        Organisation.objects.filter(partnership=review.partnership_id)
        .filter(Q(is_statutory_partner=True) | Q(pk__in=asked) | Q(pk__in=named))
        .order_by("name")
    )


def _signed(draft: DraftReport | None) -> dict[int, SignOff]:
    if draft is None:
        return {}
    return {
        each.organisation_id: each
        for each in SignOff.objects.filter(draft=draft).select_related("person", "organisation")
    }


def still_to_sign(review: Review) -> list[Organisation]:
    """The organisations that have not yet signed off the final draft (all, if there is none)."""
    signed = _signed(final_draft(review))
    return [each for each in organisations_to_sign(review) if each.pk not in signed]


@dataclass(frozen=True)
class Signature:
    """One organisation on the sign-off page: who signed for it and when, or nobody yet."""

    organisation: Organisation
    sign_off: SignOff | None


def signatures(review: Review, draft: DraftReport | None) -> list[Signature]:
    """Each organisation that signs, with its sign-off of ``draft`` if given (two queries)."""
    signed = _signed(draft)
    return [
        Signature(organisation, signed.get(organisation.pk))
        for organisation in organisations_to_sign(review)
    ]


def sign_off_emails(review: Review) -> list[str]:
    """Who is told the final draft is ready to sign: members who speak for an organisation."""
    return list(
        ReviewMember.objects.filter(
            review=review, active=True, organisation__isnull=False, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def complete_sign_off_if_done(review: Review, draft: DraftReport, *, by: User) -> None:
    """Complete "signed-off" once every organisation has signed ``draft`` (the final)."""
    signed = set(SignOff.objects.filter(draft=draft).values_list("organisation_id", flat=True))
    needed = {each.pk for each in organisations_to_sign(review)}
    if needed and needed <= signed:
        complete_if_open(review, key=SIGNED_OFF, by=by, on=moment.today())


def sign_off_final_draft(
    draft: DraftReport,
    *,
    by: User,
    organisation: Organisation,
    on_behalf: bool = False,
    note: str = "",
) -> SignOff:
    """Sign off the final draft for one organisation.

    Signing for oneself needs the person to speak for the organisation on this review. The
    business team may record a sign-off on the organisation's behalf, with a note saying how it
    was given. When the last organisation signs, "signed-off" completes.
    """
    review = draft.review
    check_open_lcspr(review)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ActionError(f"The note must be {MAX_NOTE:,} characters or fewer", field="note")
    if on_behalf:
        if not can(by, Permission.RUN_REVIEW, review):
            raise ActionError("Only the business team records a sign-off on someone's behalf")
        if not note:
            raise ActionError(
                f"Say how {organisation.name} signed off, for example by email and when",
                field="note",
            )
    elif organisation not in organisations_spoken_for(by, review):
        raise ActionError(
            f"You do not speak for {organisation.name} on this review", field="organisation"
        )
    with transaction.atomic():
        locked_open_lcspr(review)
        final = final_draft(review)
        if final is None or final.pk != draft.pk:
            raise ActionError(
                f"Version {draft.number} is not the agreed final draft: only the final draft "
                "is signed off"
            )
        if organisation not in organisations_to_sign(review):
            raise ActionError(
                f"{organisation.name} does not sign off this review", field="organisation"
            )
        existing = SignOff.objects.filter(draft=final, organisation=organisation).first()
        if existing is not None:
            raise ActionError(
                f"{organisation.name} has already signed off version {final.number}",
                field="organisation",
            )
        sign_off = SignOff.objects.create(
            draft=final, organisation=organisation, person=by, on_behalf=on_behalf, note=note
        )
        record_event(
            review,
            EventType.SIGNED_OFF,
            by=by,
            number=final.number,
            organisation=organisation.name,
            organisation_id=organisation.pk,
            on_behalf=on_behalf,
        )
        complete_sign_off_if_done(review, final, by=by)
    return sign_off
