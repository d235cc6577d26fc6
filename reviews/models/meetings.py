"""Meetings of a review: the working day 11 decision meeting, and later ones."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from accounts.models import User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review


class MeetingKind(models.TextChoices):
    DECISION = "decision-meeting", "Decision meeting (working day 11)"
    RECONVENED = "reconvene", "Reconvened meeting"


class Meeting(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    location = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    invitees = models.ManyToManyField(User, related_name="meeting_invitations", blank=True)
    # Calendar clients match updates to the invitation they already hold by this identifier.
    uid = models.CharField(max_length=100, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField(default=moment.now)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[invitees])

    class Meta:
        ordering: ClassVar = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.review.case_code}"
