"""An LCSPR's planning: terms of reference, the independent author, the itinerary, the family,
the regulation 14 monitoring log, the media strategy and publication.

The learning events themselves (participants, invitations, attendance, feedback) are in
reviews.models.learning_events; the author's drafts and the sign-off in reviews.models.drafts.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review

TEXT = 10_000  # the longest free text any of these records holds


class TermsOfReference(models.Model):
    """One version of the terms of reference. Every version is kept; the panel agrees one."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveIntegerField()
    period_start = models.DateField("start of the period under review")
    period_end = models.DateField("end of the period under review")
    practitioner_involvement = models.TextField(
        "how practitioners will be involved", max_length=TEXT
    )
    manager_involvement = models.TextField("how managers will be involved", max_length=TEXT)
    family_involvement = models.TextField("how family members will be involved", max_length=TEXT)
    themes = models.TextField(
        "themes to explore",
        max_length=TEXT,
        help_text="One a line. They become the agenda of the learning events.",
    )
    note = models.TextField(blank=True, max_length=5000, help_text="What changed and why.")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=moment.now)
    shared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the author and the review panel were sent it."
    )

    class Meta:
        ordering: ClassVar = ["review", "-number"]
        verbose_name_plural = "terms of reference"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "number"], name="one_terms_number"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="terms_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Terms of reference v{self.number} for {self.review.case_code}"

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]


class TermsAgreement(models.Model):
    """A review panel member's agreement to one version of the terms of reference."""

    terms = models.ForeignKey(TermsOfReference, on_delete=models.PROTECT, related_name="agreements")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=5000)
    agreed_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["terms", "agreed_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["terms", "person"], name="one_agreement_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} agreed {self.terms}"


class AuthorCommission(models.Model):
    """The independent author's commission. The author's account is given access to this
    review only, as a ReviewMember with the author role."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="commission")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="commissions")
    author_organisation = models.CharField(
        "author's organisation", max_length=200, blank=True, help_text="If they work for one."
    )
    starts_on = models.DateField("start of the commission")
    ends_on = models.DateField("end of the commission")
    contract_reference = models.CharField(max_length=100)
    commissioned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    commissioned_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="commission_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Commission of {self.author} for {self.review.case_code}"


class IntroductionMeeting(models.Model):
    """The introduction meeting with key partners: who attended and what was agreed."""

    review = models.OneToOneField(
        Review, on_delete=models.PROTECT, related_name="introduction_meeting"
    )
    held_on = models.DateField()
    attendees = models.ManyToManyField(User, related_name="+", blank=True)
    others_present = models.TextField(
        blank=True, max_length=2000, help_text="Anyone present without an account, one a line."
    )
    agreed = models.TextField("what was agreed", max_length=TEXT)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[attendees])

    def __str__(self) -> str:
        return f"Introduction meeting for {self.review.case_code}"


class Itinerary(models.Model):
    """The panel's confirmation of the itinerary (its items are LearningEvent rows)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="itinerary")
    adjustments = models.TextField(blank=True, max_length=TEXT)
    sensitivities = models.TextField(blank=True, max_length=TEXT)
    confirmed_on = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "itineraries"

    def __str__(self) -> str:
        return f"Itinerary for {self.review.case_code}"


class FamilyEngagement(models.Model):
    """How the family is engaged, and whether contact is deferred (for example by criminal
    proceedings). Deferring contact does not stop the review's clock: a hold does that."""

    review = models.OneToOneField(
        Review, on_delete=models.PROTECT, related_name="family_engagement"
    )
    contact_plan = models.TextField(blank=True, max_length=TEXT)
    consent_and_wishes = models.TextField(blank=True, max_length=TEXT)
    advocate = models.CharField(
        blank=True, max_length=200, help_text="An advocate or supporter, if the family has one."
    )
    deferred_since = models.DateField(null=True, blank=True)
    deferred_until = models.DateField(
        null=True, blank=True, help_text="When contact is expected to be possible, if known."
    )
    deferred_reason = models.TextField(blank=True, max_length=5000)
    told_of_outcome_on = models.DateField(null=True, blank=True)
    told_of_publication_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(deferred_since__isnull=True) | ~Q(deferred_reason=""),
                name="family_deferral_gives_a_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Family engagement for {self.review.case_code}"

    @property
    def is_deferred(self) -> bool:
        return self.deferred_since is not None


class FamilyContact(models.Model):
    """One contact with the family (names are never recorded here: roles only)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="family_contacts")
    contacted_on = models.DateField()
    with_whom = models.CharField(max_length=200, help_text="For example 'Mother', 'Grandfather'.")
    method = models.CharField(max_length=100, help_text="For example home visit, telephone.")
    summary = models.TextField(max_length=TEXT)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["review", "contacted_on", "pk"]

    def __str__(self) -> str:
        return f"Family contact on {self.contacted_on} for {self.review.case_code}"


class MonitoringEntry(models.Model):
    """Regulation 14: a dated checkpoint on time taken and quality, or a written request to the
    author for information or a draft, with the reply."""

    class Kind(models.TextChoices):
        CHECKPOINT = "checkpoint", "Checkpoint on time and quality"
        REQUEST = "request", "Written request to the author"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="monitoring")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    dated = models.DateField()
    on_time = models.BooleanField(
        null=True, blank=True, help_text="For a checkpoint: is the review on time?"
    )
    text = models.TextField(
        max_length=TEXT, help_text="The checkpoint's findings, or the request as sent."
    )
    reply = models.TextField(blank=True, max_length=TEXT)
    replied_on = models.DateField(null=True, blank=True)
    replied_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "dated", "pk"]
        verbose_name_plural = "monitoring entries"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(kind="request"),
                name="only_requests_have_replies",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.dated} for {self.review.case_code}"


class MediaStrategy(models.Model):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="media_strategy")
    impact_update = models.TextField(blank=True, max_length=TEXT)
    publication_method = models.TextField("method of publication", blank=True, max_length=TEXT)
    practitioner_update = models.TextField(
        "update for practitioners and managers", blank=True, max_length=TEXT
    )
    family_liaison = models.TextField(blank=True, max_length=TEXT)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "media strategies"

    def __str__(self) -> str:
        return f"Media strategy for {self.review.case_code}"


class Publication(models.Model):
    """Planned and actual publication. The planned date anchors the pre-publication notice
    (reviews.clock); a delay is an Extension of the published step, with its reason."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="publication")
    planned_on = models.DateField(null=True, blank=True)
    notice_sent_on = models.DateField("pre-publication notice sent", null=True, blank=True)
    notice_sent_to = models.CharField(blank=True, max_length=500)
    published_on = models.DateField(null=True, blank=True)
    where = models.CharField(
        "where it was published", blank=True, max_length=500, help_text="A web address or place."
    )
    improvements_only = models.BooleanField(
        default=False,
        help_text="Publishing the report was inappropriate, so the improvements were published.",
    )
    delay_reason = models.TextField(
        blank=True, max_length=5000, help_text="Required when publication is past six months."
    )
    improvements_justification = models.TextField(
        blank=True, max_length=5000, help_text="Why only the improvements were published."
    )
    # A delay: when and how the National Panel and the Secretary of State were told why.
    delay_told_on = models.DateField(null=True, blank=True)
    delay_told_how = models.CharField(blank=True, max_length=500)
    minimum_period_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Publication of {self.review.case_code}"
