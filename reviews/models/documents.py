"""Documents the service generates (combined agency report, rapid review report, ...).

Every generation is a new numbered version; none is overwritten.
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


def _generated_path(instance: GeneratedDocument, filename: str) -> str:
    return f"reviews/{instance.review_id}/generated/{uuid4().hex}-{filename}"


class GeneratedDocument(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    number = models.PositiveIntegerField()
    docx = models.FileField(upload_to=_generated_path, max_length=300)
    pdf = models.FileField(upload_to=_generated_path, max_length=300)
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
