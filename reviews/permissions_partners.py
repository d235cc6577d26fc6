"""Who speaks for a statutory partner's decisions on a review (Working Together 2023).

Each statutory partner names a lead safeguarding partner and delegated safeguarding partners
(accounts.PartnershipRole). A partner's decision (working day 9), its agreement of the final
rapid review report (working day 15) and its sign-off of an LCSPR are made by them, or by
someone one of them delegated on that review, not by whoever answered the request for
information. The rule: a person decides for statutory partner X on a review only if they take
part in it as X's partner lead (ReviewRole.STATUTORY_PARTNER_LEAD) and are X's lead or
delegated safeguarding partner, or were delegated on this review by one of them
(ReviewMember.delegated_by).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Organisation, PartnershipRole, User
from reviews.models import Review, ReviewMember, ReviewRole

PARTNER_ROLES = sorted(role.value for role in PartnershipRole.SAFEGUARDING_PARTNER_ROLES)


def safeguarding_partner_roles(organisation: Organisation | int) -> QuerySet[PartnershipRole]:
    """The lead and delegated safeguarding partners of this statutory partner."""
    return PartnershipRole.objects.filter(role__in=PARTNER_ROLES, organisation=organisation)


def is_safeguarding_partner(user: User, organisation: Organisation) -> bool:
    """Whether this person is the organisation's lead or delegated safeguarding partner."""
    return safeguarding_partner_roles(organisation).filter(user=user).exists()


def safeguarding_partners_to_join(organisation: Organisation) -> list[User]:
    """Who joins a review as the partner's lead when it is asked for information: its
    delegated safeguarding partners, or its lead safeguarding partner if it has none."""
    roles = list(
        safeguarding_partner_roles(organisation)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    delegated_role = PartnershipRole.Role.DELEGATED_SAFEGUARDING_PARTNER
    delegated = [each.user for each in roles if each.role == delegated_role]
    return delegated or [each.user for each in roles]


def _entitled() -> Q:
    """A partner lead's review membership that carries the partner's decisions."""
    partner = PartnershipRole.objects.filter(
        role__in=PARTNER_ROLES, organisation=OuterRef("organisation")
    )
    return Q(Exists(partner.filter(user=OuterRef("user")))) | Q(
        Exists(partner.filter(user=OuterRef("delegated_by")))
    )


@dataclass(frozen=True)
class PartnerStanding:
    """The statutory partners this person decides for on a review, and, for each partner they
    are its lead on the review for but may not decide for, why not (in words)."""

    decides: list[Organisation] = field(default_factory=list)
    refused: list[tuple[Organisation, str]] = field(default_factory=list)


def refusal(organisation: Organisation, review: Review) -> str:
    """Why a person may not decide, agree or sign off for this partner on this review."""
    return (
        f"Only {organisation.name}'s lead or delegated safeguarding partner, or someone one of "
        f"them delegated on {review.case_code}, decides, agrees the report and signs off for "
        f"{organisation.name}."
    )


def partner_standing(user: User, review: Review) -> PartnerStanding:
    """Which statutory partners this person decides for on this review (one query)."""
    if not user.is_authenticated or user.partnership_id != review.partnership_id:
        return PartnerStanding()
    members = (
        ReviewMember.objects.filter(
            review=review,
            user=user,
            active=True,
            role=ReviewRole.STATUTORY_PARTNER_LEAD,
            organisation__is_statutory_partner=True,
        )
        .annotate(entitled=_entitled())
        .select_related("organisation")
        .order_by("organisation__name")
    )
    standing = PartnerStanding()
    for member in members:
        organisation = member.organisation
        assert organisation is not None  # noqa: S101  the partner lead's row names it
        if member.entitled:
            standing.decides.append(organisation)
        else:
            standing.refused.append((organisation, refusal(organisation, review)))
    return standing


def signs_for(user: User, review: Review) -> list[Organisation]:
    """The organisations this person signs an LCSPR off for (one query): each they speak for on
    the review, a statutory partner only under the rule above."""
    if not user.is_authenticated or user.partnership_id != review.partnership_id:
        return []
    members = ReviewMember.objects.filter(
        review=review, user=user, active=True, organisation__isnull=False
    )
    entitled = members.filter(role=ReviewRole.STATUTORY_PARTNER_LEAD).filter(_entitled())
    return list(
        Organisation.objects.filter(pk__in=members.values("organisation"))
        .filter(Q(is_statutory_partner=False) | Q(pk__in=entitled.values("organisation")))
        .order_by("name")
    )


def sign_off_refusals(user: User, review: Review) -> list[str]:
    """Why this person may not sign for a statutory partner they speak for on the review."""
    if not user.is_authenticated or user.partnership_id != review.partnership_id:
        return []
    members = ReviewMember.objects.filter(
        review=review, user=user, active=True, organisation__is_statutory_partner=True
    )
    allowed = members.filter(role=ReviewRole.STATUTORY_PARTNER_LEAD).filter(_entitled())
    refused = Organisation.objects.filter(pk__in=members.values("organisation")).exclude(
        pk__in=allowed.values("organisation")
    )
    return [refusal(organisation, review) for organisation in refused.order_by("name")]
