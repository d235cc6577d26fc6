"""May this person do this to this review? The one place that answers, for pages and the API.

A person's standing on a review is the set of their active review roles, plus BUSINESS_TEAM
when they are in the business team of the review's own partnership. Each permission lists the
standings that grant it; nothing else does. People in another partnership have no standing at
all, so they are told the review does not exist (404) rather than that it is forbidden.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Final, TypeAlias

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews import moment
from reviews.models import (
    ApprovalRole,
    InformationRequest,
    Meeting,
    MeetingKind,
    PartnerDecision,
    PlanAction,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.process import Step


class Standing(StrEnum):
    """The partnership-wide standing that reaches every review of the partnership."""

    BUSINESS_TEAM = "business-team"


Grant: TypeAlias = ReviewRole | Standing


class Permission(StrEnum):
    VIEW_REVIEW = "view-review"
    EDIT_REVIEW = "edit-review"
    MANAGE_MEMBERS = "manage-members"
    VIEW_HISTORY = "view-history"
    VIEW_IDENTITY = "view-identity"
    # Running the review: requests, working day 1 steps, meetings, generating documents.
    MANAGE_REQUESTS = "manage-requests"
    # Reading what the review has produced so far (the combined agency report, ...).
    VIEW_DOCUMENTS = "view-documents"
    # Running the review after the returns: the decision meeting, the report, the Panel,
    # the outcome.
    RUN_REVIEW = "run-review"
    # LCSPR: the independent author's work (itinerary, events, participants, drafts, answers
    # to comments, family engagement), which the business team can also do.
    AUTHOR_WORK = "author-work"
    # Practitioners' feedback and the family's engagement: private to the review team.
    VIEW_PRIVATE = "view-private"
    # LCSPR: agreeing the terms of reference (the review panel: agency leads).
    AGREE_TERMS = "agree-terms"
    # LCSPR: commenting on drafts for factual accuracy and how learning is presented.
    COMMENT_ON_DRAFTS = "comment-on-drafts"
    # Capturing learning at any stage of a review.
    RECORD_LEARNING = "record-learning"


_EVERY_REVIEW_ROLE_BUT_AGENCIES: Final = frozenset(ReviewRole) - {ReviewRole.AGENCY_CONTRIBUTOR}

# Who runs an LCSPR day to day: the business team and the independent author.
_REVIEW_TEAM: Final[frozenset[Grant]] = frozenset(
    {Standing.BUSINESS_TEAM, ReviewRole.BUSINESS_TEAM_LEAD, ReviewRole.INDEPENDENT_AUTHOR}
)

GRANTS: Final[dict[Permission, frozenset[Grant]]] = {
    # An agency contributor sees only their own organisation's request, never the whole review.
    Permission.VIEW_REVIEW: frozenset({Standing.BUSINESS_TEAM, *_EVERY_REVIEW_ROLE_BUT_AGENCIES}),
    Permission.EDIT_REVIEW: frozenset({Standing.BUSINESS_TEAM, ReviewRole.BUSINESS_TEAM_LEAD}),
    Permission.MANAGE_MEMBERS: frozenset({Standing.BUSINESS_TEAM, ReviewRole.BUSINESS_TEAM_LEAD}),
    Permission.VIEW_HISTORY: frozenset(
        {
            Standing.BUSINESS_TEAM,
            ReviewRole.BUSINESS_TEAM_LEAD,
            ReviewRole.SUBGROUP_CHAIR,
            ReviewRole.PARTNERSHIP_CHAIR,
        }
    ),
    # Real identities: the business team only, and every look is logged with a reason.
    Permission.VIEW_IDENTITY: frozenset({Standing.BUSINESS_TEAM}),
    Permission.MANAGE_REQUESTS: frozenset({Standing.BUSINESS_TEAM, ReviewRole.BUSINESS_TEAM_LEAD}),
    Permission.VIEW_DOCUMENTS: frozenset(
        {Standing.BUSINESS_TEAM, *_EVERY_REVIEW_ROLE_BUT_AGENCIES}
    ),
    Permission.RUN_REVIEW: frozenset({Standing.BUSINESS_TEAM, ReviewRole.BUSINESS_TEAM_LEAD}),
    Permission.AUTHOR_WORK: _REVIEW_TEAM,
    Permission.VIEW_PRIVATE: _REVIEW_TEAM,
    Permission.AGREE_TERMS: frozenset({ReviewRole.PANEL_MEMBER, ReviewRole.STATUTORY_PARTNER_LEAD}),
    Permission.COMMENT_ON_DRAFTS: frozenset(
        {
            Standing.BUSINESS_TEAM,
            ReviewRole.BUSINESS_TEAM_LEAD,
            ReviewRole.PANEL_MEMBER,
            ReviewRole.STATUTORY_PARTNER_LEAD,
            ReviewRole.SUBGROUP_CHAIR,
            ReviewRole.PARTNERSHIP_CHAIR,
            ReviewRole.LEGAL_REPRESENTATIVE,
        }
    ),
    Permission.RECORD_LEARNING: _REVIEW_TEAM
    | {ReviewRole.STATUTORY_PARTNER_LEAD, ReviewRole.PANEL_MEMBER},
}

# Roles that answer their own organisation's request for information.
ANSWERING_ROLES: Final = frozenset(
    {ReviewRole.AGENCY_CONTRIBUTOR, ReviewRole.STATUTORY_PARTNER_LEAD}
)


def standing_on(user: User, review: Review) -> frozenset[Grant]:
    """Return everything that gives this person access to this review (empty if nothing)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.partnership_id is None or user.partnership_id != review.partnership_id:
        return frozenset()
    grants: set[Grant] = {
        ReviewRole(role)
        for role in ReviewMember.objects.filter(review=review, user=user, active=True).values_list(
            "role", flat=True
        )
    }
    if is_business_team(user, review.partnership_id):
        grants.add(Standing.BUSINESS_TEAM)
    return frozenset(grants)


