"""The kinds of event a review records, and the one map from each to the words people read."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol


class EventType(StrEnum):
    """What happened, in the past tense. Values are stable: they are stored and exported."""

    REVIEW_OPENED = "review-opened"
    DETAILS_CHANGED = "details-changed"
    EDIT_REFUSED = "edit-refused"
    MEMBER_ADDED = "member-added"
    MEMBER_REMOVED = "member-removed"
    IDENTITY_RECORDED = "identity-recorded"
    IDENTITY_CHANGED = "identity-changed"
    IDENTITIES_VIEWED = "identities-viewed"
    STEP_COMPLETED = "step-completed"
    STEP_REOPENED = "step-reopened"
    DEADLINE_EXTENDED = "deadline-extended"
    HOLD_STARTED = "hold-started"
    HOLD_ENDED = "hold-ended"


WORDING: dict[EventType, str] = {
    EventType.REVIEW_OPENED: "Opened the review",
    EventType.DETAILS_CHANGED: "Changed the review's details",
    EventType.EDIT_REFUSED: "Tried to save a change that clashed with someone else's",
    EventType.MEMBER_ADDED: "Added {name} as {role}",
    EventType.MEMBER_REMOVED: "Removed {name} as {role}",
    EventType.IDENTITY_RECORDED: "Recorded the real identity behind {pseudonym}",
    EventType.IDENTITY_CHANGED: "Changed the real identity behind {pseudonym}",
    EventType.IDENTITIES_VIEWED: "Looked at the real identities, giving the reason: {reason}",
    EventType.STEP_COMPLETED: "Recorded “{title}” as done on {completed_on}",
    EventType.STEP_REOPENED: "Reopened “{title}”: {reason}",
    EventType.DEADLINE_EXTENDED: "Extended the deadline of “{title}” to {new_due}: {reason}",
    EventType.HOLD_STARTED: "Put the review on hold from {start}: {reason}",
    EventType.HOLD_ENDED: "Ended the hold on {end}",
}


class _EventLike(Protocol):
    type: str
    detail: Any


def describe(event: _EventLike) -> str:
    """Say what an event means in plain words, using the values its detail holds."""
    try:
        template = WORDING[EventType(event.type)]
    except ValueError:
        return event.type.replace("-", " ").capitalize()
    detail = event.detail if isinstance(event.detail, dict) else {}
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template.split("{", 1)[0].strip() or event.type
