"""The serious incident notification that opens a rapid review, and the children it covers.

Children Act 2004 s16C: a local authority that knows or suspects a child has been abused or
neglected notifies the National Panel when the child dies or is seriously harmed in its area,
or, while normally resident in its area, outside England. One notification per incident; it
can cover several children.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator
from django.db import models

from accounts.local_authorities import LocalAuthority
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review


class Harm(models.TextChoices):
    DIED = "died", "The child died"
    SERIOUSLY_HARMED = "seriously-harmed", "The child was seriously harmed"


class Criterion(models.TextChoices):
    IN_AREA = "in-area", "The child died or was seriously harmed in the local authority's area"
    RESIDENT_OUTSIDE_ENGLAND = (
        "resident-outside-england",
        "The child normally lives in the area and died or was seriously harmed outside England",
    )
    NONE = "none", "Neither"


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Abuse or neglect is known"
    SUSPECTED = "suspected", "Abuse or neglect is suspected"
    NEITHER = "neither", "Neither known nor suspected"


class Notification(models.Model):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="notification")
    incident_date = models.DateField()
    harm = models.CharField(max_length=20, choices=Harm.choices)
    incident_area = models.CharField("local authority where it happened", max_length=200)
    home_area = models.CharField("local authority where the child normally lives", max_length=200)
    # Which of the partnership's local authorities each is; empty when outside the partnership
    # (the name above says which) or never said (recorded before a partnership had any).
    incident_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    home_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    criterion = models.CharField(max_length=30, choices=Criterion.choices)
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices)
    proceed_reason = models.TextField(
        blank=True,
        max_length=5000,
        help_text="Why the review goes ahead although no statutory criterion is met.",
    )
    la_aware_on = models.DateField("date the local authority became aware")
    panel_notified_on = models.DateField("date the National Panel was notified")
    partnership_told_on = models.DateField("date the partnership was told")
    # A looked-after child's death: the local authority also tells Ofsted and the Secretary of
    # State (Working Together 2023), recorded once the review is open.
    ofsted_told_on = models.DateField("date Ofsted was told", null=True, blank=True)
    secretary_of_state_told_on = models.DateField(
        "date the Secretary of State was told", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(criterion="none", proceed_reason="")
                & ~models.Q(abuse_or_neglect="neither", proceed_reason=""),
                name="no_criterion_needs_a_reason_to_proceed",
            ),
        ]

    def __str__(self) -> str:
        return f"Notification for {self.review.case_code}"

    @property
    def meets_criteria(self) -> bool:
        return self.criterion != Criterion.NONE and self.abuse_or_neglect != AbuseOrNeglect.NEITHER


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not-known", "Not known"


class Plan(models.TextChoices):
    NONE = "none", "No plan"
    CHILD_IN_NEED = "child-in-need", "Child in need plan"
    CHILD_PROTECTION = "child-protection", "Child protection plan"
    NOT_KNOWN = "not-known", "Not known"


class Child(models.Model):
    """A child the notification covers, described without identifying them.

    A date of birth identifies, so it is kept with the real identity (IdentityRecord); the
    child's age at the incident is kept here.
    """

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="children")
    pseudonym = models.CharField(max_length=100)
    age_years = models.PositiveSmallIntegerField(
        "age at the incident (years)", validators=[MaxValueValidator(25)]
    )
    sex = models.CharField(max_length=20, choices=Sex.choices)
    ethnicity = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=300, blank=True)
    looked_after = models.BooleanField("looked after by the local authority", default=False)
    plan = models.CharField(max_length=20, choices=Plan.choices, default=Plan.NONE)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "position", "pk"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.review.case_code})"
