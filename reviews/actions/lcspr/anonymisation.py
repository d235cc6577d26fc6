"""The anonymisation check of a draft report: scan its text for every real identifier held
for the case (reviews.anonymisation), before the report is signed off and published.

The hits are real identifiers: they are shown to the business team when the check runs and
never stored. Only the counts are kept (AnonymisationCheck), the look is logged in the access
log, and the event says how many were found.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from reviews.actions.base import UNKNOWN_ORIGIN, Look, record_access, record_event
from reviews.actions.lcspr.start import check_open_lcspr
from reviews.anonymisation import Hit, IdentityValues, find_identifiers, identifiers, split_aliases
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, AnonymisationCheck, DraftReport, IdentityRecord, Review

REASON = "anonymisation check"


@dataclass(frozen=True)
class CheckResult:
    check: AnonymisationCheck
    hits: list[Hit]
    identities: int


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


def check_anonymisation(
    draft: DraftReport, *, by: User, look: Look = UNKNOWN_ORIGIN
) -> CheckResult:
    """Scan one version's text for the case's real identifiers and keep the counts.

    Logs the look at the identities (VIEWED_IDENTITY, reason "anonymisation check").
    """
    review = draft.review
    check_open_lcspr(review)
    values = identities_of(review)
    hits = find_identifiers(draft.text, values)
    with transaction.atomic():
        record_access(
            by=by,
            action=AccessLogEntry.Action.VIEWED_IDENTITY,
            review=review,
            target=f"{review.case_code} draft report version {draft.number}",
            reason=REASON,
            look=look,
        )
        check = AnonymisationCheck.objects.create(
            draft=draft, hits=len(hits), values_checked=len(identifiers(values)), run_by=by
        )
        record_event(
            review,
            EventType.ANONYMISATION_CHECKED,
            by=by,
            number=draft.number,
            hits=len(hits),
            values_checked=check.values_checked,
        )
    return CheckResult(check=check, hits=hits, identities=len(values))


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
