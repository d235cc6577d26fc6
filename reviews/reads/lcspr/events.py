"""Reads for an LCSPR's learning events: the planned dates offered for a draft itinerary, the
people still invited to an event, and the feedback link a practitioner's token opens (only the
token's SHA-256 is stored, ADR 0008)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping

from reviews import moment
from reviews.models import (
    DRAFT_ITINERARY,
    EventKind,
    EventPlace,
    FeedbackLink,
    LearningEvent,
    Review,
)

# Days after the decision to start the review: the items spread over the six months to
# publication, the practitioners and managers first, the emerging learning last.
DEFAULT_OFFSETS: Mapping[str, int] = {
    EventKind.PRACTITIONER_EVENT: 45,
    EventKind.MANAGER_EVENT: 60,
    EventKind.FAMILY_ENGAGEMENT: 75,
    EventKind.FURTHER_INFORMATION: 105,
    EventKind.EMERGING_LEARNING: 150,
}
SATURDAY = 5

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def field_for(kind: str) -> str:
    """The form field that holds an itinerary item's planned date."""
    return kind.replace("-", "_")


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= SATURDAY:
        day += dt.timedelta(days=1)
    return day


def default_itinerary(review: Review) -> dict[str, dt.date]:
    """Offer a planned date, on a weekday, for each item of the draft itinerary."""
    return {
        kind: _weekday(review.origin + dt.timedelta(days=DEFAULT_OFFSETS[kind]))
        for kind in DRAFT_ITINERARY
    }


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def feedback_link_for(token: str) -> FeedbackLink | None:
    """Return the live link this token opens (used or not), or None if it opens nothing."""
    if not TOKEN_PATTERN.match(token):
        return None
    return (
        FeedbackLink.objects.filter(token_sha256=hash_token(token), expires_at__gt=moment.now())
        .select_related("place__event")
        .first()
    )


def invited_places(event: LearningEvent) -> list[EventPlace]:
    """The places of the people still invited to an event, with their participants."""
    return list(
        event.places.filter(invited_at__isnull=False, cancelled_at__isnull=True)
        .select_related("participant__organisation")
        .order_by("participant__name")
    )
