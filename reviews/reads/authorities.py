"""Which of the partnership's local authorities a review concerns (issue 14): the one that
leads, the one whose legal services get the details, its legal representatives, and the
children's social care that may be asked for information.

A partnership may cover more than one local authority, each with its own children's social
care and legal services. The notification says where the incident happened and where the child
normally lives. When the two are different authorities of the partnership, the partnership's
``lead_authority`` setting says which leads (by default where the incident happened: the
National Panel's FAQ, the authority where it happened notifies and leads). The request details
go to the legal services where the child lives (the local guidance: "forward the full details
to Legal Services (where child lives)"), or the lead authority's when the child lives outside
the partnership. A partnership with one authority (or none set up yet) works as before: its
legal representatives are the review's.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.local_authorities import LocalAuthority
from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews.models import Notification, Review


@dataclass(frozen=True)
class ReviewAuthorities:
    """A review's local authorities; None where outside the partnership or never said."""

    incident: LocalAuthority | None
    home: LocalAuthority | None
    lead: LocalAuthority | None
    legal: LocalAuthority | None  # whose legal services get the details and join the review
    partnership_has: int  # how many local authorities the partnership has

    @property
    def involved(self) -> frozenset[int]:
        return frozenset(each.pk for each in (self.incident, self.home) if each is not None)


def choose_lead(
    setting: str, *, incident: LocalAuthority | None, home: LocalAuthority | None
) -> LocalAuthority | None:
    """The authority that leads: the only one in the partnership, or, when both are and differ,
    the one the partnership's setting names."""
    if incident is None or home is None:
        return incident or home
    if setting == Partnership.LeadAuthority.WHERE_CHILD_LIVES:
        return home
    return incident


def choose_legal(
    *, home: LocalAuthority | None, lead: LocalAuthority | None
) -> LocalAuthority | None:
    """Whose legal services get the details: where the child lives, else the lead authority."""
    return home if home is not None else lead


def authorities_of(partnership_id: int) -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(partnership=partnership_id).order_by("name"))


def review_authorities(review: Review) -> ReviewAuthorities:
    """The review's authorities, from its notification (an LCSPR's is its rapid review's)."""
    own = authorities_of(review.partnership_id)
    notification = (
        Notification.objects.filter(review=review.rapid_review_id or review.pk)
        .select_related("incident_authority", "home_authority")
        .first()
    )
    incident = notification.incident_authority if notification else None
    home = notification.home_authority if notification else None
    if incident is None and home is None and len(own) == 1:
        incident = own[0]  # nothing said, and only one it can be
    setting = (
        Partnership.objects.filter(pk=review.partnership_id)
        .values_list("lead_authority", flat=True)
        .get()
    )
    lead = choose_lead(setting, incident=incident, home=home)
    return ReviewAuthorities(
        incident=incident,
        home=home,
        lead=lead,
        legal=choose_legal(home=home, lead=lead),
        partnership_has=len(own),
    )


def legal_representatives(review: Review) -> list[User]:
    """The legal representatives told of the requests, who join the review: those of the
    authority whose legal services get the details (every one, where the partnership has one
    authority or none set up)."""
    authorities = review_authorities(review)
    roles = PartnershipRole.objects.filter(
        partnership=review.partnership_id, role=PartnershipRole.Role.LEGAL_REPRESENTATIVE
    )
    if authorities.partnership_has > 1:
        if authorities.legal is None:
            return []
        roles = roles.filter(local_authority=authorities.legal)
    return list(
        User.objects.filter(
            pk__in=roles.values("user"), partnership=review.partnership_id, is_active=True
        ).order_by("full_name")
    )


def may_be_asked(authorities: ReviewAuthorities, organisation: Organisation) -> bool:
    """Say whether this organisation may be asked for information on the review: children's
    social care only where it belongs to an authority the notification names (any, where the
    partnership has one authority, or the organisation's authority is not set)."""
    if (
        organisation.kind != Organisation.Kind.CHILDRENS_SOCIAL_CARE
        or authorities.partnership_has <= 1
        or organisation.local_authority_id is None
    ):
        return True
    return organisation.local_authority_id in authorities.involved
