"""Arranging an LCSPR's learning events, inviting participants, and recording them held.

Participants are not users: each is emailed a calendar invitation of their own, naming nobody
else, with no link into the service. A change of time, length or place sends an update under
the same UID with a higher SEQUENCE, so calendars move the entry rather than add a second one;
a participant no longer invited gets a cancellation (RFC 5546).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.utils import timezone

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.guards import check_open_lcspr, check_recorded_on
from reviews.actions.lcspr.events.itinerary import TEXT
from reviews.actions.records import keeping_refused_edits, refused
from reviews.calendar_files import (
    learning_event_name,
)
from reviews.dates_in_words import long_date, long_moment
from reviews.event_types import EventType
from reviews.models import EventPlace, LearningEvent, Participant
from reviews.reads.lcspr.events import invited_places

MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
MAX_DAYS_AHEAD = 366


def _check_arrangement(
    event: LearningEvent,
    *,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str,
    areas_to_explore: str,
    invitees: Sequence[Participant],
) -> None:
    check_open_lcspr(event.review)
    if event.held_on is not None:
        raise ActionError("The event has been held: it can no longer be changed.")
    now = moment.now()
    if timezone.is_naive(starts_at):
        raise ActionError("Give the event's start with its time zone.", field="date")
    if starts_at <= now:
        raise ActionError("The event must be in the future.", field="date")
    if starts_at > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ActionError("The event must be within a year from today.", field="date")
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise ActionError(
            f"The event must last between {MIN_MINUTES} minutes and {MAX_MINUTES // 60} hours.",
            field="duration_minutes",
        )
    if not location:
        raise ActionError("Enter where the event takes place.", field="location")
    if len(location) > 300:  # noqa: PLR2004  LearningEvent.location's length
        raise ActionError("Place must be 300 characters or fewer.", field="location")
    if len(areas_to_explore) > TEXT:
        raise ActionError(
            f"Areas of learning to explore must be {TEXT:,} characters or fewer.",
            field="areas_to_explore",
        )
    if not invitees:
        raise ActionError("Choose at least one participant to invite.", field="invitees")
    if any(person.review_id != event.review_id for person in invitees):
        raise ActionError("Choose participants of this review.", field="invitees")


def _refuse_stale(event: LearningEvent, *, by: User, expected_version: int, **values: Any) -> None:
    if event.version == expected_version:
        return
    raise refused(
        event.review,
        by=by,
        record=event,
        label="Learning event",
        event_name="learningevent",
        expected_version=expected_version,
        values=values,
    )


def arrange_learning_event(
    event: LearningEvent,
    *,
    by: User,
    expected_version: int,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str,
    areas_to_explore: str,
    invitees: Sequence[Participant],
) -> LearningEvent:
    """Arrange an event (or change it) and email each invitee a calendar invitation.

    A new time, length or place raises the SEQUENCE and sends everyone still invited an update;
    participants newly chosen get an invitation, those no longer chosen a cancellation.
    """
    location, areas_to_explore = location.strip(), areas_to_explore.strip()
    chosen = {person.pk: person for person in invitees}
    _check_arrangement(
        event,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        areas_to_explore=areas_to_explore,
        invitees=list(chosen.values()),
    )
    values = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "location": location,
        "areas_to_explore": areas_to_explore,
    }
    with keeping_refused_edits():
        current = (
            LearningEvent.objects.select_for_update(of=("self",))
            .select_related("review__partnership")
            .get(pk=event.pk)
        )
        _refuse_stale(current, by=by, expected_version=expected_version, **values)
        return _apply_arrangement(current, by=by, values=values, chosen=chosen)


def _apply_arrangement(
    event: LearningEvent, *, by: User, values: dict[str, Any], chosen: dict[int, Participant]
) -> LearningEvent:
    first = event.starts_at is None
    changes = sorted(name for name, value in values.items() if getattr(event, name) != value)
    moved = not first and bool(set(changes) & {"starts_at", "duration_minutes", "location"})
    places = {
        place.participant_id: place
        for place in event.places.select_for_update(of=("self",)).select_related("participant")
    }
    invited = {pk for pk, place in places.items() if place.invited_at and not place.cancelled_at}
    new, kept, dropped = set(chosen) - invited, set(chosen) & invited, invited - set(chosen)
    if not (first or changes or new or dropped):
        return event
    for name, value in values.items():
        setattr(event, name, value)
    event.sequence += 1 if moved else 0
    event.version += 1
    saved_by(event, by)
    event.save()
    _save_places(event, by=by, places=places, chosen=chosen, new=new, dropped=dropped)
    name, when = learning_event_name(event.kind), long_moment(values["starts_at"])
    if not first:
        record_event(
            event.review,
            EventType.LEARNING_EVENT_CHANGED,
            by=by,
            event=name,
            event_id=event.pk,
            when=when,
            sequence=event.sequence,
            changes=changes,
            invited=len(new),
            updated=len(kept) if moved else 0,
            cancelled=len(dropped),
        )
    if new:
        record_event(
            event.review,
            EventType.INVITATIONS_SENT,
            by=by,
            event=name,
            event_id=event.pk,
            when=when,
            count=len(new),
            without_email=sum(1 for pk in new if not chosen[pk].email),
        )
    _send_invitations(
        event, places=places, chosen=chosen, new=new, kept=kept if moved else set(), dropped=dropped
    )
    return event


def _save_places(
    event: LearningEvent,
    *,
    by: User,
    places: dict[int, EventPlace],
    chosen: dict[int, Participant],
    new: set[int],
    dropped: set[int],
) -> None:
    """Invite the participants newly chosen and cancel the places of those no longer chosen."""
    now = moment.now()
    for pk in sorted(new):
        place = places.get(pk) or EventPlace(event=event, participant=chosen[pk])
        place.invited_at, place.cancelled_at = now, None
        saved_by(place, by)
        place.save()
    for pk in sorted(dropped):
        place = places[pk]
        place.cancelled_at = now
        saved_by(place, by)
        place.save()


def _send_invitations(
    event: LearningEvent,
    *,
    places: dict[int, EventPlace],
    chosen: dict[int, Participant],
    new: set[int],
    kept: set[int],
    dropped: set[int],
) -> None:
    """Email an invitation to each new invitee, an update to each one kept when the event
    moved (``kept`` is empty otherwise), and a cancellation to each one dropped."""
    for pk in sorted(new):
        emails.learning_event_invitation(event, chosen[pk], changed=False, cancelled=False)
    for pk in sorted(kept):
        emails.learning_event_invitation(
            event, places[pk].participant, changed=True, cancelled=False
        )
    for pk in sorted(dropped):
        emails.learning_event_invitation(
            event, places[pk].participant, changed=False, cancelled=True
        )


def _refuse_held_before_start(event: LearningEvent, held_on: dt.date) -> None:
    """Refuse an arranged event recorded as held before it starts (issue 14): on a day before
    its start, or at a moment before it."""
    if event.starts_at is None:
        return
    starts = long_moment(event.starts_at)
    if held_on < timezone.localdate(event.starts_at):
        raise ActionError(
            f"The date held cannot be before the event starts, {starts}.", field="held_on"
        )
    if moment.now() < event.starts_at:
        raise ActionError(
            f"The event starts {starts}: it cannot be recorded as held before then.",
            field="held_on",
        )


def record_event_held(
    event: LearningEvent,
    *,
    by: User,
    expected_version: int,
    held_on: dt.date,
    attended: Collection[int],
    notes: str = "",
) -> LearningEvent:
    """Record an event as held, with who attended (participant ids among those invited)."""
    review = event.review
    check_open_lcspr(review)
    notes = notes.strip()
    check_recorded_on(review, held_on, what="The date held", field="held_on")
    if len(notes) > TEXT:
        raise ActionError(f"Notes must be {TEXT:,} characters or fewer.", field="notes")
    with keeping_refused_edits():
        current = LearningEvent.objects.select_for_update().get(pk=event.pk)
        _refuse_stale(
            current, by=by, expected_version=expected_version, held_on=held_on, notes=notes
        )
        if current.held_on is not None:
            raise ActionError("The event is already recorded as held.")
        places = invited_places(current)
        if set(attended) - {place.participant_id for place in places}:
            raise ActionError("Choose people who were invited.", field="attended")
        _refuse_held_before_start(current, held_on)
        for place in places:
            place.attended = place.participant_id in attended
            saved_by(place, by)
            place.save()
        current.held_on, current.notes = held_on, notes
        current.version += 1
        saved_by(current, by)
        current.save()
        record_event(
            review,
            EventType.LEARNING_EVENT_HELD,
            by=by,
            event=learning_event_name(current.kind),
            event_id=current.pk,
            held_on=long_date(held_on),
            invited=len(places),
            attended=sum(1 for place in places if place.attended),
        )
        return current
