"""Keeping a notification's answers on the server while it is recorded (issue 18): saving the
answers so far, discarding them, and deleting drafts nobody came back to.

A draft is not review state: there is no review yet, so no event row; the notification's own
event is written when it is saved (reviews.actions.notification.record_notification).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from accounts.models import User
from reviews import moment
from reviews.models.notification_draft import DRAFT_LIFETIME, NotificationDraft


def save_notification_draft(
    *, owner: User, draft_id: uuid.UUID | None, answers: dict[str, Any]
) -> NotificationDraft:
    """Keep these answers in the person's draft (a new one if theirs is gone), for another
    ``DRAFT_LIFETIME`` from now."""
    now = moment.now()
    with transaction.atomic():
        draft = (
            NotificationDraft.objects.select_for_update()
            .filter(pk=draft_id, owner=owner, expires_at__gt=now)
            .first()
            if draft_id is not None
            else None
        )
        if draft is None:
            return NotificationDraft.objects.create(
                owner=owner, answers=answers, created_at=now, expires_at=now + DRAFT_LIFETIME
            )
        draft.answers = answers
        draft.expires_at = now + DRAFT_LIFETIME
        draft.save(update_fields=["answers", "expires_at"])
    return draft


def discard_notification_draft(*, owner: User, draft_id: uuid.UUID | None) -> None:
    """Forget the person's draft: saved as a notification, or started again."""
    if draft_id is not None:
        NotificationDraft.objects.filter(pk=draft_id, owner=owner).delete()


def delete_expired_notification_drafts() -> int:
    """Delete every draft past its expiry (abandoned); return how many."""
    deleted, _ = NotificationDraft.objects.filter(expires_at__lte=moment.now()).delete()
    return deleted