def is_business_team(user: User, partnership_id: int) -> bool:
    return PartnershipRole.objects.filter(
        user=user, partnership_id=partnership_id, role=PartnershipRole.Role.BUSINESS_TEAM
    ).exists()


def can(user: User, permission: Permission, review: Review) -> bool:
    return bool(standing_on(user, review) & GRANTS[permission])


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
    return (
        user.is_authenticated
        and user.partnership_id is not None
        and is_business_team(user, user.partnership_id)
    )


def get_review_for(user: User, pk: int, permission: Permission) -> Review:
    """Fetch a review the person may act on, or refuse.

    No standing at all: 404, so that case codes cannot be discovered by trying numbers.
    Standing, but not this permission: 403.
    """
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    standing = standing_on(user, review)
    if not standing:
        raise Http404("No such review.")
    if not standing & GRANTS[permission]:
        raise PermissionDenied("Your part in this review does not include this.")
    return review


def invited_to_decision_meeting(user: User, review: Review) -> bool:
    """Say whether this person is invited to the review's working day 11 decision meeting."""
    return Meeting.objects.filter(review=review, kind=MeetingKind.DECISION, invitees=user).exists()


def get_review_for_meeting(user: User, pk: int) -> tuple[Review, bool]:
    """Fetch a review for its decision meeting's page and calendar file, or refuse.

    Everyone who may view the review reaches them, and so does anyone taking part in it who is
    invited to the meeting (an agency contributor, say): their invitation links to the page.
    An invitation grants the meeting's details only, so the second value says whether the
    person may view the review itself. No standing at all: 404; standing, but neither: 403.
    """
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    standing = standing_on(user, review)
    if not standing:
        raise Http404("No such review.")
    if standing & GRANTS[Permission.VIEW_REVIEW]:
        return review, True
    if invited_to_decision_meeting(user, review):
        return review, False
    raise PermissionDenied("Your part in this review does not include this.")


def get_request_for(user: User, review_pk: int, request_pk: int) -> InformationRequest:
    """Fetch a request for information the person may see, or refuse with 404.

    The business team (and the review's business team lead) see every request of the review.
    An agency contributor or partner lead sees only the request to the organisation they speak
    for on this review: any other id is answered as if it did not exist.
    """
    review = Review.objects.filter(pk=review_pk).first()
    if review is None:
        raise Http404("No such request.")
    standing = standing_on(user, review)
    requests = InformationRequest.objects.select_related("review", "organisation", "contributor")
    if standing & GRANTS[Permission.MANAGE_REQUESTS]:
        found = requests.filter(review=review, pk=request_pk).first()
    elif standing & ANSWERING_ROLES:
        organisations = ReviewMember.objects.filter(
            review=review, user=user, active=True, role__in=list(ANSWERING_ROLES)
        ).values("organisation")
        found = requests.filter(
            review=review, pk=request_pk, organisation__in=organisations
        ).first()
    else:
        found = None
    if found is None:
        raise Http404("No such request.")
    return found


