"""Learning, recommendations and actions for the learning-sharing tests, written with the ORM.

An ORM stand-in: the actions that record learning, recommendations and action plans
(reviews.actions.learning.plans.learning and .plans) are being written alongside this topic. These
helpers write the same rows those actions would, with no events, so that the documents, the
impact update and the themes view can be tested against real rows now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Max

from accounts.models import Organisation, Partnership, User
from reviews.models import (
    ActionStatus,
    Learning,
    PlanAction,
    Recommendation,
    Review,
    Theme,
)
from reviews.process import Step


def theme(partnership: Partnership, name: str) -> Theme:
    """The partnership's theme of this name (partnerships made by tests start with none)."""
    found, _ = Theme.objects.get_or_create(partnership=partnership, name=name)
    return found


def add_learning(
    review: Review,
    *,
    by: User,
    summary: str,
    themes: Sequence[Theme] = (),
    detail: str = "",
    organisation: Organisation | None = None,
    source: Learning.Source = Learning.Source.DECISION_MEETING,
) -> Learning:
    """Learning for one agency when ``organisation`` is given, otherwise multi-agency."""
    learning = Learning.objects.create(
        review=review,
        source=source,
        summary=summary,
        detail=detail,
        scope=Learning.Scope.SINGLE_AGENCY if organisation else Learning.Scope.MULTI_AGENCY,
        organisation=organisation,
        recorded_by=by,
    )
    learning.themes.set(themes)
    return learning


def add_recommendation(
    review: Review,
    *,
    by: User,
    text: str,
    themes: Sequence[Theme] = (),
    learning: Sequence[Learning] = (),
) -> Recommendation:
    latest = Recommendation.objects.filter(review=review).aggregate(latest=Max("number"))
    recommendation = Recommendation.objects.create(
        review=review, number=(latest["latest"] or 0) + 1, text=text, recorded_by=by
    )
    recommendation.themes.set(themes)
    recommendation.learning.set(learning)
    return recommendation


def add_action(
    review: Review,
    *,
    by: User,
    organisation: Organisation,
    due_on: dt.date,
    recommendation: Recommendation | None = None,
    status: ActionStatus = ActionStatus.NOT_STARTED,
    description: str = "Brief every team on the learning.",
) -> PlanAction:
    done = status in {ActionStatus.AWAITING_CONFIRMATION, ActionStatus.CONFIRMED}
    return PlanAction.objects.create(
        review=review,
        recommendation=recommendation,
        raised_at_step="" if recommendation else Step.DECISION_MEETING,
        description=description,
        organisation=organisation,
        lead_name="The named lead",
        due_on=due_on,
        status=status,
        completed_on=due_on if done else None,
        evidence_note="Minutes of the briefing sessions." if done else "",
        confirmed_by=by if status == ActionStatus.CONFIRMED else None,
        created_by=by,
    )
