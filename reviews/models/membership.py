"""Who takes part in a review, and in which role (need to know)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from accounts.models import Organisation, User
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.models.review import Review


class ReviewRole(models.TextChoices):
    BUSINESS_TEAM_LEAD = "business-team-lead", "Business team lead"
    STATUTORY_PARTNER_LEAD = "partner-lead", "Statutory partner lead"
    AGENCY_CONTRIBUTOR = "agency-contributor", "Agency contributor"
    LEGAL_REPRESENTATIVE = "legal", "Legal representative"
    SUBGROUP_CHAIR = "subgroup-chair", "CSPR subgroup chair"
    # Receives the rapid review report and the National Panel's reply (domain.md).
    SUBGROUP_MEMBER = "subgroup-member", "CSPR subgroup member"
    PARTNERSHIP_CHAIR = "partnership-chair", "Partnership independent chair"
    PANEL_MEMBER = "panel-member", "Review panel member"
    INDEPENDENT_AUTHOR = "author", "Independent author"


# Roles that speak for one organisation, and so must name it.
ORGANISATION_ROLES = frozenset({ReviewRole.STATUTORY_PARTNER_LEAD, ReviewRole.AGENCY_CONTRIBUTOR})


class ReviewMember(models.Model):
    """A person's part in one review. Removing someone ends the row rather than deleting it, so
    the record of who could see the review survives."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="review_memberships")
    role = models.CharField(max_length=30, choices=ReviewRole.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="For a partner lead or agency contributor: the organisation they speak for.",
    )
    active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=moment.now)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    delegated_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a partner lead who is not a safeguarding partner: the lead or delegated "
        "safeguarding partner who delegated them on this review.",
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["role", "user__full_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["review", "user", "role"],
                condition=Q(active=True),
                name="one_active_membership_per_role",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False)
                | ~Q(role__in=sorted(role.value for role in ORGANISATION_ROLES)),
                name="organisation_roles_name_their_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} on {self.review.case_code}"
