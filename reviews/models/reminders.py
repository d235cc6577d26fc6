"""What the reminders sent: one digest a person a day, and each item it carried at its stage.

The two unique constraints are the "once" of the reminders (ADR 0019): a person's digest for a
day is one row, and an item reaches a person once at each stage for its due date. A run inserts
a digest, its items and queues the email in one transaction, so a crash leaves all or nothing,
and a run at the same moment collides on the constraint and sends nothing.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from accounts.models import Partnership, User
from reviews import moment
from reviews.models.review import Review


class ReminderStage(models.TextChoices):
    """How far an item has come towards, or past, its due date."""

    BEFORE = "before", "Due soon"
    DUE_TODAY = "due-today", "Due today"
    OVERDUE = "overdue", "Overdue"
    # Overdue by the partnership's set number of working days: told to those who answer for it.
    ESCALATION = "escalation", "Escalated: overdue"


class ReminderDigest(models.Model):
    """One email to one person on one day, grouping every item it reminded them of."""

    class Kind(models.TextChoices):
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly summary"
        OVERDUE = "overdue", "Overdue only"

    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reminder_digests")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["-day", "recipient_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_a_person_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} on {self.day:%d %B %Y}"


class SentReminder(models.Model):
    """One item in one digest: who was told what, at which stage, and when it was due."""

    digest = models.ForeignKey(ReminderDigest, on_delete=models.CASCADE, related_name="items")
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sent_reminders")
    # WorkItem.key: names the review and the thing, never personal details.
    key = models.CharField(max_length=200)
    stage = models.CharField(max_length=12, choices=ReminderStage.choices)
    what = models.CharField(max_length=300)
    due_on = models.DateField()

    class Meta:
        ordering: ClassVar = ["-digest__day", "due_on", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "key", "stage", "due_on"], name="one_reminder_a_stage"
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["partnership", "digest"], name="sent_reminder_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_stage_display()}) to {self.recipient}"
