"""Making one work item of a review from what was read."""

from __future__ import annotations

import datetime as dt

from reviews.models import Review
from reviews.reads.work.item import WorkItem
from reviews.reads.work.world import World


def item(
    world: World,
    review: Review,
    thing: str,
    *,
    what: str,
    due_on: dt.date | None,
    url: str,
    people: frozenset[int],
    organisation_id: int | None = None,
) -> WorkItem:
    """An item on ``review``, keyed ``review-<id>:<thing>``."""
    return WorkItem(
        key=f"review-{review.pk}:{thing}",
        review_id=review.pk,
        partnership_id=review.partnership_id,
        case_code=review.case_code,
        what=what,
        due_on=due_on,
        url=url,
        people=people,
        organisation_id=organisation_id,
        on_hold=world.on_hold(review) if review.is_open else False,
        soon=world.soon.get(review.partnership_id),
        organisation_name=world.organisation_name(organisation_id) if organisation_id else "",
    )
