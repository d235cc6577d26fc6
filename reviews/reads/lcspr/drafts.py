"""Reads for an LCSPR's draft report: the newest and the agreed final versions, the
identities its anonymisation check looks for and whether the final's latest check passed,
and who signs the final draft off (domain.md, step signed-off)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Organisation
from reviews.anonymisation import IdentityValues, split_aliases
from reviews.models import (
    AnonymisationCheck,
    DraftReport,
    IdentityRecord,
    InformationRequest,
    RequestStatus,
    Review,
    ReviewMember,
    SignOff,
)


def newest_draft(review: Review) -> DraftReport | None:
    return DraftReport.objects.filter(review=review).defer("text").order_by("-number").first()


def final_draft(review: Review) -> DraftReport | None:
    """The version the review panel agreed as the final draft, if any (at most one)."""
    return DraftReport.objects.filter(review=review, final_agreed_on__isnull=False).first()


def identities_of(review: Review) -> list[IdentityValues]:
    """The identities held for the LCSPR and for the rapid review that led to it."""
    reviews = [review.pk] + ([review.rapid_review_id] if review.rapid_review_id else [])
    return [
        IdentityValues(
            real_name=record.real_name,
            aliases=split_aliases(record.aliases),
            date_of_birth=record.date_of_birth,
            address=record.address,
            school=record.school,
        )
        for record in IdentityRecord.objects.filter(review__in=reviews).order_by("pk")
    ]


def latest_check_passed(review: Review) -> bool:
    """Return True only when the final agreed draft's latest anonymisation check found nothing.

    Used by publication: a report is not published until this holds.
    """
    latest = (
        AnonymisationCheck.objects.filter(
            draft__review=review, draft__final_agreed_on__isnull=False
        )
        .order_by("-run_at", "-pk")
        .first()
    )
    return latest is not None and latest.passed


def organisations_to_sign(review: Review) -> list[Organisation]:
    """Every organisation that must sign off this LCSPR's final draft, by name (one query).

    Each statutory partner of the partnership, each organisation asked for information on the
    rapid review or the LCSPR (unless it answered "no involvement"), and each organisation an
    active member of the LCSPR speaks for.
    """
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
