"""The work a review's schedule and a rapid review give: open steps, requests for
information, partners' decisions and approvals of the report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse

from reviews.models import (
    ANSWERED,
    Approval,
    ApprovalRole,
    JointDecision,
    ReportVersion,
    RequestStatus,
    Review,
    ReviewRole,
)
from reviews.permissions import ANSWERING_ROLES, LCSPR_AUTHOR_STEPS
from reviews.process import Step
from reviews.reads.step_pages import step_url
from reviews.reads.work.build import item
from reviews.reads.work.item import WorkItem
from reviews.reads.work.world import World
from reviews.schedule import StepState


def step_items(world: World) -> Iterator[WorkItem]:
    """Each open step with a due date (or stopped by a hold), for whoever runs the review,
    and the independent author's own LCSPR steps for the author too."""
    for review in world.reviews:
        leads = world.leads(review.pk, review.partnership_id)
        authors = world.people(review.pk, [ReviewRole.INDEPENDENT_AUTHOR])
        for step in world.schedules[review.pk].steps:
            if step.state.is_done or (step.due is None and step.state is not StepState.ON_HOLD):
                continue
            key = Step(step.key)
            people = leads | authors if review.is_lcspr and key in LCSPR_AUTHOR_STEPS else leads
            yield item(
                world,
                review,
                f"step:{key}",
                what=step.title,
                due_on=step.due,
                url=step_url(review.pk, key),
                people=people,
            )


def request_items(world: World) -> Iterator[WorkItem]:
    """Each request for information not yet answered, for everyone who answers for the
    organisation on the review. A returned one (or "no involvement") drops off."""
    for review in world.reviews:
        for row in world.requests.get(review.pk, ()):
            if row.status in ANSWERED:
                continue
            name = world.organisation_name(row.organisation_id)
            what = (
                f"Add the more detail asked for to {name}'s return"
                if row.status == RequestStatus.MORE_DETAIL
                else f"Return {name}'s information for the review"
            )
            yield item(
                world,
                review,
                f"request:{row.pk}",
                what=what,
                due_on=row.due_on,
                url=reverse("reviews:request", kwargs={"pk": review.pk, "request_pk": row.pk}),
                people=world.people(review.pk, ANSWERING_ROLES, row.organisation_id),
                organisation_id=row.organisation_id,
            )


def decision_items(world: World) -> Iterator[WorkItem]:
    """Each statutory partner that has not recorded its decision while the step is open, for
    its partner leads on the review. A recorded decision drops off."""
    for review in world.reviews:
        step = None if review.is_lcspr else world.open_step(review, Step.PARTNER_DECISIONS)
        if step is None:
            continue
        for organisation_id in _partners(world, review):
            if organisation_id in world.decided[review.pk]:
                continue
            yield item(
                world,
                review,
                f"decision:{organisation_id}",
                what=f"Record {world.organisation_name(organisation_id)}'s decision",
                due_on=step.due,
                url=reverse("reviews:partner-decisions", kwargs={"pk": review.pk}),
                people=world.people(
                    review.pk, [ReviewRole.STATUTORY_PARTNER_LEAD], organisation_id
                ),
                organisation_id=organisation_id,
            )


def _partners(world: World, review: Review) -> list[int]:
    """The statutory partners the review needs decisions from (reviews.reads.decisions):
    those asked for information, or every statutory partner when none has been asked."""
    every = world.statutory_partners(review.partnership_id)
    asked = {row.organisation_id for row in world.requests.get(review.pk, ())}
    return [pk for pk in every if pk in asked] or every


def _signing_partners(world: World, review: Review) -> list[int]:
    """The partners who sign the report (reviews.reads.report.signatories): those that
    decided, or, before any has, those asked for information."""
    every = world.statutory_partners(review.partnership_id)
    decided = world.decided[review.pk]
    asked = {row.organisation_id for row in world.requests.get(review.pk, ())}
    return [pk for pk in every if pk in decided] or [pk for pk in every if pk in asked]


