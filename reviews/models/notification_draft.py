"""A notification being recorded, kept on the server between its question pages (issue 18).

The answers include the children's real names and dates of birth, so they never go into the
session: the session holds only this row's random id. The row belongs to the person recording
the notification, and ends when it is saved, when they start again, or ``DRAFT_LIFETIME``
after their last answer (``delete_expired_notification_drafts`` runs on a schedule).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.db import models

from accounts.models import User
from reviews import moment

DRAFT_LIFETIME = dt.timedelta(hours=24)


def _expiry() -> dt.datetime:
    return moment.now() + DRAFT_LIFETIME


class NotificationDraft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # reviews.forms.notification.draft.Draft.to_json(): read back as strictly as a form.
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=moment.now)
    expires_at = models.DateTimeField(default=_expiry, db_index=True)

    class Meta:
        ordering: ClassVar = ["created_at"]

    def __str__(self) -> str:
        # Never the answers: a row printed in a log or an error must not identify a child.
        return f"Notification draft {self.pk}"
