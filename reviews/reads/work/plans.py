"""The work action plans give: each open action for the people who own it, and a completed
one for whoever runs the review to confirm. An action plan outlives its review, so actions
count whether the review is open or closed."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from reviews.models import ActionStatus, PlanAction
from reviews.reads.work.item import WorkItem
from reviews.reads.work.world import World


def action_items(world: World) -> Iterator[WorkItem]:
    for action in world.actions:
        review = action.review
        confirming = action.status == ActionStatus.AWAITING_CONFIRMATION
        if confirming:
            people = world.leads(review.pk, review.partnership_id)
        else:
            owners = world.speaking_for(review.pk, action.organisation_id)
            people = owners | ({action.lead_id} if action.lead_id else set())
        yield WorkItem(
            key=f"action-{action.pk}" + (":confirm" if confirming else ""),
            review_id=review.pk,
            partnership_id=review.partnership_id,
            case_code=review.case_code,
            what=_what(action, confirming=confirming),
            due_on=action.due_on,
            url=reverse("reviews:plan-action", kwargs={"pk": review.pk, "action_pk": action.pk}),
            people=frozenset(people),
            organisation_id=action.organisation_id,
            on_hold=world.on_hold(review),
            soon=world.soon.get(review.partnership_id),
            organisation_name=action.organisation.name,
        )


def _what(action: PlanAction, *, confirming: bool) -> str:
    # The description is the partnership's own words and may say more than the case code:
    # the list names the action by its organisation only, the page says the rest.
    if confirming:
        return f"Confirm {action.organisation.name}'s completed action"
    return f"Complete {action.organisation.name}'s action from the action plan"
