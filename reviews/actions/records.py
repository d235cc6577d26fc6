"""Saving a record edited through a form: the version check, the record of a refused save, and
the review's one-per-review records created on their first save."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import models, transaction

from accounts.models import User
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.event_types import EventType
from reviews.models import (
    AuthorCommission,
    DraftComment,
    FamilyEngagement,
    IdentityRecord,
    InformationRequest,
    IntroductionMeeting,
    Itinerary,
    Learning,
    LearningEvent,
    MediaStrategy,
    Meeting,
    MonitoringEntry,
    Notification,
    Participant,
    PlanAction,
    Publication,
    Recommendation,
    Review,
    Theme,
)

# Records edited through forms carry a version number (optimistic concurrency).
Versioned = TypeVar(
    "Versioned",
    Review,
    IdentityRecord,
    Notification,
    InformationRequest,
    Meeting,
    AuthorCommission,
    IntroductionMeeting,
    Itinerary,
    LearningEvent,
    Participant,
    FamilyEngagement,
    MonitoringEntry,
    MediaStrategy,
    Publication,
    DraftComment,
    Theme,
    Learning,
    Recommendation,
    PlanAction,
)
# The one-per-review records edited through a form that creates them on the first save.
OnePerReview = TypeVar("OnePerReview", FamilyEngagement, MediaStrategy, Publication)


def changes_between(instance: Any, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"from": getattr(instance, name), "to": value}
        for name, value in values.items()
        if getattr(instance, name) != value
    }


def changes_of(record: models.Model, values: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The changed fields with their values in words, for an event."""
    return {
        name: {"from": str(getattr(record, name)), "to": str(value)}
        for name, value in values.items()
        if getattr(record, name) != value
    }


def clash(
    review: Review,
    *,
    by: User,
    label: str,
    event_name: str,
    record_id: int | None,
    expected_version: int,
    current_version: int,
    theirs: Mapping[str, Any] | None,
    yours: Mapping[str, Any],
    describe_values: bool = False,
) -> EditConflict:
    """Record a refused save (someone else saved first) and describe the difference.

    ``theirs`` holds the values now saved (None when there is no record to compare with);
    the event names only the fields unless ``describe_values``. Call inside the action's
    transaction and raise the result after it, so the refused attempt stays on record.
    """
    differing = [name for name in yours if theirs is not None and theirs.get(name) != yours[name]]
    record_event(
        review,
        EventType.EDIT_REFUSED,
        by=by,
        record=event_name,
        record_id=record_id,
        expected_version=expected_version,
        current_version=current_version,
        attempted=dict(yours) if describe_values else sorted(yours),
    )
    return EditConflict(
        record=label,
        current_version=current_version,
        theirs={name: theirs.get(name) for name in differing} if theirs is not None else {},
        yours={name: yours[name] for name in differing},
    )


def refused(
    review: Review,
    *,
    by: User,
    record: models.Model | None,
    label: str,
    expected_version: int,
    values: Mapping[str, Any],
    event_name: str | None = None,
    describe_values: bool = False,
) -> EditConflict:
    """Record an edit of ``record`` that started from an out-of-date version (see clash)."""
    return clash(
        review,
        by=by,
        label=label,
        event_name=event_name or label.lower(),
        record_id=record.pk if record is not None else None,
        expected_version=expected_version,
        current_version=getattr(record, "version", 0) if record is not None else 0,
        theirs={name: getattr(record, name) for name in values} if record is not None else None,
        yours=values,
        describe_values=describe_values,
    )


def edit_with_version_check(
    instance: Versioned,
    *,
    review: Review,
    by: User,
    expected_version: int,
    values: dict[str, Any],
    changed: EventType,
    describe_values: bool = True,
    event_detail: dict[str, Any] | None = None,
) -> Versioned:
    """Save ``values`` only if nobody saved the record since ``expected_version`` was read.

    The row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's immediate transactions
    serialise writers), so of two simultaneous saves exactly one wins. The loser's attempt is
    recorded as an event too, then EditConflict is raised with both sets of values.
    """
    model = type(instance)
    conflict: EditConflict | None = None
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if current.version != expected_version:
            conflict = refused(
                review,
                by=by,
                record=current,
                label=str(model._meta.verbose_name).capitalize(),
                event_name=model._meta.model_name,
                expected_version=expected_version,
                values=values,
                describe_values=describe_values,
            )
        else:
            changes = changes_between(current, values)
            if changes:
                for name, value in values.items():
                    setattr(current, name, value)
                current.version += 1
                saved_by(current, by)
                current.save()
                detail = dict(event_detail or {})
                detail["changes"] = changes if describe_values else sorted(changes)
                record_event(review, changed, by=by, **detail)
    if conflict is not None:
        raise conflict
    return current


def create_or_edit(
    model: type[OnePerReview],
    *,
    review: Review,
    by: User,
    expected_version: int,
    values: dict[str, Any],
    changed: EventType,
    label: str,
    lock: Callable[[Review], Review],
    describe_values: bool = True,
    event_detail: dict[str, Any] | None = None,
) -> OnePerReview:
    """Create the review's one record of ``model`` (``expected_version`` 0), or edit it naming
    the version the person started from. ``lock`` locks the review and checks it may change.
    A clash raises EditConflict and changes nothing."""
    conflict: EditConflict | None = None
    with transaction.atomic():
        lock(review)
        existing = model.objects.select_for_update().filter(review=review).first()
        if existing is None and expected_version == 0:
            record = model(review=review, **values)
            saved_by(record, by)
            record.save()
            detail = dict(event_detail or {})
            detail["changes"] = (
                {name: {"from": "", "to": value} for name, value in values.items()}
                if describe_values
                else sorted(values)
            )
            record_event(review, changed, by=by, **detail)
            return record
        if existing is None or expected_version == 0:
            conflict = refused(
                review,
                by=by,
                record=existing,
                label=label,
                expected_version=expected_version,
                values=values,
            )
    # Outside the transaction, so that the refused attempt stays recorded.
    if conflict is not None:
        raise conflict
    if existing is None:  # cannot happen: a missing record always clashes above
        raise ActionError(f"{label} is not recorded yet.")
    return edit_with_version_check(
        existing,
        review=review,
        by=by,
        expected_version=expected_version,
        values=values,
        changed=changed,
        describe_values=describe_values,
        event_detail=event_detail,
    )


@contextmanager
def keeping_refused_edits() -> Iterator[None]:
    """A transaction that keeps a refused edit on record: if an edit inside it clashes
    (``edit_with_version_check`` raises ``EditConflict`` after recording the refused attempt),
    the rest of the block is skipped, what was written so far (the refused attempt) commits,
    and only then is the clash raised. A refusal (``ActionError``) still rolls everything back.

        with keeping_refused_edits():
            saved = edit_with_version_check(...)
            ...what follows a successful edit...
    """
    clash: EditConflict | None = None
    with transaction.atomic():
        try:
            yield
        except EditConflict as found:
            clash = found
    if clash is not None:
        raise clash
