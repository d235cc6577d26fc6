"""Starting an LCSPR that was commissioned before the service was in use.

An LCSPR usually opens from its rapid review's outcome (reviews.actions.panel.outcome). One decided
earlier is recorded here directly: its clock starts on the date of the decision to start it,
and its publication is due six calendar months later (domain.md, step published).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import Partnership, User
from reviews import moment
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_length
from reviews.actions.review.details import open_review
from reviews.actions.review.members import add_review_member
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewRole
from reviews.process import ruleset_for


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
    _check_lcspr(pseudonym=pseudonym, summary=summary, decided_on=decided_on)
    try:
        ruleset = ruleset_for(decided_on)
    except LookupError as problem:
        raise ActionError(str(problem), field="decided_on") from None
    with transaction.atomic():
        linked = None
        if rapid_review is not None:
            linked = _locked_rapid_review(rapid_review, partnership, decided_on=decided_on)
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


def _check_lcspr(*, pseudonym: str, summary: str, decided_on: dt.date) -> None:
    if not pseudonym:
        raise ActionError("Enter the pseudonym", field="pseudonym")
    check_length(
        pseudonym, limit=max_length(Review, "pseudonym"), label="Pseudonym", field="pseudonym"
    )
    if not summary:
        raise ActionError("Enter a short summary", field="summary")
    check_length(summary, limit=max_length(Review, "summary"), label="Summary", field="summary")
    if decided_on > moment.today():
        raise ActionError(
            "The date of the decision to start the review must be today or in the past",
            field="decided_on",
        )


def _locked_rapid_review(
    rapid_review: Review, partnership: Partnership, *, decided_on: dt.date
) -> Review:
    """Lock the rapid review the LCSPR follows, so that two people cannot both start an LCSPR
    from it, and refuse one of another partnership, one an LCSPR follows already, or one that
    started after the decision."""
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
        raise ActionError(f"An LCSPR already follows {linked.case_code}", field="rapid_review")
    if decided_on < linked.origin:
        raise ActionError(
            "The decision to start the review cannot be before the rapid review "
            f"started, {long_date(linked.origin)}",
            field="decided_on",
        )
    return linked
