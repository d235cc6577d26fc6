"""The work an LCSPR gives its people: terms of reference to agree, comments on a draft to
answer, the final draft to sign off."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count
from django.urls import reverse

from reviews.models import (
    DraftComment,
    DraftReport,
    RequestStatus,
    Review,
    ReviewRole,
    SignOff,
    TermsAgreement,
    TermsOfReference,
)
from reviews.permissions import GRANTS, Permission
from reviews.process import Step
from reviews.reads.lcspr.planning import AGREEING_ROLES
from reviews.reads.work.build import item
from reviews.reads.work.item import WorkItem
from reviews.reads.work.world import World


def _lcsprs(world: World) -> dict[int, Review]:
    return {review.pk: review for review in world.reviews if review.is_lcspr}


def terms_items(world: World) -> Iterator[WorkItem]:
    """The newest shared version of the terms of reference, for each review panel member and
    partner lead who has not agreed it, while the step is open."""
    lcsprs = _lcsprs(world)
    newest: dict[int, tuple[int, int]] = {}
    for pk, review_id, number in TermsOfReference.objects.filter(
        review_id__in=sorted(lcsprs), shared_at__isnull=False
    ).values_list("pk", "review_id", "number"):
        if review_id not in newest or number > newest[review_id][1]:
            newest[review_id] = (pk, number)
    agreed: dict[int, set[int]] = defaultdict(set)
    for terms_id, person_id in TermsAgreement.objects.filter(
        terms_id__in=[pk for pk, _number in newest.values()]
    ).values_list("terms_id", "person_id"):
        agreed[terms_id].add(person_id)
    for review_id, (terms_id, number) in newest.items():
        review = lcsprs[review_id]
        step = world.open_step(review, Step.TERMS_OF_REFERENCE)
        people = world.people(review_id, AGREEING_ROLES) - agreed[terms_id]
        if step is None or not people:
            continue
        yield item(
            world,
            review,
            f"terms:v{number}",
            what=f"Agree version {number} of the terms of reference",
            due_on=step.due,
            url=reverse("reviews:terms", kwargs={"pk": review_id}),
            people=people,
        )


def comment_items(world: World) -> Iterator[WorkItem]:
    """The comments on drafts still open, for the independent author to answer (or whoever
    runs the review, when no author takes part)."""
    lcsprs = _lcsprs(world)
    counts = (
        DraftComment.objects.filter(
            draft__review_id__in=sorted(lcsprs), status=DraftComment.Status.OPEN
        )
        .values_list("draft__review_id")
        .annotate(open=Count("pk"))
        .order_by()
    )
    for review_id, count in counts:
        review = lcsprs[review_id]
        step = world.step(review, Step.FINAL_DRAFT_AGREED)
        authors = world.people(review_id, [ReviewRole.INDEPENDENT_AUTHOR])
        noun = "comment" if count == 1 else "comments"
        yield item(
            world,
            review,
            "draft-comments",
            what=f"Answer {count} {noun} on the draft report",
            due_on=step.due if step is not None and not step.state.is_done else None,
            url=reverse("reviews:drafts", kwargs={"pk": review_id}),
            people=authors or world.leads(review_id, review.partnership_id),
        )


def sign_off_items(world: World) -> Iterator[WorkItem]:
    """Each organisation that has not signed off the agreed final draft, for everyone who
    speaks for it on the review (reviews.reads.lcspr.drafts.organisations_to_sign)."""
    lcsprs = _lcsprs(world)
    finals = dict(
        DraftReport.objects.filter(
            review_id__in=sorted(lcsprs), final_agreed_on__isnull=False
        ).values_list("review_id", "pk")
    )
    signed: dict[int, set[int]] = defaultdict(set)
    for draft_id, organisation_id in SignOff.objects.filter(
        draft_id__in=sorted(finals.values())
    ).values_list("draft_id", "organisation_id"):
        signed[draft_id].add(organisation_id)
    for review_id, draft_id in finals.items():
        review = lcsprs[review_id]
        step = world.open_step(review, Step.SIGNED_OFF)
        if step is None:
            continue
        readers = _readers(world, review)
        for organisation_id in _to_sign(world, review):
            if organisation_id in signed[draft_id]:
                continue
            yield item(
                world,
                review,
                f"sign-off:{organisation_id}",
                what=f"Sign off the final report for {world.organisation_name(organisation_id)}",
                due_on=step.due,
                url=reverse("reviews:sign-off", kwargs={"pk": review_id}),
                # Those who speak for it and may open the sign-off page (an agency's
                # contributor may not: the business team records its sign-off on its behalf).
                people=world.speaking_for(review_id, organisation_id) & readers,
                organisation_id=organisation_id,
            )


def _readers(world: World, review: Review) -> frozenset[int]:
    """Who may read the review (VIEW_REVIEW): its reading roles and the business team."""
    roles = [grant for grant in GRANTS[Permission.VIEW_REVIEW] if isinstance(grant, ReviewRole)]
    team = world.business_team.get(review.partnership_id, frozenset())
    return world.people(review.pk, roles) | team


def _to_sign(world: World, review: Review) -> list[int]:
    """Each statutory partner, each organisation asked for information on the review or its
    rapid review (but for "no involvement"), and each one a member speaks for."""
    reviews = [review.pk, review.rapid_review_id]
    asked = {
        row.organisation_id
        for pk in reviews
        if pk is not None
        for row in world.requests.get(pk, ())
        if row.status != RequestStatus.NO_INVOLVEMENT
    }
    named = {organisation for _u, _r, organisation in world.members.get(review.pk, ())}
    wanted = asked | named | set(world.statutory_partners(review.partnership_id))
    found = [world.organisations[pk] for pk in wanted if pk in world.organisations]
    return [
        each.pk
        for each in sorted(found, key=lambda each: (each.name, each.pk))
        if each.partnership_id == review.partnership_id
    ]
