"""A review: a rapid review or an LCSPR, known everywhere by its case code and pseudonym."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.models import Partnership, PartnershipRole
from reviews import moment
from reviews.models.history import HistoricalRecords
from reviews.process import get_ruleset

if TYPE_CHECKING:
    from accounts.models import User


class ReviewKind(models.TextChoices):
    # The values are the process keys of reviews.process.
    RAPID_REVIEW = "rapid-review", "Rapid review"
    LCSPR = "lcspr", "Local child safeguarding practice review"


class ReviewQuerySet(models.QuerySet["Review"]):
    def held_by(self, user: User, *, roles: Collection[str], business_team: bool) -> ReviewQuerySet:
        """Reviews of the person's own partnership on which they hold one of these active
        ``roles``, or every review of it when ``business_team`` counts and they are in its
        business team. Which roles count for what is reviews.permissions' to say."""
        if not user.is_authenticated or not user.is_active or user.partnership_id is None:
            return self.none()
        from reviews.models.membership import ReviewMember  # noqa: PLC0415  mutual relation

        reaches = Q(
            Exists(
                ReviewMember.objects.filter(
                    review=OuterRef("pk"), user=user, active=True, role__in=sorted(roles)
                )
            )
        )
        if business_team:
            reaches |= Q(
                Exists(
                    PartnershipRole.objects.filter(
                        user=user,
                        partnership=OuterRef("partnership"),
                        role=PartnershipRole.Role.BUSINESS_TEAM,
                    )
                )
            )
        return self.filter(Q(partnership=user.partnership_id) & reaches)

    def open(self) -> ReviewQuerySet:
        return self.filter(closed_at__isnull=True)


class Review(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    case_code = models.CharField(
        max_length=12,
        unique=True,
        help_text="For example AWC26: a letter, the partnership's "
        "prefix and the two-digit year. Used everywhere instead of a name.",
    )
    pseudonym = models.CharField(
        max_length=100,
        help_text="How the child is referred to in this review, for example "
        "'Child A'. Never a real name.",
    )
    summary = models.TextField(
        blank=True, max_length=5000, help_text="A short description with no identifying details."
    )
    ruleset = models.CharField(
        max_length=40, help_text="The rules the review started under; it keeps them to the end."
    )
    origin = models.DateField(help_text="Working day 0 of the review's clock.")
    rapid_review = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lcsprs",
        limit_choices_to={"kind": ReviewKind.RAPID_REVIEW},
        help_text="For an LCSPR: the rapid review that led to it.",
    )
    period_start = models.DateField("start of the period under review", null=True, blank=True)
    period_end = models.DateField("end of the period under review", null=True, blank=True)
    period_confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The CSPR subgroup chair (or the partnership chair in their absence).",
    )
    opened_at = models.DateTimeField(default=moment.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: every edit names the version it started from (reviews.actions).
    version = models.PositiveIntegerField(default=1)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-opened_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(rapid_review__isnull=True) | Q(kind=ReviewKind.LCSPR),
                name="only_an_lcspr_links_to_a_rapid_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_code} ({self.pseudonym})"

    @property
    def is_lcspr(self) -> bool:
        return self.kind == ReviewKind.LCSPR

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def ruleset_title(self) -> str:
        """The edition of the rules the review started under, in words."""
        return get_ruleset(self.ruleset).title
