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
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import Organisation, User
from reviews import moment
from reviews.models import (
    ApprovalRole,
    InformationRequest,
    Meeting,
    MeetingKind,
    PartnerDecision,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.permissions_partners import PartnerStanding, partner_standing
from reviews.permissions_partnership import is_business_team
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


# Everyone taking part but the agencies: an agency contributor sees only their own
# organisation's request, never the whole review.
_READERS: Final[frozenset[Grant]] = frozenset(
    {Standing.BUSINESS_TEAM, *(set(ReviewRole) - {ReviewRole.AGENCY_CONTRIBUTOR})}
)
# Who runs a review: the business team and the review's business team lead.
_LEADS: Final[frozenset[Grant]] = frozenset({Standing.BUSINESS_TEAM, ReviewRole.BUSINESS_TEAM_LEAD})
_CHAIRS: Final = frozenset({ReviewRole.SUBGROUP_CHAIR, ReviewRole.PARTNERSHIP_CHAIR})
# Who runs an LCSPR day to day: the business team and the independent author.
_REVIEW_TEAM: Final = _LEADS | {ReviewRole.INDEPENDENT_AUTHOR}
# LCSPR: the review panel, the agencies' leads.
_PANEL: Final = frozenset({ReviewRole.PANEL_MEMBER, ReviewRole.STATUTORY_PARTNER_LEAD})

GRANTS: Final[dict[Permission, frozenset[Grant]]] = {
    Permission.VIEW_REVIEW: _READERS,
    Permission.EDIT_REVIEW: _LEADS,
    Permission.MANAGE_MEMBERS: _LEADS,
    Permission.VIEW_HISTORY: _LEADS | _CHAIRS,
    # Real identities: the business team only, and every look is logged with a reason.
    Permission.VIEW_IDENTITY: frozenset({Standing.BUSINESS_TEAM}),
    Permission.MANAGE_REQUESTS: _LEADS,
    Permission.VIEW_DOCUMENTS: _READERS,
    Permission.RUN_REVIEW: _LEADS,
    Permission.AUTHOR_WORK: _REVIEW_TEAM,
    Permission.VIEW_PRIVATE: _REVIEW_TEAM,
    Permission.AGREE_TERMS: _PANEL,
    Permission.COMMENT_ON_DRAFTS: _LEADS | _CHAIRS | _PANEL | {ReviewRole.LEGAL_REPRESENTATIVE},
    Permission.RECORD_LEARNING: _REVIEW_TEAM | _PANEL,
}

# Roles that answer their own organisation's request for information.
ANSWERING_ROLES: Final = frozenset(
    {ReviewRole.AGENCY_CONTRIBUTOR, ReviewRole.STATUTORY_PARTNER_LEAD}
)


def standing_on(user: User, review: Review) -> frozenset[Grant]:
    """Return everything that gives this person access to this review (empty if nothing)."""
    if (
        not (user.is_authenticated and user.is_active)
        or user.partnership_id != review.partnership_id
    ):
        return frozenset()
    roles = ReviewMember.objects.filter(review=review, user=user, active=True).values_list("role")
    grants: set[Grant] = {ReviewRole(role) for (role,) in roles}
    if is_business_team(user, review.partnership_id):
        grants.add(Standing.BUSINESS_TEAM)
    return frozenset(grants)


def reviews_for(user: User, permission: Permission) -> QuerySet[Review]:
    """The reviews on which this person holds this permission: the one answer for every list
    of reviews, so that a list links only to pages that open (need to know)."""
    grants = GRANTS[permission]
    return Review.objects.held_by(
        user,
        roles=[grant.value for grant in grants if isinstance(grant, ReviewRole)],
        business_team=Standing.BUSINESS_TEAM in grants,
    )


def permissions_held(standing: frozenset[Grant]) -> dict[str, bool]:
    """Whether this standing grants each permission, by the permission's value (for pages)."""
    return {permission.value: bool(standing & GRANTS[permission]) for permission in Permission}


# A rapid review's steps everyone reading it works on: decisions, the meeting, the report.
STEPS_OPEN_TO_PARTICIPANTS: Final[frozenset[Step]] = frozenset(
    {Step.PARTNER_DECISIONS, Step.DECISION_MEETING, Step.REPORT_AMENDED, Step.REPORT_AGREED}
)


def works_on_step(standing: frozenset[Grant], review: Review, key: Step) -> bool:
    """Whether this standing works on (or reads) this step, and so finds it linked."""
    if review.is_lcspr:
        return works_on_lcspr_step(standing, key)
    if standing & GRANTS[Permission.MANAGE_REQUESTS]:
        return True
    return bool(standing & GRANTS[Permission.VIEW_DOCUMENTS]) and key in STEPS_OPEN_TO_PARTICIPANTS


def can(user: User, permission: Permission, review: Review) -> bool:
    return bool(standing_on(user, review) & GRANTS[permission])


def get_review_for(user: User, pk: int, permission: Permission) -> Review:
    """Fetch a review the person may act on, or refuse.

    No standing at all: 404, so that case codes cannot be discovered by trying numbers.
    Standing, but not this permission: 403.
    """
    review, standing = _review_and_standing(user, pk)
    if not standing & GRANTS[permission]:
        raise PermissionDenied("Your part in this review does not include this.")
    return review


def _review_and_standing(user: User, pk: int) -> tuple[Review, frozenset[Grant]]:
    """The review and this person's standing on it; 404 when they have none."""
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    standing = standing_on(user, review) if review is not None else frozenset()
    if review is None or not standing:
        raise Http404("No such review.")
    return review, standing


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
    review, standing = _review_and_standing(user, pk)
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
    standing = standing_on(user, review) if review is not None else frozenset()
    requests = InformationRequest.objects.select_related("review", "organisation", "contributor")
    requests = requests.filter(review=review, pk=request_pk)
    found = None
    if standing & GRANTS[Permission.MANAGE_REQUESTS]:
        found = requests.first()
    elif standing & ANSWERING_ROLES:
        organisations = ReviewMember.objects.filter(
            review=review, user=user, active=True, role__in=list(ANSWERING_ROLES)
        ).values("organisation")
        found = requests.filter(organisation__in=organisations).first()
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
    """The statutory partners this person decides, agrees the report and signs off for on this
    review (usually one, or none): permissions_partners.partner_standing, the one rule."""
    return partner_standing(user, review).decides


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
    if standing & (_LEADS | _CHAIRS | {ReviewRole.LEGAL_REPRESENTATIVE}):
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


def approval_roles(
    user: User, review: Review, partners: PartnerStanding | None = None
) -> list[tuple[ApprovalRole, Organisation | None]]:
    """The parts in which this person approves the rapid review report (WD12 to WD15); a page
    that has read the person's ``partners`` already passes it."""
    standing = standing_on(user, review)
    roles: list[tuple[ApprovalRole, Organisation | None]] = []
    if ReviewRole.SUBGROUP_CHAIR in standing:
        roles.append((ApprovalRole.SUBGROUP_CHAIR, None))
    if ReviewRole.PARTNERSHIP_CHAIR in standing:
        roles.append((ApprovalRole.PARTNERSHIP_CHAIR, None))
    roles.extend(
        (ApprovalRole.STATUTORY_PARTNER, organisation)
        for organisation in (partners or partner_standing(user, review)).decides
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


# LCSPR planning ---

# The LCSPR steps the independent author works on.
LCSPR_AUTHOR_STEPS: Final[frozenset[Step]] = frozenset(
    {
        Step.TERMS_OF_REFERENCE,
        Step.INTRODUCTION_MEETING,
        Step.ITINERARY_CONFIRMED,
        Step.LEARNING_EVENTS,
        Step.FAMILY_ENGAGEMENT,
        Step.DRAFT_REPORT,
        Step.DRAFT_PRESENTED,
        Step.FINAL_DRAFT_AGREED,
    }
)
# The LCSPR steps the review panel members and partner leads act on.
LCSPR_PANEL_STEPS: Final[frozenset[Step]] = frozenset(
    {Step.TERMS_OF_REFERENCE, Step.DRAFT_REPORT, Step.SIGNED_OFF}
)


def works_on_lcspr_step(standing: frozenset[Grant], key: Step) -> bool:
    """Whether someone with this standing on an LCSPR works on this step (and so finds it
    linked on the review's page): every step for the business team, their own steps for the
    independent author and for the review panel."""
    if standing & GRANTS[Permission.RUN_REVIEW]:
        return True
    if ReviewRole.INDEPENDENT_AUTHOR in standing and key in LCSPR_AUTHOR_STEPS:
        return True
    return bool(standing & GRANTS[Permission.AGREE_TERMS]) and key in LCSPR_PANEL_STEPS
