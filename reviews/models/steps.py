"""What has happened to each step of a review, and the changes to its clock.

The due dates themselves are never stored: they are computed from the process, the origin
and these rows (reviews.schedule), so a correction anywhere recomputes everything after it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from accounts.models import User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review


class StepRecord(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="step_records")
    key = models.CharField(max_length=40)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    planned_on = models.DateField(
        null=True, blank=True, help_text="For steps with no statutory deadline."
    )
    # Set on the LCSPR's plan page: the itinerary's agreed dates then leave it alone (issue 14).
    planned_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who set the planned date by hand; empty when the itinerary set it.",
    )
    note = models.TextField(blank=True, max_length=5000)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "key"], name="one_record_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.review.case_code} {self.key}"


class Extension(models.Model):
    """More time for one step, with the reason; the original due date stays on record."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="extensions")
    step = models.CharField(max_length=40)
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    new_date = models.DateField(null=True, blank=True)
    reason = models.TextField(max_length=2000)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=moment.now)
    # A national expectation moves only by an extension agreed with the National Panel.
    agreed_with_panel = models.BooleanField(default=False)
    agreed_on = models.DateField(
        null=True, blank=True, help_text="The date the National Panel agreed the extension."
    )

    class Meta:
        ordering: ClassVar = ["granted_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(working_days__isnull=True, new_date__isnull=False)
                | Q(working_days__isnull=False, new_date__isnull=True),
                name="extension_gives_days_or_a_date",
            ),
            models.CheckConstraint(
                condition=Q(agreed_with_panel=False, agreed_on__isnull=True)
                | Q(agreed_with_panel=True, agreed_on__isnull=False),
                name="extension_agreed_with_panel_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Extension of {self.step} on {self.review.case_code}"


class Hold(models.Model):
    """The review's clock stopped, for example by criminal proceedings, with the reason."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="holds")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["start", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="hold_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Hold on {self.review.case_code} from {self.start}"
