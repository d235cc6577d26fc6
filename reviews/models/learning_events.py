"""An LCSPR's itinerary and learning events, the people who take part in them (participants,
not users), invitations, attendance, and the practitioners' feedback afterwards.

Feedback comes through a one-time link that needs no account. Only a hash of the link's token
is stored, and the answers are private to the review team (reviews.permissions).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review

TEXT = 10_000


class EventKind(models.TextChoices):
    # The itinerary of domain.md, step itinerary-confirmed, in its usual order.
    PRE_MEETING = "pre-meeting", "Pre-meeting (complex or sensitive cases)"
    PRACTITIONER_EVENT = "practitioner-event", "Practitioner learning event"
    MANAGER_EVENT = "manager-event", "Manager learning event"
    FAMILY_ENGAGEMENT = "family-engagement", "Family engagement"
    FURTHER_INFORMATION = "further-information", "Gathering further information"
    EMERGING_LEARNING = "emerging-learning", "Sharing emerging learning"


# The draft itinerary every LCSPR starts from (the pre-meeting is optional).
DRAFT_ITINERARY = (
    EventKind.PRACTITIONER_EVENT,
    EventKind.MANAGER_EVENT,
    EventKind.FAMILY_ENGAGEMENT,
    EventKind.FURTHER_INFORMATION,
    EventKind.EMERGING_LEARNING,
)


class LearningEvent(models.Model):
    """One item of the itinerary, with its planned date and, once arranged, its time and place."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="learning_events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    planned_on = models.DateField()
    starts_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=180)
    location = models.CharField(max_length=300, blank=True)
    areas_to_explore = models.TextField(blank=True, max_length=TEXT)
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=TEXT)
    # Calendar clients match updates to the invitation they already hold by this identifier.
    uid = models.CharField(max_length=100, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.review.case_code}"


class Participant(models.Model):
    """A practitioner, manager or other person taking part in an LCSPR, who is not a user."""

    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        MANAGER = "manager", "Manager"
        FAMILY = "family", "Family member"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="participants")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True, max_length=254)
    sensitive = models.BooleanField(
        default=False, help_text="For example a practitioner under investigation or bereaved."
    )
    sensitivity_note = models.TextField(blank=True, max_length=2000)
    support_in_place = models.BooleanField(default=False)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}) on {self.review.case_code}"


class EventPlace(models.Model):
    """A participant's place at one event: invited, and whether they attended."""

    event = models.ForeignKey(LearningEvent, on_delete=models.PROTECT, related_name="places")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="places")
    invited_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["event", "participant__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "participant"], name="one_place_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.participant.name} at {self.event}"


class FeedbackLink(models.Model):
    """A one-time link for a participant's feedback after an event. The token is never stored:
    only its SHA-256, so the database alone cannot be used to answer as someone."""

    place = models.OneToOneField(EventPlace, on_delete=models.PROTECT, related_name="feedback")
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=moment.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # The answers (private to the review team).
    what_helped = models.TextField(blank=True, max_length=TEXT)
    what_got_in_the_way = models.TextField(blank=True, max_length=TEXT)
    learning = models.TextField(blank=True, max_length=TEXT)
    support_needed = models.TextField(blank=True, max_length=TEXT)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True)
                | ~Q(what_helped="", what_got_in_the_way="", learning=""),
                name="used_feedback_has_an_answer",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback link for {self.place}"
