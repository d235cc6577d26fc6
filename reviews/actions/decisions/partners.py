"""Each statutory partner's own decision (working day 9, step partner-decisions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import transaction

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.actions.completion import done_record
from reviews.actions.decisions.common import (
    QUESTIONS,
    RATIONALES,
    checked_text,
    choose_answer,
    enter_rationale,
)
from reviews.actions.guards import DECISIONS, check_open_rapid_review
from reviews.actions.records import refused
from reviews.actions.steps import complete_step
from reviews.event_types import EventType
from reviews.models import Answer, PartnerDecision, Review
from reviews.permissions import partner_organisations
from reviews.permissions_partners import refusal
from reviews.process import Step
from reviews.reads.decisions import review_partners

STEP: Final = Step.PARTNER_DECISIONS


def _values(answers: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for question in QUESTIONS:
        answer = answers.get(question, "")
        if answer not in Answer.values:
            raise ActionError(f"{choose_answer(question)}.", field=question)
        values[question] = answer
    for field, question in RATIONALES.items():
        values[field] = checked_text(
            str(answers.get(field, "")),
            field=field,
            missing=enter_rationale(question),
            what=f"the rationale for {QUESTIONS[question]}",
        )
    return values


def record_partner_decision(
    review: Review,
    *,
    organisation: Organisation,
    by: User,
    expected_version: int,
    answers: Mapping[str, str],
) -> PartnerDecision:
    """Record (``expected_version`` 0) or correct a statutory partner's own decision.

    ``answers`` holds every field of DECISION_FIELDS. Only the organisation's lead or delegated
    safeguarding partner, or someone one of them delegated on this review, records it
    (permissions_partners). When every partner the review needs (review_partners) has decided,
    the step is done that day.
    """
    check_open_rapid_review(review, DECISIONS)
    if organisation.pk not in {each.pk for each in partner_organisations(by, review)}:
        raise ActionError(refusal(organisation, review))
    values = _values(answers)
    conflict: EditConflict | None = None
    with transaction.atomic():
        # Locking the review serialises the first recording: one decision per partner.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        decision = (
            PartnerDecision.objects.select_for_update()
            .filter(review=review, organisation=organisation)
            .first()
        )
        if decision is None and expected_version == 0:
            decision = PartnerDecision(
                review=review, organisation=organisation, recorded_by=by, **values
            )
            saved_by(decision, by)
            decision.save()
            record_event(
                review,
                EventType.PARTNER_DECISION_RECORDED,
                by=by,
                organisation=organisation.name,
                decision_id=decision.pk,
            )
            _complete_when_all_decided(review, by=by)
        elif decision is not None and decision.version == expected_version:
            _change(decision, by=by, values=values)
        else:
            conflict = refused(
                review,
                by=by,
                record=decision,
                label="Partner decision",
                expected_version=expected_version,
                values=values,
            )
    if conflict is not None:
        raise conflict
    if decision is None:  # pragma: no cover  (the branches above create or find it)
        raise ActionError("The decision could not be saved.")
    return decision


def _change(decision: PartnerDecision, *, by: User, values: Mapping[str, str]) -> None:
    changed = sorted(name for name, value in values.items() if getattr(decision, name) != value)
    if not changed:
        return
    for name in changed:
        setattr(decision, name, values[name])
    decision.version += 1
    saved_by(decision, by)
    decision.save()
    # The names only: the words stay in the decision's history, readable by those who may.
    record_event(
        decision.review,
        EventType.PARTNER_DECISION_CHANGED,
        by=by,
        organisation=decision.organisation.name,
        decision_id=decision.pk,
        changes=changed,
    )


def _complete_when_all_decided(review: Review, *, by: User) -> None:
    if done_record(review, STEP) is not None:
        return
    needed = {organisation.pk for organisation in review_partners(review)}
    decided = set(
        PartnerDecision.objects.filter(review=review).values_list("organisation_id", flat=True)
    )
    if needed and needed <= decided:
        complete_step(review, key=STEP, by=by, completed_on=moment.today())
