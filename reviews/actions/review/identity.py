"""Real identities: recorded, corrected and revealed with a logged reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.models import User
from reviews.actions.base import (
    UNKNOWN_ORIGIN,
    ActionError,
    Look,
    record_access,
    record_event,
    saved_by,
)
from reviews.actions.records import edit_with_version_check
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    IdentityRecord,
    Review,
)


def record_identity(
    review: Review,
    *,
    by: User,
    subject: IdentityRecord.Subject,
    pseudonym: str,
    real_name: str,
    aliases: str = "",
    date_of_birth: dt.date | None = None,
    address: str = "",
    school: str = "",
) -> IdentityRecord:
    """Keep a real identity apart from the review. The event names the pseudonym only."""
    with transaction.atomic():
        record = IdentityRecord(
            review=review,
            subject=subject,
            pseudonym=pseudonym.strip(),
            real_name=real_name.strip(),
            aliases=aliases.strip(),
            date_of_birth=date_of_birth,
            address=address.strip(),
            school=school.strip(),
        )
        saved_by(record, by)
        record.save()
        record_event(
            review,
            EventType.IDENTITY_RECORDED,
            by=by,
            identity_id=record.pk,
            pseudonym=record.pseudonym,
            subject=subject.value,
        )
    return record


def update_identity(
    record: IdentityRecord, *, by: User, expected_version: int, **values: Any
) -> IdentityRecord:
    """Correct a real identity. The event lists which fields changed, never their values."""
    allowed = {"pseudonym", "real_name", "aliases", "date_of_birth", "address", "school"}
    if unknown := set(values) - allowed:
        raise ActionError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    return edit_with_version_check(
        record,
        review=record.review,
        by=by,
        expected_version=expected_version,
        values=values,
        changed=EventType.IDENTITY_CHANGED,
        describe_values=False,
        event_detail={"identity_id": record.pk, "pseudonym": record.pseudonym},
    )


def reveal_identities(
    review: Review, *, by: User, reason: str, look: Look = UNKNOWN_ORIGIN
) -> list[IdentityRecord]:
    """Show the real identities behind a review's pseudonyms, logging who looked and why."""
    reason = reason.strip()
    if len(reason) < 10:  # noqa: PLR2004  a reason of a few words, not "x"
        raise ActionError("Say why you need to see the real identities.", field="reason")
    with transaction.atomic():
        record_access(
            by=by,
            action=AccessLogEntry.Action.VIEWED_IDENTITY,
            review=review,
            target=f"Real identities for {review.case_code}",
            reason=reason,
            look=look,
        )
        record_event(review, EventType.IDENTITIES_VIEWED, by=by, reason=reason)
    return list(review.identities.all())
