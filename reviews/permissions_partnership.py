"""Who may do what across a whole partnership, rather than on one review: recording
notifications, everyone's work, the access log, action plans and themes. The rules about one
review are in `reviews.permissions`, which re-exports these; import from there.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Partnership, PartnershipRole, User
from reviews.models import PlanAction, ReviewMember


def is_business_team(user: User, partnership_id: int) -> bool:
    return PartnershipRole.objects.filter(
        user=user, partnership_id=partnership_id, role=PartnershipRole.Role.BUSINESS_TEAM
    ).exists()


def can_see_everyones_work(user: User) -> bool:
    """The business team sees everyone's work in its own partnership."""
    return can_record_notification(user)


def can_view_access_log(user: User, partnership: Partnership) -> bool:
    """The business team and auditors search who looked at what."""
    if not user.is_authenticated or user.partnership_id != partnership.pk:
        return False
    return PartnershipRole.objects.filter(
        user=user,
        partnership=partnership,
        role__in=[PartnershipRole.Role.BUSINESS_TEAM, PartnershipRole.Role.AUDITOR],
    ).exists()


def can_record_notification(user: User) -> bool:
    """The business team records notifications (and so opens rapid reviews)."""
    partnership_id = user.partnership_id if user.is_authenticated else None
    return partnership_id is not None and is_business_team(user, partnership_id)


def plan_actions_visible_to(user: User) -> QuerySet[PlanAction]:
    """The actions of action plans this person may see (and, but for confirming, update).

    The business team sees every action of its partnership. Anyone else sees an action only
    when they speak for its organisation on the action's review, or are its named lead.
    """
    if not user.is_authenticated or not user.is_active or user.partnership_id is None:
        return PlanAction.objects.none()
    actions = PlanAction.objects.filter(review__partnership=user.partnership_id)
    if is_business_team(user, user.partnership_id):
        return actions
    speaks_for = ReviewMember.objects.filter(
        user=user,
        active=True,
        review=OuterRef("review"),
        organisation=OuterRef("organisation"),
    )
    return actions.filter(Exists(speaks_for) | Q(lead=user))


def can_view_themes(user: User, partnership: Partnership) -> bool:
    """The themes across reviews (counts only, no identifying details): the business team,
    the chairs, the CSPR subgroup and auditors of the partnership (a role naming one statutory
    partner, a lead or delegated safeguarding partner, is not enough on its own)."""
    if not user.is_authenticated or user.partnership_id != partnership.pk:
        return False
    roles = PartnershipRole.objects.filter(user=user, partnership=partnership)
    return roles.exclude(role__in=PartnershipRole.SAFEGUARDING_PARTNER_ROLES).exists()


STATISTICS_ROLES = (
    PartnershipRole.Role.BUSINESS_TEAM,
    PartnershipRole.Role.PARTNERSHIP_CHAIR,
    PartnershipRole.Role.CSPR_SUBGROUP_CHAIR,
    PartnershipRole.Role.AUDITOR,
)


def can_view_statistics(user: User, partnership: Partnership) -> bool:
    """The partnership's statistics, yearly report section and exports: its business team,
    chairs and auditors. Partner leads, agency contributors and subgroup members are refused;
    the reviews behind a figure are still listed only where the viewer may open them."""
    if not user.is_authenticated or user.partnership_id != partnership.pk:
        return False
    return PartnershipRole.objects.filter(
        user=user, partnership=partnership, role__in=STATISTICS_ROLES
    ).exists()
