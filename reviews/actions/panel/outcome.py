"""How a rapid review ends: its outcome, the review closed, and the decision communicated.

The outcome is an LCSPR commissioned (opened here, linked to the rapid review, its clock
starting on the date of the decision), a national review, or no further review with the
actions taken instead (domain.md, step outcome). Recording it closes the rapid review.
Regulation 11: the decision and its rationale are recorded and communicated, including to the
family, so communications can still be recorded once the review is closed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.completion import record_step_on
from reviews.actions.guards import PANEL, check_day, check_length, locked_open_rapid_review
from reviews.actions.review.details import open_review
from reviews.actions.review.members import add_review_member
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    Communication,
    Outcome,
    OutcomeKind,
    PanelResponse,
    Reconvened,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
)
from reviews.process import Step, ruleset_for
from reviews.reads.panel import decision_date

# The people who carry the rapid review into the LCSPR. Agency contributors are asked again
# by the LCSPR if it needs them; the independent author is commissioned for the LCSPR itself.
CARRIED_OVER = (
    ReviewRole.BUSINESS_TEAM_LEAD,
    ReviewRole.STATUTORY_PARTNER_LEAD,
    ReviewRole.LEGAL_REPRESENTATIVE,
    ReviewRole.SUBGROUP_CHAIR,
    ReviewRole.PARTNERSHIP_CHAIR,
)


def record_outcome(
    review: Review,
    *,
    by: User,
    kind: OutcomeKind,
    rationale: str,
    actions_instead: str = "",
    decided_on: dt.date | None = None,
) -> Outcome:
    """Record how the rapid review ends (completes outcome) and close it.

    ``decided_on`` defaults to ``decision_date(review)``. An LCSPR is opened with the rapid
    review's pseudonym, the ruleset in force on the decision date and that date as its
    origin, so its publication is due six calendar months later.
    """
    rationale, actions_instead = rationale.strip(), actions_instead.strip()
    kind = _checked_outcome(kind, rationale=rationale, actions_instead=actions_instead)
    with transaction.atomic():
        current = locked_open_rapid_review(review, PANEL)
        _check_ready_for_outcome(review)
        decided_on = decided_on or decision_date(review)
        if decided_on is None:
            raise ActionError("Enter the date of the decision", field="decided_on")
        check_day(review, decided_on, what="The date of the decision", field="decided_on")
        lcspr = None
        if kind == OutcomeKind.LCSPR:
            # An LCSPR recorded directly against this rapid review
            # (reviews.actions.lcspr.planning.start) is the one the outcome names: a rapid review
            # leads to one LCSPR at most.
            lcspr = Review.objects.filter(rapid_review=current).first() or _commission_lcspr(
                current, by=by, decided_on=decided_on
            )
        outcome = Outcome(
            review=current,
            kind=kind,
            decided_on=decided_on,
            rationale=rationale,
            actions_instead=actions_instead,
            lcspr=lcspr,
            recorded_by=by,
        )
        saved_by(outcome, by)
        outcome.save()
        record_event(
            current,
            EventType.OUTCOME_RECORDED,
            by=by,
            outcome=kind.label[:1].lower() + kind.label[1:],
            kind=kind.value,
            decided_on=long_date(decided_on),
            lcspr=lcspr.case_code if lcspr else "",
        )
        record_step_on(current, key=Step.OUTCOME, by=by, on=moment.today())
        close_review(current, by=by)
    review.closed_at, review.version = current.closed_at, current.version
    return outcome


def _checked_outcome(kind: str, *, rationale: str, actions_instead: str) -> OutcomeKind:
    """Refuse an outcome without its kind, its rationale, or (for no review) what was done."""
    if kind not in OutcomeKind.values:
        raise ActionError("Choose the outcome of the review", field="kind")
    if not rationale:
        raise ActionError("Enter the rationale for the outcome", field="rationale")
    if kind == OutcomeKind.NO_REVIEW and not actions_instead:
        raise ActionError(
            "Enter the actions taken to address the learning instead of a review",
            field="actions_instead",
        )
    for name, text, label in (
        ("rationale", rationale, "Rationale"),
        ("actions_instead", actions_instead, "Actions taken instead"),
    ):
        check_length(text, limit=max_length(Outcome, name), label=label, field=name)
    return OutcomeKind(kind)


def _check_ready_for_outcome(review: Review) -> None:
    """Refuse a second outcome, or one before the Panel's response (and the reconvened
    meeting, when the Panel disagreed)."""
    if Outcome.objects.filter(review=review).exists():
        raise ActionError("The outcome is already recorded.")
    response = PanelResponse.objects.filter(review=review).first()
    if response is None:
        raise ActionError("Record the National Panel's response first.")
    if (
        not response.agrees_with_conclusions
        and not Reconvened.objects.filter(review=review).exists()
    ):
        raise ActionError(
            "The Panel did not agree with the partners' conclusions: record the "
            "reconvened meeting first."
        )


def _commission_lcspr(review: Review, *, by: User, decided_on: dt.date) -> Review:
    try:
        ruleset = ruleset_for(decided_on)
    except LookupError as problem:
        raise ActionError(str(problem), field="decided_on") from None
    lcspr = open_review(
        partnership=review.partnership,
        kind=ReviewKind.LCSPR,
        pseudonym=review.pseudonym,
        origin=decided_on,
        ruleset=ruleset.key,
        by=by,
        summary=review.summary,
        rapid_review=review,
    )
    carried = list(
        ReviewMember.objects.filter(
            review=review, active=True, role__in=list(CARRIED_OVER), user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "role")
    )
    for member in carried:
        add_review_member(
            lcspr,
            user=member.user,
            role=ReviewRole(member.role),
            organisation=member.organisation,
            by=by,
        )
    for each in (review, lcspr):
        record_event(
            each,
            EventType.LCSPR_COMMISSIONED,
            by=by,
            lcspr=lcspr.case_code,
            rapid_review=review.case_code,
            decided_on=long_date(decided_on),
        )
    emails.lcspr_commissioned(
        review,
        lcspr,
        to=sorted({member.user.email for member in carried}),
        decided=long_date(decided_on),
    )
    return lcspr


def close_review(review: Review, *, by: User) -> Review:
    """Close a review: from now on its record is read, no longer changed."""
    with transaction.atomic():
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.closed_at is not None:
            raise ActionError(f"{current.case_code} is already closed.")
        current.closed_at = moment.now()
        current.version += 1
        saved_by(current, by)
        current.save(update_fields=["closed_at", "version"])
        record_event(current, EventType.REVIEW_CLOSED, by=by)
    review.closed_at, review.version = current.closed_at, current.version
    return current


def record_communication(
    review: Review,
    *,
    by: User,
    audience: Communication.Audience,
    about: str,
    method: str,
    communicated_on: dt.date,
    note: str = "",
) -> Communication:
    """Record that a decision was communicated: to whom, what, how and when.

    Allowed on a closed review: the outcome is often communicated after it is recorded.
    """
    about, method, note = about.strip(), method.strip(), note.strip()
    if audience not in Communication.Audience.values:
        raise ActionError("Choose who it was communicated to", field="audience")
    audience = Communication.Audience(audience)
    if not about:
        raise ActionError("Enter what was communicated", field="about")
    if not method:
        raise ActionError("Enter how it was communicated", field="method")
    for name, text, label in (
        ("about", about, "What was communicated"),
        ("method", method, "How it was communicated"),
        ("note", note, "Note"),
    ):
        check_length(text, limit=max_length(Communication, name), label=label, field=name)
    check_day(review, communicated_on, what="The date it was communicated", field="communicated_on")
    with transaction.atomic():
        Review.objects.select_for_update().only("pk").get(pk=review.pk)
        communication = Communication(
            review=review,
            audience=audience,
            about=about,
            method=method,
            communicated_on=communicated_on,
            note=note,
            recorded_by=by,
        )
        communication.save()
        record_event(
            review,
            EventType.COMMUNICATION_RECORDED,
            by=by,
            about=about,
            audience=audience.label[:1].lower() + audience.label[1:],
            audience_key=audience.value,
            method=method,
            communicated_on=long_date(communicated_on),
        )
    return communication


def family_told(review: Review) -> bool:
    """Say whether a communication to the family is recorded."""
    return Communication.objects.filter(
        review=review, audience=Communication.Audience.FAMILY
    ).exists()
