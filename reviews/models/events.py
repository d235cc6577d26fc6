"""The append-only record of everything that happened to a review, and of every look at one.

Rows are written by reviews.actions only. They are never changed or deleted: the model refuses
it, the admin offers no way to do it, and the database itself refuses updates, deletes and (on
PostgreSQL) truncation by triggers (migrations 0002 and 0008). Each row is hash-chained to the one
before it as it is saved (accounts.chain.ChainedModel), so an edit or deletion made past the
triggers is found by ``manage.py verify_audit``.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from accounts.chain import AppendOnlyError, ChainedModel, ChainedQuerySet
from accounts.models import Partnership, User
from reviews import moment
from reviews.models.review import Review

__all__ = ["AccessLogEntry", "AppendOnlyError", "Event"]


class EventQuerySet(ChainedQuerySet):
    pass


class Event(ChainedModel):
    """Something that happened to a review: a past-tense type, who, when and the details.

    ``detail`` holds the values that matter to the type; where a value changed it holds
    ``{"changes": {field: {"from": old, "to": new}}}``. The words shown to people come from
    reviews.events.describe().
    """

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=60, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=moment.now, db_index=True)
    detail = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    CHAIN_FIELDS: ClassVar = ("review", "type", "actor", "created_at", "detail")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.type} on {self.review_id} at {self.created_at:%Y-%m-%d %H:%M}"


class AccessLogQuerySet(ChainedQuerySet):
    pass


class AccessLogEntry(ChainedModel):
    """A look at sensitive information: viewing a review, downloading or exporting, revealing a
    real identity. Searchable by the partnership's business team and auditors."""

    class Action(models.TextChoices):
        VIEWED_REVIEW = "viewed-review", "Viewed a review"
        VIEWED_HISTORY = "viewed-history", "Viewed a review's history"
        VIEWED_IDENTITY = "viewed-identity", "Viewed a real identity"
        DOWNLOADED_DOCUMENT = "downloaded-document", "Downloaded a document"
        EXPORTED_DATA = "exported-data", "Exported data"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="access_log"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30, choices=Action.choices)
    target = models.CharField(max_length=300, blank=True, help_text="What was looked at.")
    reason = models.TextField(blank=True, max_length=2000)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=moment.now, db_index=True)

    CHAIN_FIELDS: ClassVar = (
        "partnership",
        "review",
        "user",
        "action",
        "target",
        "reason",
        "ip_address",
        "user_agent",
        "created_at",
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} at {self.created_at:%Y-%m-%d %H:%M}"
