"""Documents the service generates (combined agency report, rapid review report, ...).

Every generation is a new numbered version; none is overwritten. The combined report is written
by the background worker (ADR 0023): its row is recorded "queued" with the content as it was
asked for (``content``), and the worker fills in the files and marks it ready, or failed.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import uuid4

from django.db import models

from accounts.models import User
from reviews import moment
from reviews.models.review import Review


class DocumentKind(models.TextChoices):
    COMBINED_REPORT = "combined-report", "Combined agency information report"
    SEVEN_MINUTE_BRIEFING = "seven-minute-briefing", "7-minute briefing"
    LEARNING_ON_ONE_PAGE = "learning-on-one-page", "Learning on one page"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be generated"
    WRITING_WORD = "writing-word", "Generating the Word file"
    WRITING_PDF = "writing-pdf", "Generating the PDF"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be generated"


# The statuses in which the worker is, or should be, writing the files.
UNFINISHED = frozenset(
    {DocumentStatus.QUEUED, DocumentStatus.WRITING_WORD, DocumentStatus.WRITING_PDF}
)


def _generated_path(instance: GeneratedDocument, filename: str) -> str:
    return f"reviews/{instance.review_id}/generated/{uuid4().hex}-{filename}"


class GeneratedDocument(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    number = models.PositiveIntegerField()
    docx = models.FileField(upload_to=_generated_path, max_length=300, blank=True)
    pdf = models.FileField(upload_to=_generated_path, max_length=300, blank=True)
    # Documents written in the request (the learning documents) are ready when recorded.
    status = models.CharField(
        max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.READY
    )
    # What the worker renders: the report's content as it stood when it was asked for (JSON of
    # reviews.documents.combined_report.CombinedReport), emptied once the files are written.
    content = models.JSONField(null=True, blank=True)
    # The worker writing the files holds them until then; after it, another may take them over.
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why the last attempt failed, in words for the page (never the error's own text).
    failure = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=moment.now)
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["review", "kind", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["review", "kind", "number"], name="one_number_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number} for {self.review.case_code}"

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY

    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED
