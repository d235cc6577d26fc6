"""The outbox: every email the service sends, one row per message and recipient (ADR 0015).

A row is written in the transaction of the action that sends the message, so a rolled-back
action sends nothing; the background task that sends it carries only the row's id. A row holds
no secret: a message that carries one (a practitioner's feedback link) keeps its template and
plain context here, and the worker issues the secret as it sends. Rows are written by
``reviews.mail`` (queueing, claiming, sending) and ``reviews.actions.outbox`` (trying again)
only, and sent or withdrawn rows are pruned after a while (``manage.py prune_mail``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from reviews import moment
from reviews.models.learning_events import FeedbackLink
from reviews.models.review import Review


class MailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    # Tried for MAIL_RETRY_HOURS without success: shown to the business team, who may try again.
    FAILED = "failed", "Not sent"
    # Not needed any more (a feedback link used or expired before its message went).
    WITHDRAWN = "withdrawn", "Withdrawn"


FINISHED = (MailStatus.SENT, MailStatus.WITHDRAWN)


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def due(self) -> OutgoingEmailQuerySet:
        """Rows a sender may claim now: queued and due, or claimed by a worker whose lease ran
        out (a worker killed while sending)."""
        now = moment.now()
        return self.filter(
            Q(status=MailStatus.QUEUED, next_attempt_at__lte=now)
            | Q(status=MailStatus.SENDING, claimed_until__lt=now)
        )


class OutgoingEmail(models.Model):
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=500)
    # The body, rendered in the caller's transaction; empty when the worker renders it (below).
    body = models.TextField(blank=True)
    # Rendered by the worker, with a secret it issues at send time, when body is empty.
    template = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    feedback_link = models.ForeignKey(
        FeedbackLink, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # [{"filename", "content" (base64), "mimetype"}]: calendar invitations, no secrets.
    attachments = models.JSONField(default=list, blank=True)
    # The same Message-ID on every attempt, so a receiving server can spot a repeat.
    message_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=20, choices=MailStatus, default=MailStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=moment.now)
    next_attempt_at = models.DateTimeField(default=moment.now)
    # While a worker sends, no one else may: a lease longer than the mail server's timeout.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # The first failed attempt's moment: retries stop MAIL_RETRY_HOURS after it.
    failing_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "finished_at"], name="outbox_finished"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(template=""), name="outbox_has_body_or_template"
            )
        ]

    def __str__(self) -> str:
        return f"Email {self.pk} to {self.to}: {self.get_status_display()}"
