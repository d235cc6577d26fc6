"""Sign-off of the final draft by every statutory partner and every organisation involved.

Who signs (domain.md, step signed-off): each statutory partner of the partnership, each
organisation asked for information on the rapid review or the LCSPR (unless it answered "no
involvement"), and each organisation an active member of the LCSPR speaks for. A person signs
for an organisation they speak for on the review; the business team may record a sign-off on
an organisation's behalf, saying how it was given. Only the agreed final draft is signed: a
sign-off stays with the version it was given to, so a final that moves is signed again.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_length, check_open_lcspr, locked_open_lcspr
from reviews.actions.lcspr.drafts.versions import SIGNED_OFF, complete_if_open
from reviews.event_types import EventType
from reviews.models import DraftReport, Review, ReviewMember, SignOff
from reviews.permissions import Permission, can, organisations_spoken_for
from reviews.permissions_partners import refusal, signs_for
from reviews.reads.lcspr.drafts import final_draft, organisations_to_sign


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


def _check_signer(
    review: Review, *, by: User, organisation: Organisation, on_behalf: bool, note: str
) -> None:
    """Refuse a person signing for an organisation they do not speak for, and a sign-off on
    someone's behalf recorded by anyone but the business team, or without saying how."""
    if on_behalf:
        if not can(by, Permission.RUN_REVIEW, review):
            raise ActionError("Only the business team records a sign-off on someone's behalf")
        if not note:
            raise ActionError(
                f"Say how {organisation.name} signed off, for example by email and when",
                field="note",
            )
    elif organisation not in signs_for(by, review):
        if organisation in organisations_spoken_for(by, review):
            raise ActionError(refusal(organisation, review).rstrip("."), field="organisation")
        raise ActionError(
            f"You do not speak for {organisation.name} on this review", field="organisation"
        )


def sign_off_final_draft(
    draft: DraftReport,
    *,
    by: User,
    organisation: Organisation,
    on_behalf: bool = False,
    note: str = "",
) -> SignOff:
    """Sign off the final draft for one organisation.

    Signing for oneself needs the person to speak for the organisation on this review (for a
    statutory partner, as its lead or delegated safeguarding partner or their delegate). The
    business team may record a sign-off on the organisation's behalf, with a note saying how it
    was given. When the last organisation signs, "signed-off" completes.
    """
    review = draft.review
    check_open_lcspr(review)
    note = note.strip()
    check_length(note, limit=max_length(SignOff, "note"), label="The note", field="note")
    _check_signer(review, by=by, organisation=organisation, on_behalf=on_behalf, note=note)
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
