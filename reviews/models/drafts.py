"""The LCSPR's draft reports: every version kept, comments answered by the author, the
panel's agreement of the final draft, sign-off by organisation and the anonymisation check."""

from __future__ import annotations

from typing import ClassVar
from uuid import uuid4

from django.db import models
from django.db.models import Q

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review

TEXT = 10_000


def _draft_path(instance: DraftReport, filename: str) -> str:
    return f"reviews/{instance.review_id}/drafts/{uuid4().hex}.docx"


class DraftReport(models.Model):
    """One version of the author's report (a Word file). Versions are never replaced."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="drafts")
    number = models.PositiveIntegerField()
    docx = models.FileField(upload_to=_draft_path, max_length=300)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(help_text="The document's text, for the anonymisation check.")
    note = models.TextField(blank=True, max_length=5000, help_text="What changed and why.")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=moment.now)
    presented_on = models.DateField("presented to the CSPR subgroup", null=True, blank=True)
    final_agreed_on = models.DateField(
        "agreed by the review panel as the final draft", null=True, blank=True
    )
    final_agreed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "number"], name="one_draft_number"),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(final_agreed_on__isnull=False),
                name="one_final_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft v{self.number} for {self.review.case_code}"

    @property
    def is_final(self) -> bool:
        return self.final_agreed_on is not None


class DraftComment(models.Model):
    """A comment on one draft from a panel member or agency lead, answered by the author."""

    class Topic(models.TextChoices):
        FACTUAL_ACCURACY = "factual-accuracy", "Factual accuracy"
        PRESENTATION = "presentation", "How learning is presented"
        OTHER_ISSUES = "other-issues", "Any other issues for the author or the panel"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved (the draft was changed)"
        ANSWERED = "answered", "Answered (no change made)"

    draft = models.ForeignKey(DraftReport, on_delete=models.PROTECT, related_name="comments")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    where = models.CharField(
        blank=True, max_length=200, help_text="The section, page or paragraph."
    )
    text = models.TextField(max_length=TEXT)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField(default=moment.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True, max_length=TEXT)
    responded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["draft", "made_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(response=""),
                name="a_closed_comment_has_a_response",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} comment on {self.draft}"


class SignOff(models.Model):
    """One organisation's sign-off of the final draft."""

    draft = models.ForeignKey(DraftReport, on_delete=models.PROTECT, related_name="sign_offs")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(
        default=False, help_text="Recorded by the business team on the organisation's behalf."
    )
    note = models.TextField(blank=True, max_length=5000)
    signed_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["draft", "organisation__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["draft", "organisation"], name="one_sign_off_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} signed off {self.draft}"


class AnonymisationCheck(models.Model):
    """A run of the anonymisation check on one draft. Only the number of hits is stored: the
    hits themselves are real identifiers, shown to the business team when the check runs."""

    draft = models.ForeignKey(
        DraftReport, on_delete=models.PROTECT, related_name="anonymisation_checks"
    )
    hits = models.PositiveIntegerField()
    values_checked = models.PositiveIntegerField()
    run_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["draft", "-run_at"]

    def __str__(self) -> str:
        return f"Anonymisation check of {self.draft}: {self.hits} hits"

    @property
    def passed(self) -> bool:
        return self.hits == 0
