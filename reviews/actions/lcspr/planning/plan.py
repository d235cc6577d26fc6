"""An LCSPR's own plan (issue 14): the planned date of each step with no statutory deadline.

domain.md: "Steps without a statutory deadline get planned dates that the partnership sets
(defaults may be offered), and show as overdue against them." The business team sets them on
the plan page (set_planned_dates); the itinerary's agreed dates fill in the steps they date
when the review panel confirms it (plan_from_itinerary), leaving alone a date set by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils import timezone

from accounts.models import User
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.guards import check_open_lcspr, locked_open_lcspr
from reviews.actions.records import clash, keeping_refused_edits
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import EventKind, LearningEvent, Review, StepRecord
from reviews.process import Step, get_ruleset
from reviews.reads.lcspr.plan import field_for, plan_version, planned_dates, planned_keys

# A plan reaches no further than this after the decision to start the review: publication is
# due within six months, so two years is room for any delay and refuses a mistyped year.
MAX_DAYS_AFTER_ORIGIN = 2 * 366
# The steps the itinerary dates: each is planned for the last of its items' dates.
ITINERARY_FEEDS: Mapping[Step, tuple[EventKind, ...]] = {
    Step.LEARNING_EVENTS: (EventKind.PRACTITIONER_EVENT, EventKind.MANAGER_EVENT),
    Step.FAMILY_ENGAGEMENT: (EventKind.FAMILY_ENGAGEMENT,),
}
BY_HAND = "on the plan page"
FROM_ITINERARY = "from the itinerary's agreed dates"

Plan = Mapping[str, dt.date | None]


def _title(review: Review, key: str) -> str:
    return get_ruleset(review.ruleset).process(review.kind).step(Step(key)).title


def _check_dates(review: Review, planned: Plan) -> None:
    keys = set(planned_keys(review))
    for key, day in planned.items():
        if key not in keys:
            raise ActionError(f"“{key}” is not a step the LCSPR plans.")
        if day is None:
            continue
        title = _title(review, key)
        if day < review.origin:
            raise ActionError(
                f"“{title}” cannot be planned before the review started, "
                f"{long_date(review.origin)}.",
                field=field_for(key),
            )
        if day > review.origin + dt.timedelta(days=MAX_DAYS_AFTER_ORIGIN):
            raise ActionError(
                f"“{title}” must be planned within two years of the decision to start the review.",
                field=field_for(key),
            )


def _apply(review: Review, by: User, changes: Plan, *, by_hand: bool, source: str) -> None:
    """Write the changed dates and the one event that says so (the plan's new version)."""
    records = {record.key: record for record in StepRecord.objects.filter(review=review)}
    for key, day in changes.items():
        record = records.get(key) or StepRecord(review=review, key=key)
        record.planned_on = day
        record.planned_by = by if by_hand and day is not None else None
        saved_by(record, by)
        record.save()
    steps = "; ".join(
        f"{_title(review, key)}: {long_date(day) if day else 'no planned date'}"
        for key, day in changes.items()
    )
    record_event(
        review,
        EventType.PLAN_CHANGED,
        by=by,
        source=source,
        steps=steps,
        changes={key: day.isoformat() if day else None for key, day in changes.items()},
    )


def set_planned_dates(
    review: Review, *, by: User, expected_version: int, planned: Plan
) -> dict[str, dt.date | None]:
    """Set the planned dates on the plan page; return the ones that changed.

    ``planned`` gives a date (or None, no date) by step key. ``expected_version`` is the plan's
    version the form started from (reads.lcspr.plan.plan_version): a plan changed since is an
    edit clash, recorded and refused.
    """
    check_open_lcspr(review)
    _check_dates(review, planned)
    conflict = None
    changes: dict[str, dt.date | None] = {}
    with keeping_refused_edits():
        current = locked_open_lcspr(review)
        version = plan_version(current)
        saved = {key: day for key, (day, _by_hand) in planned_dates(current).items()}
        if version != expected_version:
            conflict = clash(
                current,
                by=by,
                label="The plan",
                event_name="plan",
                record_id=None,
                expected_version=expected_version,
                current_version=version,
                theirs={field_for(key): saved.get(key) for key in planned},
                yours={field_for(key): day for key, day in planned.items()},
            )
        else:
            changes = {key: day for key, day in planned.items() if saved.get(key) != day}
            if changes:
                _apply(current, by, changes, by_hand=True, source=BY_HAND)
    if conflict is not None:
        raise conflict
    return changes


def _agreed_day(event: LearningEvent) -> dt.date:
    """An itinerary item's date: the day it is arranged for, else the day planned."""
    return timezone.localdate(event.starts_at) if event.starts_at else event.planned_on


def plan_from_itinerary(review: Review, *, by: User) -> dict[str, dt.date | None]:
    """Plan the steps the itinerary dates from its agreed dates, unless a date was set by hand
    (called in the transaction that records the itinerary confirmed); return what changed."""
    recorded = planned_dates(review)
    days: dict[str, list[dt.date]] = {}
    kinds = {kind: step for step, feeding in ITINERARY_FEEDS.items() for kind in feeding}
    for event in LearningEvent.objects.filter(review=review, kind__in=list(kinds)):
        days.setdefault(kinds[EventKind(event.kind)], []).append(_agreed_day(event))
    changes: dict[str, dt.date | None] = {}
    for key, found in days.items():
        planned_on, by_hand = recorded.get(key, (None, False))
        if not by_hand and planned_on != max(found):
            changes[key] = max(found)
    if changes:
        _apply(review, by, changes, by_hand=False, source=FROM_ITINERARY)
    return changes
