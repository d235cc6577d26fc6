"""An LCSPR's itinerary: drafting it, changing it, the review panel confirming it, and the step
learning-events once the practitioner and manager events are held (domain.md).

The independent author (or the business team) drafts the itinerary, one LearningEvent per item
with a planned date; arranging an item's time and place and inviting participants is in
reviews.actions.lcspr.events.invitations, the participants in
reviews.actions.lcspr.events.participants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from uuid import uuid4

from django.conf import settings
from django.db import transaction

from accounts.models import User
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.guards import check_open_lcspr, check_recorded_on
from reviews.actions.lcspr.planning.plan import plan_from_itinerary
from reviews.actions.records import edit_with_version_check
from reviews.actions.steps import complete_step
from reviews.calendar_files import (
    learning_event_name,
    uid_host,
)
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    DRAFT_ITINERARY,
    EventKind,
    Itinerary,
    LearningEvent,
    Review,
    StepRecord,
)
from reviews.process import Step
from reviews.reads.lcspr.events import field_for
from reviews.reads.steps import is_done

MAX_DAYS_AFTER_ORIGIN = 366
MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
MAX_DAYS_AHEAD = 366
TEXT = 10_000


def _check_planned(review: Review, kind: str, day: dt.date) -> None:
    name = learning_event_name(kind).capitalize()
    if day < review.origin:
        raise ActionError(
            f"{name} cannot be planned before the review started, {long_date(review.origin)}.",
            field=field_for(kind),
        )
    if day > review.origin + dt.timedelta(days=MAX_DAYS_AFTER_ORIGIN):
        raise ActionError(
            f"{name} must be planned within a year of the start of the review.",
            field=field_for(kind),
        )


def _new_event(review: Review, *, by: User, kind: str, planned_on: dt.date) -> LearningEvent:
    event = LearningEvent(
        review=review,
        kind=kind,
        planned_on=planned_on,
        uid=f"{uuid4()}@{uid_host(settings.SITE_URL)}",
    )
    saved_by(event, by)
    event.save()
    return event


def draft_itinerary(
    review: Review, *, by: User, planned: Mapping[str, dt.date]
) -> list[LearningEvent]:
    """Draft the itinerary in one go: a planned date for each of the five usual items."""
    check_open_lcspr(review)
    missing = [kind for kind in DRAFT_ITINERARY if kind not in planned]
    if missing:
        raise ActionError(
            f"Enter a planned date for the {learning_event_name(missing[0])}.",
            field=field_for(missing[0]),
        )
    for kind in DRAFT_ITINERARY:
        _check_planned(review, kind, planned[kind])
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        if LearningEvent.objects.filter(review=review, kind__in=DRAFT_ITINERARY).exists():
            raise ActionError("The itinerary is already drafted: change an item's date instead.")
        events = [
            _new_event(review, by=by, kind=kind, planned_on=planned[kind])
            for kind in DRAFT_ITINERARY
        ]
        record_event(review, EventType.ITINERARY_DRAFTED, by=by, count=len(events))
    return events


def add_itinerary_item(
    review: Review, *, by: User, kind: EventKind, planned_on: dt.date
) -> LearningEvent:
    """Add an item to a drafted itinerary: the optional pre-meeting, or another event."""
    check_open_lcspr(review)
    _check_planned(review, kind, planned_on)
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        existing = set(LearningEvent.objects.filter(review=review).values_list("kind", flat=True))
        if not existing:
            raise ActionError("Draft the itinerary first.")
        if kind == EventKind.PRE_MEETING and kind in existing:
            raise ActionError("The itinerary already has a pre-meeting.", field="kind")
        event = _new_event(review, by=by, kind=kind, planned_on=planned_on)
        record_event(
            review,
            EventType.ITINERARY_CHANGED,
            by=by,
            event=f"added the {learning_event_name(kind)}, planned for {long_date(planned_on)}",
            event_id=event.pk,
        )
    return event


def change_planned_date(
    event: LearningEvent, *, by: User, expected_version: int, planned_on: dt.date
) -> LearningEvent:
    """Move an item's planned date (not its arranged time: see arrange_learning_event)."""
    review = event.review
    check_open_lcspr(review)
    if event.held_on is not None:
        raise ActionError("The event has been held: its planned date can no longer change.")
    _check_planned(review, event.kind, planned_on)
    name = learning_event_name(event.kind)
    return edit_with_version_check(
        event,
        review=review,
        by=by,
        expected_version=expected_version,
        values={"planned_on": planned_on},
        changed=EventType.ITINERARY_CHANGED,
        event_detail={
            "event": f"the {name} is now planned for {long_date(planned_on)}",
            "event_id": event.pk,
        },
    )


def confirm_itinerary(
    review: Review,
    *,
    by: User,
    confirmed_on: dt.date,
    adjustments: str = "",
    sensitivities: str = "",
) -> Itinerary:
    """Record the review panel's confirmation of the itinerary, with any adjustments and
    sensitivities it noted; this completes the step itinerary-confirmed."""
    check_open_lcspr(review)
    adjustments, sensitivities = adjustments.strip(), sensitivities.strip()
    check_recorded_on(review, confirmed_on, what="The date confirmed", field="confirmed_on")
    for value, field, what in [
        (adjustments, "adjustments", "Adjustments"),
        (sensitivities, "sensitivities", "Sensitivities"),
    ]:
        if len(value) > TEXT:
            raise ActionError(f"{what} must be {TEXT:,} characters or fewer.", field=field)
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        if not LearningEvent.objects.filter(review=review).exists():
            raise ActionError("Draft the itinerary before it is confirmed.")
        itinerary = Itinerary.objects.filter(review=review).first() or Itinerary(review=review)
        if itinerary.confirmed_on is not None:
            raise ActionError("The itinerary is already confirmed.")
        itinerary.adjustments = adjustments
        itinerary.sensitivities = sensitivities
        itinerary.confirmed_on = confirmed_on
        itinerary.confirmed_by = by
        saved_by(itinerary, by)
        itinerary.save()
        # The text stays out of the event: sensitivities may be about people.
        record_event(
            review,
            EventType.ITINERARY_CONFIRMED,
            by=by,
            confirmed_on=long_date(confirmed_on),
            adjusted=bool(adjustments),
            sensitivities_noted=bool(sensitivities),
        )
        if not is_done(review, Step.ITINERARY_CONFIRMED):
            complete_step(review, key=Step.ITINERARY_CONFIRMED, by=by, completed_on=confirmed_on)
        # The agreed dates plan the steps they date, unless planned by hand (issue 14).
        plan_from_itinerary(review, by=by)
    return itinerary


# The events without which no LCSPR has heard its practitioners and managers.
REQUIRED_EVENTS = (EventKind.PRACTITIONER_EVENT, EventKind.MANAGER_EVENT)


def complete_learning_events(
    review: Review, *, by: User, completed_on: dt.date, note: str = ""
) -> StepRecord:
    """Record the learning events as done (step learning-events), once the practitioner and
    manager events are held; the refusal names what is missing."""
    check_open_lcspr(review)
    held = set(
        LearningEvent.objects.filter(
            review=review, kind__in=REQUIRED_EVENTS, held_on__isnull=False
        ).values_list("kind", flat=True)
    )
    missing = [learning_event_name(kind) for kind in REQUIRED_EVENTS if kind not in held]
    if missing:
        raise ActionError(
            f"The {' and the '.join(missing)} {'has' if len(missing) == 1 else 'have'} "
            "not been held yet."
        )
    return complete_step(
        review, key=Step.LEARNING_EVENTS, by=by, completed_on=completed_on, note=note
    )
