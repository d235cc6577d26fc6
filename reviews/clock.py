"""A review's clock: its schedule, computed from what the database has recorded.

The bridge between the rows (step records, the notification, extensions, holds, the
partnership's calendar) and the pure computation in reviews.schedule. Due dates are never
stored, so any correction recomputes everything after it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeAlias

from django.db.models import DateTimeField, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from reviews import moment
from reviews.dates_in_words import short_date
from reviews.models import (
    Child,
    Extension,
    FamilyEngagement,
    Harm,
    Hold,
    Notification,
    PanelResponse,
    PanelSubmission,
    Publication,
    Review,
    StepRecord,
)
from reviews.models.calendar import working_calendars_for_many
from reviews.process import RuleSettings, get_ruleset
from reviews.process.steps import FAMILY_CONTACT_STEPS
from reviews.schedule import Extension as ExtensionInput
from reviews.schedule import Facts, Schedule, compute_schedule
from reviews.schedule import Hold as HoldInput

# Which reviews to read facts for: their ids, or a subquery selecting their ids.
Selection: TypeAlias = list[int] | QuerySet[Review, int]


def schedules_for(
    reviews: Iterable[Review], *, today: dt.date | None = None
) -> dict[int, Schedule]:
    """Compute the schedules of many reviews with a fixed number of queries, keyed by id.

    Select the reviews with their partnership (``select_related("partnership")``). Given a
    queryset, the facts are read through it as a subquery, so a long list of reviews never
    becomes a long list of ids in SQL; each partnership's calendars, settings and each
    process are worked out once.
    """
    today = today or moment.today()
    rows = list(reviews)
    ids = [review.pk for review in rows]
    selection = _selection(reviews, ids)
    reviews = rows
    facts = _facts(ids, selection)
    extensions = _extensions(selection)
    holds = _holds(selection)
    partnerships = {review.partnership_id: review.partnership for review in reviews}
    calendars = working_calendars_for_many(partnerships.values())
    settings = {pk: RuleSettings.of(partnership) for pk, partnership in partnerships.items()}
    processes = {
        (ruleset, kind): get_ruleset(ruleset).process(kind)
        for ruleset, kind in {(review.ruleset, review.kind) for review in reviews}
    }
    schedules: dict[int, Schedule] = {}
    for review in reviews:
        own, national = calendars[review.partnership_id]
        schedules[review.pk] = compute_schedule(
            processes[review.ruleset, review.kind],
            origin=review.origin,
            today=today,
            facts=facts[review.pk],
            settings=settings[review.partnership_id],
            calendar=own,
            national_calendar=national,
            extensions=extensions[review.pk],
            holds=holds[review.pk],
        )
    return schedules


def _selection(reviews: Iterable[Review], ids: list[int]) -> Selection:
    """The reviews as a filter value: a subquery for a queryset, else their ids.

    A sliced, combined or DISTINCT ON queryset gives its ids: as a subquery without its
    order, it could name other rows than the ones read.
    """
    if isinstance(reviews, QuerySet) and not (
        reviews.query.is_sliced or reviews.query.combinator or reviews.query.distinct_fields
    ):
        return reviews.order_by().values_list("pk", flat=True)
    return ids


def _facts(ids: list[int], selection: Selection) -> dict[int, Facts]:
    """What the reviews have recorded that their schedules depend on, by review id."""
    completed, planned = _step_dates(selection)
    aware: dict[int, dt.date] = {}
    # Ofsted and the Secretary of State are told when a looked-after child died.
    looked_after_died: set[int] = set()
    for review_id, la_aware_on, died_looked_after in (
        Notification.objects.filter(review_id__in=selection)
        .annotate(
            died_looked_after=Q(harm=Harm.DIED)
            & Exists(Child.objects.filter(review_id=OuterRef("review_id"), looked_after=True))
        )
        .values_list("review_id", "la_aware_on", "died_looked_after")
    ):
        aware[review_id] = la_aware_on
        if died_looked_after:
            looked_after_died.add(review_id)
    consideration = dict(
        PanelSubmission.objects.filter(
            review_id__in=selection, consideration_date__isnull=False
        ).values_list("review_id", "consideration_date")
    )
    # The LCSPR's planned publication date anchors the pre-publication notice.
    planned_publication = dict(
        Publication.objects.filter(review_id__in=selection, planned_on__isnull=False).values_list(
            "review_id", "planned_on"
        )
    )
    # The reconvene step applies only when the Panel's view differs from the partners'.
    panel_disagrees = {
        review_id: not agrees
        for review_id, agrees in PanelResponse.objects.filter(review_id__in=selection).values_list(
            "review_id", "agrees_with_conclusions"
        )
    }
    return {
        pk: Facts(
            completed=completed[pk],
            aware=aware.get(pk),
            panel_consideration=consideration.get(pk),
            planned=planned[pk],
            panel_disagrees=panel_disagrees.get(pk),
            planned_publication=planned_publication.get(pk),
            looked_after_child_died=pk in looked_after_died,
        )
        for pk in ids
    }


def _step_dates(
    selection: Selection,
) -> tuple[dict[int, dict[str, dt.date]], dict[int, dict[str, dt.date]]]:
    """The days steps were done, and the days the partnership planned, by review id."""
    completed: dict[int, dict[str, dt.date]] = defaultdict(dict)
    planned: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for review_id, key, completed_on, planned_on in StepRecord.objects.filter(
        review_id__in=selection
    ).values_list("review_id", "key", "completed_on", "planned_on"):
        if completed_on is not None:
            completed[review_id][key] = completed_on
        if planned_on is not None:
            planned[review_id][key] = planned_on
    return completed, planned


def _extensions(selection: Selection) -> dict[int, list[ExtensionInput]]:
    extensions: dict[int, list[ExtensionInput]] = defaultdict(list)
    for extension in Extension.objects.filter(review_id__in=selection).select_related("granted_by"):
        extensions[extension.review_id].append(
            ExtensionInput(
                step=extension.step,
                reason=extension.reason,
                granted_by=extension.granted_by.full_name,
                granted_on=timezone.localdate(extension.granted_at),
                working_days=extension.working_days,
                new_date=extension.new_date,
                agreed_with_panel_on=extension.agreed_on,
            )
        )
    return extensions


def _holds(selection: Selection) -> dict[int, list[HoldInput]]:
    """The holds on the review's clock, and each deferral of contact with the family as a hold
    on the family steps (issue 14): one query for both."""
    holds: dict[int, list[HoldInput]] = defaultdict(list)
    on_clock = (
        Hold.objects.filter(review_id__in=selection)
        .order_by()
        .values_list("review_id", "start", "end", "reason", "recorded_by__full_name", "recorded_at")
        .annotate(family=Value(False))
    )
    deferrals = (
        FamilyEngagement.objects.filter(review_id__in=selection, deferred_since__isnull=False)
        .order_by()
        .values_list("review_id", "deferred_since", "deferred_until", "deferred_reason")
        .annotate(by=Value(""), at=Value(None, output_field=DateTimeField()), family=Value(True))
    )
    for review_id, start, end, reason, by, at, family in on_clock.union(deferrals, all=True):
        if family:
            holds[review_id].append(_family_hold(start, end, reason))
            continue
        holds[review_id].append(
            HoldInput(
                start=start,
                end=end,
                reason=reason,
                recorded_by=by,
                recorded_on=timezone.localdate(at),
            )
        )
    return holds


def _family_hold(since: dt.date, until: dt.date | None, reason: str) -> HoldInput:
    """Contact with the family deferred: the family steps stay on hold until it resumes (the
    date it may resume is an expectation, so the hold stays open)."""
    expected = f" Contact is expected to be possible from {short_date(until)}." if until else ""
    return HoldInput(
        start=since,
        end=None,
        reason=f"Contact with the family is deferred: {reason}{expected}",
        steps=FAMILY_CONTACT_STEPS,
    )


def schedule_for(review: Review, *, today: dt.date | None = None) -> Schedule:
    """Compute one review's schedule as of today (or the day given)."""
    return schedules_for([review], today=today)[review.pk]
