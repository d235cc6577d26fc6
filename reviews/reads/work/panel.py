"""The work "more information needed" gives: each request of the National Panel whose
information is not supplied yet, due on the date the Panel asked, for whoever runs the review.

One query for every open rapid review read (the rounds not yet supplied), then one loop.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from reviews.models import InformationRound
from reviews.reads.work.build import item
from reviews.reads.work.item import WorkItem
from reviews.reads.work.world import World


def information_items(world: World) -> Iterator[WorkItem]:
    """Each round of more information for the Panel not yet supplied, due by its date."""
    reviews = {review.pk: review for review in world.reviews if not review.is_lcspr}
    if not reviews:
        return
    rounds = InformationRound.objects.filter(
        review_id__in=sorted(reviews), supplied_on__isnull=True
    ).order_by("review_id", "number")
    for each in rounds:
        review = reviews[each.review_id]
        yield item(
            world,
            review,
            f"panel-information:{each.number}",
            what=f"Supply the information the National Panel asked for (request {each.number})",
            due_on=each.due_on,
            url=reverse("reviews:panel", kwargs={"pk": review.pk}) + f"#round-{each.number}",
            people=world.leads(review.pk, review.partnership_id),
        )
