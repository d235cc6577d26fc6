"""Who agreed what at the end of an LCSPR, person by person and agency by agency: each review
panel member's agreement of a version as the final draft (as with the terms of reference), each
agency's confirmation that a version is factually accurate, and each partner or media
representative who agreed the media strategy.

Guidance (ddscp-rapid-review-and-lcspr-guidance.txt, LCSPR process): the final draft report is
agreed by the child practice review panel; panel members clarify factual accuracy, how learning
is presented and any other issues; statutory partners and organisations involved agree the media
strategy with media representatives.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.drafts import DraftReport
from reviews.models.lcspr import MediaStrategy


class FinalDraftAgreement(models.Model):
    """A review panel member's agreement of one draft version as the final draft."""

    draft = models.ForeignKey(
        DraftReport, on_delete=models.PROTECT, related_name="member_agreements"
    )
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=5000)
    agreed_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["draft", "agreed_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["draft", "person"], name="one_final_draft_agreement_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} agreed {self.draft} as the final draft"


class FactualAccuracyConfirmation(models.Model):
    """One agency's confirmation that a draft version is factually accurate."""

    draft = models.ForeignKey(
        DraftReport, on_delete=models.PROTECT, related_name="accuracy_confirmations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True, max_length=5000)
    confirmed_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["draft", "organisation__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["draft", "organisation"], name="one_accuracy_confirmation_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} confirmed the factual accuracy of {self.draft}"


class MediaStrategyAgreement(models.Model):
    """A partner organisation, or a named media representative, agreeing the media strategy."""

    strategy = models.ForeignKey(MediaStrategy, on_delete=models.PROTECT, related_name="agreements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    media_representative = models.CharField(
        blank=True,
        max_length=200,
        help_text="A media or communications representative and whom they speak for.",
    )
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=moment.now)

    class Meta:
        ordering: ClassVar = ["strategy", "agreed_on", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(media_representative=""))
                | (Q(organisation__isnull=True) & ~Q(media_representative="")),
                name="media_agreement_names_one_party",
            ),
            models.UniqueConstraint(
                fields=["strategy", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_media_agreement_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        who = self.organisation.name if self.organisation else self.media_representative
        return f"{who} agreed the media strategy for {self.strategy.review.case_code}"
