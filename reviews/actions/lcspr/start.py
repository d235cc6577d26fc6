"""Starting an LCSPR that was commissioned before the service was in use.

An LCSPR usually opens from its rapid review's outcome (reviews.actions.outcome). One decided
earlier is recorded here directly: its clock starts on the date of the decision to start it,
and its publication is due six calendar months later (domain.md, step published).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import Partnership, User
from reviews import moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.members import add_review_member
from reviews.actions.reviews import open_review
from reviews.actions.working_day_one.common import long_date
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewRole
from reviews.process import ruleset_for

PSEUDONYM_LIMIT = 100  # Review.pseudonym
SUMMARY_LIMIT = 5000  # Review.summary


def check_open_lcspr(review: Review) -> None:
    """Refuse anything but an LCSPR still open (used by every LCSPR action)."""
    if review.kind != ReviewKind.LCSPR:
        raise ActionError(
            "Only a local child safeguarding practice review has this: terms, events, drafts "
            "and publication belong to an LCSPR, not to a rapid review."
        )
    if not review.is_open:
        raise ActionError(
            f"{review.case_code} is closed: its record can be read but no longer changed."
        )


def locked_open_lcspr(review: Review) -> Review:
    """Lock the review row and check it is still an open LCSPR (it may have closed since)."""
    current = Review.objects.select_for_update().get(pk=review.pk)
    check_open_lcspr(current)
    return current


def rapid_reviews_without_lcspr(partnership: Partnership) -> list[Review]:
    """The partnership's rapid reviews no LCSPR follows yet: the ones a new LCSPR may name."""
    return list(
        Review.objects.filter(
            partnership=partnership, kind=ReviewKind.RAPID_REVIEW, lcsprs__isnull=True
        ).order_by("-origin", "case_code")
    )


def record_lcspr(
    *,
    partnership: Partnership,
    by: User,
    pseudonym: str,
    summary: str,
    decided_on: dt.date,
    rapid_review: Review | None = None,
) -> Review:
    """Open an LCSPR decided on a past date, all or nothing.

    It runs under the ruleset in force on the date of the decision, which is its clock's
    origin; the person recording becomes its business team lead. It may name the rapid review
    that led to it, if that rapid review is the partnership's own and no LCSPR follows it yet.
    """
    pseudonym, summary = pseudonym.strip(), summary.strip()
    if by.partnership_id != partnership.pk:
        raise ActionError("Only the partnership's own business team records its reviews.")
    if not pseudonym:
        raise ActionError("Enter the pseudonym", field="pseudonym")
    if len(pseudonym) > PSEUDONYM_LIMIT:
        raise ActionError(
            f"Pseudonym must be {PSEUDONYM_LIMIT} characters or fewer", field="pseudonym"
        )
    if not summary:
        raise ActionError("Enter a short summary", field="summary")
    if len(summary) > SUMMARY_LIMIT:
        raise ActionError(f"Summary must be {SUMMARY_LIMIT:,} characters or fewer", field="summary")
    if decided_on > moment.today():
        raise ActionError(
            "The date of the decision to start the review must be today or in the past",
            field="decided_on",
        )
    try:
        ruleset = ruleset_for(decided_on)
    except LookupError as problem:
        raise ActionError(str(problem), field="decided_on") from None
    with transaction.atomic():
        linked = None
        if rapid_review is not None:
            # Locked, so that two people cannot both start an LCSPR from it.
            linked = Review.objects.select_for_update().filter(pk=rapid_review.pk).first()
            if (
                linked is None
                or linked.partnership_id != partnership.pk
                or linked.kind != ReviewKind.RAPID_REVIEW
            ):
                raise ActionError(
                    "Choose a rapid review of this partnership from the list", field="rapid_review"
                )
            if linked.lcsprs.exists():
                raise ActionError(
                    f"An LCSPR already follows {linked.case_code}", field="rapid_review"
                )
            if decided_on < linked.origin:
                raise ActionError(
                    "The decision to start the review cannot be before the rapid review "
                    f"started, {long_date(linked.origin)}",
                    field="decided_on",
                )
        lcspr = open_review(
            partnership=partnership,
            kind=ReviewKind.LCSPR,
            pseudonym=pseudonym,
            origin=decided_on,
            ruleset=ruleset.key,
            by=by,
            summary=summary,
            rapid_review=linked,
        )
        add_review_member(lcspr, user=by, role=ReviewRole.BUSINESS_TEAM_LEAD, by=by)
        detail = {
            "decided_on": long_date(decided_on),
            "lcspr": lcspr.case_code,
            "rapid_review": linked.case_code if linked else "",
        }
        record_event(lcspr, EventType.LCSPR_RECORDED, by=by, **detail)
        if linked is not None:
            record_event(linked, EventType.LCSPR_RECORDED, by=by, **detail)
    return lcspr
