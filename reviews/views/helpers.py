"""Small things every review view needs, and why a step cannot be done yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse

from accounts.models import User
from reviews.actions import Look
from reviews.models import Review, ReviewKind
from reviews.permissions import Permission, can, get_review_for
from reviews.process import Anchor, Step, get_ruleset
from reviews.reads.step_pages import step_url
from reviews.schedule import Schedule, StepState


def look_from(request: HttpRequest) -> Look:
    """Where a request came from, for the access log.

    REMOTE_ADDR, not X-Forwarded-For: a header the client sets cannot be trusted. Behind a
    proxy, configure it to set REMOTE_ADDR (see README, "Deploying").
    """
    return Look(
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:300],
    )


def person(request: HttpRequest) -> User:
    """The signed-in person (every review view is behind the sign-in middleware)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def review_of_kind(
    request: HttpRequest, pk: int, permission: Permission, kind: ReviewKind
) -> tuple[User, Review]:
    """Fetch the review for this person (reviews.permissions.get_review_for), answering a
    review of the other kind as if the page did not exist: each page belongs to one kind."""
    user = person(request)
    review = get_review_for(user, pk, permission)
    if review.kind != kind:
        raise Http404(f"This page belongs to a {ReviewKind(kind).label.lower()}.")
    return user, review


def lcspr_for(request: HttpRequest, pk: int, permission: Permission) -> tuple[User, Review]:
    """Fetch an LCSPR for this person; a rapid review answers 404."""
    return review_of_kind(request, pk, permission, ReviewKind.LCSPR)


def rapid_review_for(request: HttpRequest, pk: int, permission: Permission) -> tuple[User, Review]:
    """Fetch a rapid review for this person; an LCSPR answers 404."""
    return review_of_kind(request, pk, permission, ReviewKind.RAPID_REVIEW)


# Steps that cannot be done yet -----------------------------------------------------------------

# Where on its page each step is done, so that a link lands on the right part of a long page.
STEP_SECTIONS: dict[Step, str] = {
    Step.REPORT_SUBMITTED: "submission",
    Step.PANEL_ACKNOWLEDGED: "acknowledgement",
    Step.PANEL_RESPONSE: "response",
    Step.RECONVENE: "reconvene",
    Step.SUBGROUP_INFORMED: "subgroup",
    Step.PRE_PUBLICATION_NOTICE: "notice",
    Step.PUBLISHED: "published",
}

# The step that records a date another step is anchored on. A step anchored on another step's
# completion names that step itself (StepDefinition.after_step).
_ANCHOR_STEPS = {Anchor.PANEL_CONSIDERATION: Step.PANEL_ACKNOWLEDGED}


@dataclass(frozen=True)
class Prerequisite:
    """Something that must happen before a step can be done: in words, and the page where it
    is done when the person may open that page (None otherwise)."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class NotYet:
    """A step that cannot be done yet, and what must happen first (never nothing).

    Pages show it with the ``not_yet`` macro (reviews/macros/not_yet.html) in place of the
    step's form; the step's action refuses the form if it is posted all the same.
    """

    key: Step
    title: str
    first: tuple[Prerequisite, ...]


def step_prerequisite(
    user: User, review: Review, key: Step, *, permission: Permission = Permission.VIEW_REVIEW
) -> Prerequisite:
    """Name a step of the review's process, linked to where it is done if the person holds
    ``permission``, the one that page needs (most step pages: VIEW_REVIEW)."""
    title = get_ruleset(review.ruleset).process(review.kind).step(key).title
    if not can(user, permission, review):
        return Prerequisite(title)
    section = STEP_SECTIONS.get(key)
    return Prerequisite(title, step_url(review.pk, key) + (f"#{section}" if section else ""))


def page_prerequisite(
    user: User,
    review: Review,
    title: str,
    page: str,
    *,
    permission: Permission = Permission.VIEW_REVIEW,
    section: str = "",
    **kwargs: Any,
) -> Prerequisite:
    """Name something a step needs first that is not a step of the process (a version of the
    report, say), linked to ``page`` (a URL name taking the review's ``pk``) if the person
    holds ``permission``, the one that page needs."""
    if not can(user, permission, review):
        return Prerequisite(title)
    url = reverse(page, kwargs={"pk": review.pk, **kwargs})
    return Prerequisite(title, url + (f"#{section}" if section else ""))


def not_yet(
    user: User,
    review: Review,
    key: Step,
    *,
    schedule: Schedule,
    also: Iterable[Prerequisite] = (),
) -> NotYet | None:
    """Say why a step cannot be done yet, or None when nothing stands in its way.

    What must happen first comes from the process, through the clock: a step anchored on
    another step, or on the date the National Panel considers the case, cannot start until
    the clock has that date. ``also`` adds what the step's own action refuses to go without
    and the process does not date (a version of the report, a planned publication date, a
    passed anonymisation check), as the page found it.
    """
    first: list[Prerequisite] = []
    try:
        step = schedule.step(key)
    except KeyError:
        step = None  # its condition does not hold: nothing to wait for
    if step is not None and step.state is StepState.CANNOT_START:
        definition = step.plan.definition
        waits_on = definition.after_step or _ANCHOR_STEPS.get(definition.anchor)
        if waits_on:
            first.append(step_prerequisite(user, review, Step(waits_on)))
    first.extend(each for each in also if each not in first)
    if not first:
        return None
    title = get_ruleset(review.ruleset).process(review.kind).step(key).title
    return NotYet(key=key, title=title, first=tuple(first))
