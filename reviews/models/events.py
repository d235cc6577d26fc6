"""The append-only record of everything that happened to a review, and of every look at one.

Rows are written by reviews.actions only. They are never changed or deleted: the model refuses
it, the admin offers no way to do it, and the database itself refuses updates (a trigger,
migration 0002) and, on PostgreSQL, deletes as well.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from accounts.models import Partnership, User
from reviews import moment
from reviews.models.review import Review


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a row of an append-only table."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")


class EventQuerySet(AppendOnlyQuerySet):
    pass


class Event(AppendOnlyModel):
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

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.type} on {self.review_id} at {self.created_at:%Y-%m-%d %H:%M}"


class AccessLogQuerySet(AppendOnlyQuerySet):
    pass


class AccessLogEntry(AppendOnlyModel):
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

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} at {self.created_at:%Y-%m-%d %H:%M}"
