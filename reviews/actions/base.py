"""What every action shares: errors, events, access records and the fields' limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models

from accounts.models import Partnership, User
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, Event, Review


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


def max_length(model: type[models.Model], name: str) -> int:
    """The most characters the model's field holds: the one limit the actions check text by."""
    limit = model._meta.get_field(name).max_length  # type: ignore[union-attr]
    if limit is None:
        raise LookupError(f"{model.__name__}.{name} has no max_length")
    return int(limit)


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