def requests_answerable_by(user: User) -> QuerySet[InformationRequest]:
    """Requests this person answers for their organisation, across every review."""
    if not user.is_authenticated or not user.is_active:
        return InformationRequest.objects.none()
    memberships = ReviewMember.objects.filter(
        user=user,
        active=True,
        role__in=list(ANSWERING_ROLES),
        review=OuterRef("review"),
        organisation=OuterRef("organisation"),
    )
    return InformationRequest.objects.filter(
        Exists(memberships), review__partnership=user.partnership_id
    )


def partner_organisations(user: User, review: Review) -> list[Organisation]:
    """The statutory partners this person speaks for on this review (usually one, or none)."""
    if not user.is_authenticated or user.partnership_id != review.partnership_id:
        return []
    return list(
        Organisation.objects.filter(
            is_statutory_partner=True,
            pk__in=ReviewMember.objects.filter(
                review=review,
                user=user,
                active=True,
                role=ReviewRole.STATUTORY_PARTNER_LEAD,
            ).values("organisation"),
        ).order_by("name")
    )


def decisions_visible_to(
    user: User, review: Review, *, today: dt.date | None = None
) -> QuerySet[PartnerDecision]:
    """The partners' decisions this person may read on this review.

    Each partner decides on its own (domain.md, step partner-decisions): a partner lead sees the
    others' decisions only once their own organisation has recorded its decision, or once the
    working day 9 deadline has passed. The business team and the chairs and legal
    representative taking part see all of them; nobody else sees any.
    """
    decisions = PartnerDecision.objects.filter(review=review).select_related(
        "organisation", "recorded_by"
    )
    standing = standing_on(user, review)
    if standing & {
        Standing.BUSINESS_TEAM,
        ReviewRole.BUSINESS_TEAM_LEAD,
        ReviewRole.SUBGROUP_CHAIR,
        ReviewRole.PARTNERSHIP_CHAIR,
        ReviewRole.LEGAL_REPRESENTATIVE,
    }:
        return decisions
    if ReviewRole.STATUTORY_PARTNER_LEAD not in standing:
        return decisions.none()
    own = partner_organisations(user, review)
    if decisions.filter(organisation__in=own).exists() or _decisions_due_passed(review, today):
        return decisions
    return decisions.filter(organisation__in=own)


def _decisions_due_passed(review: Review, today: dt.date | None) -> bool:
    from reviews.clock import schedule_for  # noqa: PLC0415  the clock imports the models

    today = today or moment.today()
    try:
        due = schedule_for(review, today=today).step(Step.PARTNER_DECISIONS).due
    except KeyError:
        return False
    return due is not None and due < today


def approval_roles(user: User, review: Review) -> list[tuple[ApprovalRole, Organisation | None]]:
    """The parts in which this person approves the rapid review report (WD12 to WD15)."""
    standing = standing_on(user, review)
    roles: list[tuple[ApprovalRole, Organisation | None]] = []
    if ReviewRole.SUBGROUP_CHAIR in standing:
        roles.append((ApprovalRole.SUBGROUP_CHAIR, None))
    if ReviewRole.PARTNERSHIP_CHAIR in standing:
        roles.append((ApprovalRole.PARTNERSHIP_CHAIR, None))
    roles.extend(
        (ApprovalRole.STATUTORY_PARTNER, organisation)
        for organisation in partner_organisations(user, review)
    )
    return roles


def organisations_spoken_for(user: User, review: Review) -> list[Organisation]:
    """Every organisation this person speaks for on this review, in any role that names one
    (partner lead, agency contributor, a review panel member for their agency)."""
    if not user.is_authenticated or user.partnership_id != review.partnership_id:
        return []
    return list(
        Organisation.objects.filter(
            pk__in=ReviewMember.objects.filter(
                review=review, user=user, active=True, organisation__isnull=False
            ).values("organisation")
        ).order_by("name")
    )


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
    the chairs, the CSPR subgroup and auditors of the partnership."""
    if not user.is_authenticated or user.partnership_id != partnership.pk:
        return False
    return PartnershipRole.objects.filter(user=user, partnership=partnership).exists()
