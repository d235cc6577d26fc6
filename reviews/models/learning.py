"""Learning from every review, and what is done about it: themes, learning, recommendations,
actions (with evidence and the business team's confirmation) and how learning was shared."""

from __future__ import annotations

from typing import ClassVar
from uuid import uuid4

from django.db import models
from django.db.models import Q

from accounts.models import Organisation, Partnership, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.requests import InformationRequest
from reviews.models.review import Review

TEXT = 10_000

# The list every partnership starts with (issue 8); the business team edits it.
COMMON_THEMES = (
    "Neglect",
    "Domestic abuse",
    "Parental mental health",
    "Substance misuse",
    "Safe sleep",
    "Non-accidental injury to babies",
    "Child sexual exploitation",
    "Criminal exploitation",
    "Online harm",
    "Professional curiosity",
    "Information sharing",
    "Escalation",
    "Hearing the voice of the child",
    "Fathers and male carers",
    "Transitions",
    "Education and attendance",
    "Race and culture",
    "Disability",
)


class Theme(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, max_length=2000)
    active = models.BooleanField(default=True, help_text="Retired themes keep their history.")
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["partnership", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["partnership", "name"], name="one_theme_per_name")
        ]

    def __str__(self) -> str:
        return self.name


class Learning(models.Model):
    """A piece of learning, at any stage of a rapid review or an LCSPR."""

    class Source(models.TextChoices):
        AGENCY_RETURN = "agency-return", "An agency return"
        DECISION_MEETING = "decision-meeting", "The decision meeting"
        LEARNING_EVENT = "learning-event", "A learning event"
        DRAFT_REPORT = "draft-report", "A draft report"
        OTHER = "other", "Elsewhere in the review"

    class Scope(models.TextChoices):
        SINGLE_AGENCY = "single-agency", "Single-agency"
        MULTI_AGENCY = "multi-agency", "Multi-agency"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="learning")
    source = models.CharField(max_length=30, choices=Source.choices)
    source_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_raised",
        help_text="The agency return it came from, if it did.",
    )
    source_detail = models.CharField(blank=True, max_length=300)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True, max_length=TEXT)
    themes = models.ManyToManyField(Theme, related_name="learning")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For single-agency learning: the agency.",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering: ClassVar = ["review", "recorded_at", "pk"]
        verbose_name_plural = "learning"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(scope="multi-agency") | Q(organisation__isnull=False),
                name="single_agency_learning_names_the_agency",
            )
        ]

    def __str__(self) -> str:
        return f"Learning on {self.review.case_code}: {self.summary[:40]}"


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=TEXT)
    learning = models.ManyToManyField(Learning, related_name="recommendations", blank=True)
    themes = models.ManyToManyField(Theme, related_name="recommendations", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[learning, themes])

    class Meta:
        ordering: ClassVar = ["review", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "number"], name="one_recommendation_number")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number} of {self.review.case_code}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    # The owner says it is done; the business team confirms (or sends it back).
    AWAITING_CONFIRMATION = "awaiting-confirmation", "Completed, awaiting confirmation"
    CONFIRMED = "confirmed", "Completed and confirmed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_ACTION_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_CONFIRMATION,
)


class PlanAction(models.Model):
    """An action of a review's action plan: for a recommendation, or an immediate corrective
    action raised at any step while the review is running."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="plan_actions")
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    raised_at_step = models.CharField(
        blank=True, max_length=40, help_text="For an immediate action: the step it came from."
    )
    description = models.TextField(max_length=TEXT)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    lead_name = models.CharField("named lead", max_length=200)
    lead = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_actions",
        help_text="The lead's account, if they have one.",
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=30, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress_note = models.TextField(blank=True, max_length=TEXT)
    evidence_note = models.TextField("evidence of completion", blank=True, max_length=TEXT)
    completed_on = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_on", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False) | ~Q(raised_at_step=""),
                name="an_action_has_a_recommendation_or_a_step",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["awaiting-confirmation", "confirmed"])
                | (Q(completed_on__isnull=False) & ~Q(evidence_note="")),
                name="a_completed_action_has_evidence",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_by__isnull=False),
                name="a_confirmed_action_names_who_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"Action for {self.organisation} on {self.review.case_code}"

    @property
    def is_immediate(self) -> bool:
        return self.recommendation_id is None


def _evidence_path(instance: ActionEvidence, filename: str) -> str:
    return f"reviews/{instance.action.review_id}/evidence/{uuid4().hex}"


class ActionEvidence(models.Model):
    """A document evidencing an action's completion (Word or PDF, checked like any upload)."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=moment.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["action", "uploaded_at"]
        verbose_name_plural = "action evidence"

    def __str__(self) -> str:
        return f"Evidence {self.original_name} for action {self.action_id}"


class Dissemination(models.Model):
    """How one organisation shared a review's learning, and how many practitioners it reached."""

    class Method(models.TextChoices):
        TEAM_MEETING = "team-meeting", "Team meeting"
        TRAINING = "training", "Training"
        NEWSLETTER = "newsletter", "Newsletter"
        BRIEFING = "briefing", "7-minute briefing"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="disseminations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    shared_on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    practitioners_reached = models.PositiveIntegerField()
    note = models.TextField(blank=True, max_length=5000)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["review", "-shared_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} shared learning from {self.review.case_code}"
