"""The mail the demo's story queued as it was loaded: withdrawn, not printed at first start.

Loading the demo runs the real actions, and they queue some 440 messages (requests, actions,
invitations) that belong to the story's past. Sent at the first `make run`, they flood the
console with thousands of lines before the reminders. So once the demo is loaded, the
messages it queued are withdrawn (kept in the outbox with a note, never sent) and their
queued worker tasks dropped: the console then shows what happens from now on, the reminders
and escalations first. Only rows queued during the load are touched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reviews import moment
from reviews.mail import send_outgoing_email
from reviews.models import MailStatus, OutgoingEmail

NOTE = "The demo's story: queued while the demo was loaded, not sent."


@dataclass(frozen=True)
class Mark:
    """Where the outbox and the task queue stood before the load."""

    last_email: int
    waiting_tasks: frozenset[uuid.UUID]


def _waiting() -> QuerySet[DBTaskResult[..., Any]]:
    return DBTaskResult.objects.filter(
        task_path=send_outgoing_email.module_path, status=TaskResultStatus.READY
    )


def mark() -> Mark:
    last = OutgoingEmail.objects.aggregate(last=Max("pk"))["last"] or 0
    return Mark(last_email=last, waiting_tasks=frozenset(_waiting().values_list("pk", flat=True)))


def withdraw_since(before: Mark) -> int:
    """Withdraw the messages queued since ``before`` and drop their tasks; how many."""
    with transaction.atomic():
        withdrawn = OutgoingEmail.objects.filter(
            pk__gt=before.last_email, status=MailStatus.QUEUED
        ).update(status=MailStatus.WITHDRAWN, last_error=NOTE, finished_at=moment.now())
        _waiting().exclude(pk__in=list(before.waiting_tasks)).delete()
    return withdrawn
