"""Reads for the LCSPR's agreements: who has agreed a version as the final draft and who is
still to, which agencies have confirmed a version factually accurate, who agreed the media
strategy, what publishing would go ahead without, and what is wrong with a planned
publication date (domain.md: publish within six months of the decision; working days)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Organisation
from reviews.dates_in_words import long_date
from reviews.models import (
    DraftReport,
    FactualAccuracyConfirmation,
    FinalDraftAgreement,
    MediaStrategyAgreement,
    Review,
    ReviewMember,
    StepRecord,
)
from reviews.models.calendar import working_calendar_for
from reviews.process import Step
from reviews.reads.lcspr.drafts import organisations_to_sign
from reviews.reads.lcspr.planning import agreeing_members
from reviews.reads.lcspr.publication import six_month_deadline

NOT_SIGNED_OFF = "the final draft is not signed off by every organisation"
NO_MEDIA_STRATEGY = "no media strategy is agreed"


def member_agreements(draft: DraftReport) -> list[FinalDraftAgreement]:
    """The review panel members who agreed ``draft`` as the final draft, earliest first."""
    return list(
        FinalDraftAgreement.objects.filter(draft=draft)
        .select_related("person", "organisation")
        .order_by("agreed_at", "pk")
    )


def still_to_agree(review: Review, agreed: list[FinalDraftAgreement]) -> list[ReviewMember]:
    """The review panel members and partner leads who have not agreed yet, once each."""
    done = {each.person_id for each in agreed}
    still: list[ReviewMember] = []
    for member in agreeing_members(review):
        if member.user_id not in done:
            done.add(member.user_id)
            still.append(member)
    return still


def final_draft_not_agreed(draft: DraftReport) -> str:
    """Who has not yet agreed the version as the final draft, by name (empty: everyone has)."""
    still = still_to_agree(draft.review, member_agreements(draft))
    return ", ".join(member.user.full_name for member in still)


@dataclass(frozen=True)
class Confirmation:
    """One agency on the factual accuracy page: its confirmation of the version, or none yet."""

    organisation: Organisation
    confirmation: FactualAccuracyConfirmation | None


def confirmations(review: Review, draft: DraftReport) -> list[Confirmation]:
    """Each organisation taking part (those that sign off), with its confirmation of ``draft``
    if it has given one (two queries)."""
    given = {
        each.organisation_id: each
        for each in FactualAccuracyConfirmation.objects.filter(draft=draft).select_related(
            "person", "organisation"
        )
    }
    return [
        Confirmation(organisation, given.get(organisation.pk))
        for organisation in organisations_to_sign(review)
    ]


def media_agreements(review: Review) -> list[MediaStrategyAgreement]:
    """Who agreed the review's media strategy: partners and media representatives."""
    return list(
        MediaStrategyAgreement.objects.filter(strategy__review=review)
        .select_related("organisation", "recorded_by")
        .order_by("agreed_on", "pk")
    )


def publication_gaps(review: Review) -> list[str]:
    """What publishing now would go ahead without: sign-off by every organisation (the step
    signed-off) and an agreed media strategy (the step media-strategy). One query."""
    done = set(
        StepRecord.objects.filter(
            review=review,
            key__in=[Step.SIGNED_OFF, Step.MEDIA_STRATEGY],
            completed_on__isnull=False,
        ).values_list("key", flat=True)
    )
    gaps = []
    if Step.SIGNED_OFF not in done:
        gaps.append(NOT_SIGNED_OFF)
    if Step.MEDIA_STRATEGY not in done:
        gaps.append(NO_MEDIA_STRATEGY)
    return gaps


def planned_date_flags(review: Review, planned_on: dt.date | None) -> list[str]:
    """What is wrong with a planned publication date, in words: after the six-month date, or
    not a working day for the partnership. A warning only: the date is still saved."""
    if planned_on is None:
        return []
    flags = []
    deadline = six_month_deadline(review)
    if deadline is not None and planned_on > deadline:
        flags.append(
            f"The planned date, {long_date(planned_on)}, is after the six-month date, "
            f"{long_date(deadline)}: record a delay with its reason, or plan an earlier date."
        )
    skipped = working_calendar_for(review.partnership).non_working_reason(planned_on)
    if skipped is not None:
        flags.append(
            f"The planned date, {long_date(planned_on)}, is not a working day ({skipped.reason})."
        )
    return flags
