"""What was sent to the National Panel, what it answered, and how the rapid review ended.

The National Panel is never a user: the business team records its correspondence.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar
from uuid import uuid4

from django.db import models

from accounts.models import User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.reports import ReportVersion
from reviews.models.review import Review


class PanelSubmission(models.Model):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="submission")
    report_version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    sent_to = models.CharField(max_length=300, help_text="For example the Panel's mailbox.")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    acknowledged_on = models.DateField(null=True, blank=True)
    consideration_date = models.DateField(
        null=True, blank=True, help_text="The date the Panel will consider the case."
    )
    panel_reference = models.CharField(
        max_length=100, blank=True, help_text="The Panel's own reference for the case."
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Submission of {self.review.case_code}"


def _letter_path(instance: PanelResponse, filename: str) -> str:
    # A random name keeping only the (already checked) extension: .pdf or .docx.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"reviews/{instance.review_id}/panel/{uuid4().hex}{suffix}"


class NationalReview(models.TextChoices):
    YES = "yes", "A national review will be carried out"
    NO = "no", "No national review"
    UNDECIDED = "undecided", "Not decided yet"


class PanelResponse(models.Model):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="panel_response")
    received_on = models.DateField()
    more_information_needed = models.BooleanField()
    agrees_with_conclusions = models.BooleanField()
    national_review = models.CharField(max_length=20, choices=NationalReview.choices)
    summary = models.TextField(max_length=10000)
    letter = models.FileField(upload_to=_letter_path, max_length=300, blank=True)
    letter_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Panel response on {self.review.case_code}"


class Reconvened(models.Model):
    """The further meeting held when the Panel's view differs from the partners'."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="reconvened")
    held_on = models.DateField()
    next_course_of_action = models.TextField(max_length=10000)
    response_to_panel = models.TextField(max_length=10000)
    attendance = models.TextField(
        max_length=5000, blank=True, help_text="Who attended: names and roles."
    )
    response_sent_on = models.DateField(
        null=True, blank=True, help_text="The date the partnership's response went to the Panel."
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reconvened meeting on {self.review.case_code}"


class InformationRound(models.Model):
    """One round of "more information needed": the Panel's request, the information supplied,
    and the review resubmitted, each dated (the business team records them)."""

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="panel_information_rounds"
    )
    number = models.PositiveSmallIntegerField()
    requested_on = models.DateField(help_text="The date the Panel's request was received.")
    asks = models.TextField(max_length=5000, help_text="What the Panel asks for.")
    due_on = models.DateField(help_text="The date the information is due by.")
    supplied_on = models.DateField(null=True, blank=True)
    resubmitted_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "number"], name="one_round_per_number"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("requested_on")),
                name="round_due_not_before_requested",
            ),
            models.CheckConstraint(
                condition=models.Q(supplied_on__isnull=True)
                | models.Q(supplied_on__gte=models.F("requested_on")),
                name="round_supplied_not_before_requested",
            ),
            models.CheckConstraint(
                condition=models.Q(resubmitted_on__isnull=True)
                | models.Q(supplied_on__isnull=False, resubmitted_on__gte=models.F("supplied_on")),
                name="round_resubmitted_after_supplied",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number} of more information on {self.review.case_code}"


class OutcomeKind(models.TextChoices):
    LCSPR = "lcspr", "A local child safeguarding practice review is commissioned"
    NATIONAL = "national", "A national review will be carried out"
    NO_REVIEW = "no-review", "No further review: the learning is acted on instead"


class Outcome(models.Model):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="outcome")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    decided_on = models.DateField()
    rationale = models.TextField(max_length=10000)
    actions_instead = models.TextField(blank=True, max_length=10000)
    lcspr = models.OneToOneField(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(kind="no-review") | ~models.Q(actions_instead=""),
                name="no_review_says_what_is_done_instead",
            )
        ]

    def __str__(self) -> str:
        return f"Outcome of {self.review.case_code}"


class Communication(models.Model):
    """A decision communicated: to whom, how and when (including to the family)."""

    class Audience(models.TextChoices):
        FAMILY = "family", "The family"
        PARTNERS = "partners", "The safeguarding partners"
        PANEL = "panel", "The National Panel"
        PRACTITIONERS = "practitioners", "Practitioners and managers involved"
        OTHER = "other", "Someone else"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="communications")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    about = models.CharField(max_length=200, help_text="What was communicated.")
    method = models.CharField(max_length=200, help_text="Letter, meeting, phone call, ...")
    communicated_on = models.DateField()
    note = models.TextField(blank=True, max_length=5000)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["review", "communicated_on", "pk"]

    def __str__(self) -> str:
        return f"{self.about} to {self.get_audience_display()}"
