"""The CSPR subgroup sent the report and the Panel's reply (subgroup-informed)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import PartnershipRole, User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.guards import PANEL, locked_open_rapid_review
from reviews.actions.review.members import join
from reviews.actions.steps import complete_step
from reviews.event_types import EventType
from reviews.models import PanelResponse, Review, ReviewRole, StepRecord
from reviews.process import Step
from reviews.reads.panel import subgroup_members


def inform_subgroup(review: Review, *, by: User) -> list[User]:
    """Send the CSPR subgroup a link to the report and the Panel's reply (subgroup-informed).

    A link only: the report stays behind sign-in. Each member is given their part in the
    review (ReviewRole.SUBGROUP_MEMBER, or SUBGROUP_CHAIR for the chair) so the link opens for
    them. Sending again later (to a member who joined since) is allowed; the step keeps its
    first date.
    """
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        if not PanelResponse.objects.filter(review=review).exists():
            raise ActionError("Record the Panel's response before sending it to the subgroup.")
        people = subgroup_members(review)
        if not people:
            raise ActionError(
                "The partnership has no CSPR subgroup members. Ask an administrator to add them."
            )
        chairs = set(
            PartnershipRole.objects.filter(
                partnership=review.partnership_id,
                role=PartnershipRole.Role.CSPR_SUBGROUP_CHAIR,
                user__in=people,
            ).values_list("user_id", flat=True)
        )
        for person in people:
            role = ReviewRole.SUBGROUP_CHAIR if person.pk in chairs else ReviewRole.SUBGROUP_MEMBER
            join(review, person, role, by=by, organisation=None)
        record_event(
            review,
            EventType.SUBGROUP_INFORMED,
            by=by,
            count=len(people),
            sent_to=[person.full_name for person in people],
        )
        if not StepRecord.objects.filter(
            review=review, key=Step.SUBGROUP_INFORMED, completed_on__isnull=False
        ).exists():
            complete_step(review, key=Step.SUBGROUP_INFORMED, by=by, completed_on=moment.today())
        emails.subgroup_informed(review, to=people)
    return people
