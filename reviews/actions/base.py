"""What every action shares: errors, events, access records and the version check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from accounts.models import Partnership, User
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    AuthorCommission,
    DraftComment,
    Event,
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


class ActionError(Exception):
    """A change the rules do not allow; the message says why, in words for the person."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class EditConflict(Exception):  # noqa: N818  it is a result people see, not a programming error
    """Someone else saved the record after this person opened it; nothing was overwritten.

    ``theirs`` holds the values now saved, ``yours`` the values this person tried to save, for
    each field where the two differ.
    """

    record: str
    current_version: int
    theirs: dict[str, Any] = field(default_factory=dict)
    yours: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.record} was changed by someone else while you were editing it."


def record_event(review: Review, event_type: EventType, *, by: User | None, **detail: Any) -> Event:
    """Write one event row. Called inside the action's own transaction."""
    return Event.objects.create(review=review, type=event_type.value, actor=by, detail=detail)


def saved_by(instance: models.Model, user: User) -> None:
    """Tell django-simple-history who made this change (it reads ``_history_user``)."""
    instance._history_user = user  # type: ignore[attr-defined]


def changes_between(instance: Any, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"from": getattr(instance, name), "to": value}
        for name, value in values.items()
        if getattr(instance, name) != value
    }


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
            theirs = {name: getattr(current, name) for name in values}
            differing = [name for name in values if theirs[name] != values[name]]
            conflict = EditConflict(
                record=str(model._meta.verbose_name).capitalize(),
                current_version=current.version,
                theirs={name: theirs[name] for name in differing},
                yours={name: values[name] for name in differing},
            )
            record_event(
                review,
                EventType.EDIT_REFUSED,
                by=by,
                record=model._meta.model_name,
                record_id=current.pk,
                expected_version=expected_version,
                current_version=current.version,
                attempted=values if describe_values else sorted(values),
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


@dataclass(frozen=True)
class Look:
    """Where a look came from, for the access log."""

    ip_address: str | None = None
    user_agent: str = ""


UNKNOWN_ORIGIN = Look()  # for looks that do not come from a web request (commands, tests)


def record_access(
    *,
    by: User,
    action: AccessLogEntry.Action,
    review: Review | None = None,
    partnership: Partnership | None = None,
    target: str = "",
    reason: str = "",
    look: Look = UNKNOWN_ORIGIN,
) -> AccessLogEntry:
    """Log a look at sensitive information (viewing, downloading, exporting)."""
    partnership_id = review.partnership_id if review else getattr(partnership, "pk", None)
    if partnership_id is None:
        raise ActionError("An access must name the review or partnership it touched.")
    return AccessLogEntry.objects.create(
        partnership_id=partnership_id,
        review=review,
        user=by,
        action=action,
        target=target[:300],
        reason=reason,
        ip_address=look.ip_address,
        user_agent=look.user_agent[:300],
    )
