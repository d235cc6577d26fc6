"""Real identities, kept apart from the review (data minimisation, UK GDPR art. 5(1)(c)).

Pages, lists, documents and exports use the case code and pseudonym. Only the business team
can reveal these rows, each look is logged with its reason (reviews.actions.reveal_identities),
and the anonymisation check before publication scans reports for every value held here.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from reviews.models.history import HistoricalRecords
from reviews.models.review import Review


class IdentityRecord(models.Model):
    class Subject(models.TextChoices):
        CHILD = "child", "Child"
        SIBLING = "sibling", "Sibling"
        PARENT = "parent", "Parent or carer"
        OTHER_ADULT = "other-adult", "Other adult in the household"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="identities")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    pseudonym = models.CharField(max_length=100, help_text="As used in the review: 'Child A'.")
    real_name = models.CharField(max_length=200)
    aliases = models.CharField(max_length=500, blank=True, help_text="Separate with commas.")
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True, max_length=1000)
    school = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "subject", "pseudonym"]

    def __str__(self) -> str:
        # Deliberately the pseudonym: a row printed in a log or an error must not identify.
        return f"{self.pseudonym} ({self.review.case_code})"
