"""Requests for information to agencies, and what each agency returns.

An agency contributor sees and answers only their own organisation's request (need to know).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar
from uuid import uuid4

from django.db import models

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review


class RequestStatus(models.TextChoices):
    SENT = "sent", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    MORE_DETAIL = "more-detail", "More detail requested"
    RETURNED = "returned", "Returned"
    NO_INVOLVEMENT = "no-involvement", "No involvement"


ANSWERED = frozenset({RequestStatus.RETURNED, RequestStatus.NO_INVOLVEMENT})


class InformationRequestQuerySet(models.QuerySet["InformationRequest"]):
    def answered(self) -> InformationRequestQuerySet:
        return self.filter(status__in=ANSWERED)

    def outstanding(self) -> InformationRequestQuerySet:
        return self.exclude(status__in=ANSWERED)


class InformationRequest(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    contributor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_requests",
        help_text="The person who answers for the organisation.",
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default="sent")
    sent_at = models.DateTimeField(default=moment.now)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    named_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a further agency: the statutory partner that named it.",
    )
    involvement = models.TextField(blank=True, max_length=20000)
    analysis = models.TextField(blank=True, max_length=20000)
    immediate_actions = models.TextField(blank=True, max_length=20000)
    learning = models.TextField(blank=True, max_length=20000)
    more_detail_reason = models.TextField(blank=True, max_length=5000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_chased_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = InformationRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "organisation__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["review", "organisation"], name="one_request_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"Request to {self.organisation} for {self.review.case_code}"

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED


class ChronologyEntry(models.Model):
    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="chronology"
    )
    happened_on = models.DateField()
    what_happened = models.TextField(max_length=5000)
    source = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=moment.now)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["happened_on", "pk"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.what_happened[:40]}"


def _document_path(instance: SupportingDocument, filename: str) -> str:
    # The stored name is random: a person's file name never becomes a path on the server.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return (
        f"reviews/{instance.request.review_id}/requests/{instance.request_id}/{uuid4().hex}{suffix}"
    )


class SupportingDocument(models.Model):
    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(upload_to=_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