def approval_items(world: World) -> Iterator[WorkItem]:
    """Each part whose turn it is to approve the newest version of the report (the order of
    the chain: the CSPR subgroup chair first, on a version made after the joint decision;
    then the partnership chair and each partner), while the report is not agreed."""
    rapid = {review.pk: review for review in world.reviews if not review.is_lcspr}
    newest: dict[int, tuple[int, int, dt.datetime]] = {}
    for pk, review_id, number, created_at in ReportVersion.objects.filter(
        review_id__in=sorted(rapid)
    ).values_list("pk", "review_id", "number", "created_at"):
        if review_id not in newest or number > newest[review_id][1]:
            newest[review_id] = (pk, number, created_at)
    given: dict[int, list[tuple[str, int | None, str]]] = defaultdict(list)
    for version_id, role, organisation_id, verdict in Approval.objects.filter(
        version_id__in=[pk for pk, _n, _at in newest.values()]
    ).values_list("version_id", "role", "organisation_id", "verdict"):
        given[version_id].append((role, organisation_id, verdict))
    decided_at: dict[int, dt.datetime] = {}
    for review_id, at in JointDecision.objects.filter(review_id__in=sorted(newest)).values_list(
        "review_id", "recorded_at"
    ):
        decided_at[review_id] = max(at, decided_at.get(review_id, at))
    for review_id, (version_id, number, created_at) in newest.items():
        review = rapid[review_id]
        step = world.open_step(review, Step.REPORT_AGREED)
        rows = given[version_id]
        if step is None or any(verdict == Approval.Verdict.SENT_BACK for _r, _o, verdict in rows):
            continue
        approved = {(role, organisation) for role, organisation, _v in rows}
        chair_ready = review_id in decided_at and created_at >= decided_at[review_id]
        for role, part in _turns(world, review, approved, chair_ready=chair_ready):
            yield _approval(world, review, (role, part), number=number, due_on=step.due)


def _turns(
    world: World, review: Review, approved: set[tuple[str, int | None]], *, chair_ready: bool
) -> list[tuple[ApprovalRole, int | None]]:
    """The parts whose approval is due now and not given."""
    chair = (ApprovalRole.SUBGROUP_CHAIR.value, None)
    if chair not in approved:
        return [(ApprovalRole.SUBGROUP_CHAIR, None)] if chair_ready else []
    parts: list[tuple[ApprovalRole, int | None]] = [(ApprovalRole.PARTNERSHIP_CHAIR, None)]
    parts += [(ApprovalRole.STATUTORY_PARTNER, pk) for pk in _signing_partners(world, review)]
    return [(role, pk) for role, pk in parts if (role.value, pk) not in approved]


APPROVING_ROLES = {
    ApprovalRole.SUBGROUP_CHAIR: ReviewRole.SUBGROUP_CHAIR,
    ApprovalRole.PARTNERSHIP_CHAIR: ReviewRole.PARTNERSHIP_CHAIR,
    ApprovalRole.STATUTORY_PARTNER: ReviewRole.STATUTORY_PARTNER_LEAD,
}


def _approval(
    world: World,
    review: Review,
    part_of: tuple[ApprovalRole, int | None],
    *,
    number: int,
    due_on: dt.date | None,
) -> WorkItem:
    role, organisation_id = part_of
    part = world.organisation_name(organisation_id) if organisation_id else role.label
    return item(
        world,
        review,
        f"approval:v{number}:{role.value}" + (f":{organisation_id}" if organisation_id else ""),
        what=f"Approve version {number} of the report as {part}",
        due_on=due_on,
        url=reverse("reviews:report", kwargs={"pk": review.pk}),
        people=world.people(review.pk, [APPROVING_ROLES[role]], organisation_id),
        organisation_id=organisation_id,
    )
