"""The partners' decisions (working day 9) and the decision meeting's outcome (working day 11).

Regulation 11 of the Child Safeguarding Practice Review and Relevant Agency (England)
Regulations 2018: the partners weigh whether the case (a) highlights or may highlight
improvements needed, including ones previously identified; (b) highlights recurrent themes;
(c) highlights concerns about two or more agencies working together effectively; (d) is one the
National Panel considered and concluded a local review may be more appropriate. Meeting the
criteria does not force a review: the decision and its rationale are recorded and communicated.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.meetings import Meeting
from reviews.models.review import Review


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not-sure", "Not sure yet"


# The four regulation 11 criteria, in the regulation's order: (field prefix, words).
LCSPR_CRITERIA: tuple[tuple[str, str], ...] = (
    (
        "improvements",
        "(a) highlights or may highlight improvements needed, including ones previously identified",
    ),
    ("recurrent_themes", "(b) highlights recurrent themes"),
    (
        "joint_working",
        "(c) highlights concerns about two or more agencies working together effectively",
    ),
    (
        "panel_referred",
        "(d) the National Panel considered it and concluded a local review may be more appropriate",
    ),
)


def _answer() -> models.CharField[str, str]:
    return models.CharField(max_length=10, choices=Answer.choices)


def _rationale() -> models.TextField[str, str]:
    return models.TextField(max_length=10000)


class PartnerDecision(models.Model):
    """One statutory partner's own decision, recorded before the meeting (working day 9)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="partner_decisions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    improvements = _answer()
    improvements_rationale = _rationale()
    recurrent_themes = _answer()
    recurrent_themes_rationale = _rationale()
    joint_working = _answer()
    joint_working_rationale = _rationale()
    panel_referred = _answer()
    panel_referred_rationale = _rationale()
    lcspr_criteria_met = _answer()
    lcspr_rationale = _rationale()
    national_criteria_may_be_met = _answer()
    national_rationale = _rationale()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "organisation__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["review", "organisation"], name="one_decision_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}'s decision on {self.review.case_code}"


class Attendance(models.Model):
    """Who was invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attended = models.BooleanField(default=False)
    apologies = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "user__full_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"


class JointDecision(models.Model):
    """What the partners agreed at the decision meeting (or at a reconvened meeting)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="joint_decisions")
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="joint_decision")
    held_on = models.DateField()
    legal_advice = models.TextField(max_length=10000)
    lcspr_criteria_met = _answer()
    national_criteria_met = _answer()
    lcspr_to_start = models.BooleanField("an LCSPR should start")
    rationale = _rationale()
    action_on_learning = models.TextField(
        blank=True,
        max_length=10000,
        help_text="Where no LCSPR starts: the action taken or under way to address the learning.",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "held_on"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(lcspr_to_start=True) | ~models.Q(action_on_learning=""),
                name="no_lcspr_says_what_is_done_instead",
            )
        ]

    def __str__(self) -> str:
        return f"Decision on {self.review.case_code} of {self.held_on}"


class Dissent(models.Model):
    """A partner who did not agree with the joint decision, and why."""

    decision = models.ForeignKey(JointDecision, on_delete=models.CASCADE, related_name="dissents")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(max_length=10000)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["decision", "organisation__name"]

    def __str__(self) -> str:
        return f"Dissent of {self.organisation}"
