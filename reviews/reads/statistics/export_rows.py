"""The rows of the partnership's exports for analysts (issue 15): the whole-partnership workbook
(one sheet each for reviews, steps, requests, actions and themes) and the NHS Safeguarding Case
Review Tracker file. Every review of the partnership, whatever its dates.

Case codes only: no row holds a child's details, a pseudonym, a review's summary or the text of
a recommendation or action (an action names its recommendation by number). Steps, their due
dates and states come from the review's clock (``reviews.clock.schedules_for``), the same as
the review's own pages. A fixed number of queries however many reviews: the reviews once, the
clock's own fixed set, then one query per sheet read in chunks (``iterator``), and each sheet's
rows made one at a time (generators), so 5,000 reviews and 100,000 steps are never held as rows.

The NHS tracker file has one row per review, with these columns (``TRACKER_COLUMNS``):

- Case code: the review's case code (never the child's name).
- Type of review: rapid review, or local child safeguarding practice review (LCSPR).
- Working day 0: the review's origin.
- Stage: "Closed", "Published", or the first step of the review not yet done (with "on hold"
  when a hold has stopped its clock), as the review's own page shows it.
- Outcome: for a rapid review, what was decided (LCSPR, national review, no further review).
- Linked review: the LCSPR a rapid review led to, or the rapid review an LCSPR came from.
- Themes: the partnership's themes tagged on the review's learning or recommendations.
- Published on, Where published: the LCSPR's publication date and its web address or place.
- Recommendations: how many.
- Actions, Actions completed, Actions overdue: how many actions in the review's plan, how many
  are completed (awaiting confirmation or confirmed), and how many are open past their due date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Partnership
from reviews.clock import schedules_for
from reviews.models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    InformationRequest,
    Learning,
    OutcomeKind,
    PlanAction,
    Recommendation,
    RequestStatus,
    Review,
    ReviewKind,
)
from reviews.models.lcspr import Publication
from reviews.models.panel import Outcome
from reviews.schedule import Schedule
from reviews.schedule.steps import StepState
from reviews.spreadsheets import Cell, Sheet, SheetCell

CHUNK: Final = 2000  # rows fetched from the database at a time

LearningThemes = Learning.themes.through
RecommendationThemes = Recommendation.themes.through

REVIEW_HEADERS: Final = (
    "Case code",
    "Kind",
    "Rules",
    "Working day 0",
    "Stage",
    "Status",
    "Closed on",
    "Outcome",
    "Outcome decided on",
    "Published on",
    "Linked review",
)
STEP_HEADERS: Final = ("Case code", "Step", "Title", "Scope", "Due", "Done", "State")
REQUEST_HEADERS: Final = ("Case code", "Organisation", "Sent", "Due", "Returned", "Status")
ACTION_HEADERS: Final = (
    "Case code",
    "Recommendation",
    "Organisation",
    "Lead",
    "Due",
    "Status",
    "Completed on",
)
THEME_HEADERS: Final = ("Case code", "Theme", "Where tagged")
TRACKER_COLUMNS: Final = (
    "Case code",
    "Type of review",
    "Working day 0",
    "Stage",
    "Outcome",
    "Linked review",
    "Themes",
    "Published on",
    "Where published",
    "Recommendations",
    "Actions",
    "Actions completed",
    "Actions overdue",
)
OUTCOMES: Final[dict[str, str]] = {
    OutcomeKind.LCSPR: "LCSPR",
    OutcomeKind.NATIONAL: "National review",
    OutcomeKind.NO_REVIEW: "No further review",
}
# A status's words (a value no longer among the choices is shown as it is stored).
REQUEST_STATUSES: Final[dict[str, str]] = dict(RequestStatus.choices)
ACTION_STATUSES: Final[dict[str, str]] = dict(ActionStatus.choices)
COMPLETED: Final = (ActionStatus.AWAITING_CONFIRMATION, ActionStatus.CONFIRMED)


@dataclass(frozen=True)
class Reviewed:
    """The partnership's reviews (oldest first) with their schedules on ``today``, and for
    each review its linked review: the LCSPR a rapid review led to, or the rapid review an
    LCSPR came from."""

    reviews: list[Review]
    schedules: dict[int, Schedule]
    links: dict[int, str]
    outcomes: dict[int, tuple[str, dt.date]]  # review id: the outcome's label and its date

    def outcome(self, review: Review) -> tuple[str, dt.date | None]:
        return self.outcomes.get(review.pk, ("", None))


def _links(reviews: list[Review]) -> dict[int, str]:
    codes = {review.pk: review.case_code for review in reviews}
    led_to: dict[int, list[str]] = defaultdict(list)
    for review in reviews:
        if review.rapid_review_id is not None:
            led_to[review.rapid_review_id].append(review.case_code)
    return {
        review.pk: codes.get(review.rapid_review_id, "")
        if review.rapid_review_id is not None
        else ", ".join(led_to.get(review.pk, ()))
        for review in reviews
    }


def reviewed(partnership: Partnership, *, today: dt.date) -> Reviewed:
    """Every review of the partnership, without its child's details, and its schedule."""
    reviews = (
        Review.objects.filter(partnership=partnership)
        .select_related("partnership", "publication")
        .defer("summary", "pseudonym")
        .order_by("origin", "case_code")
    )
    rows = list(reviews)
    outcomes = {
        review_id: (OUTCOMES.get(kind, kind), decided_on)
        for review_id, kind, decided_on in Outcome.objects.filter(
            review__partnership=partnership
        ).values_list("review_id", "kind", "decided_on")
    }
    return Reviewed(rows, schedules_for(reviews, today=today), _links(rows), outcomes)


def _publication(review: Review) -> Publication | None:
    try:
        return review.publication
    except ObjectDoesNotExist:
        return None


def stage(review: Review, schedule: Schedule) -> str:
    """Where the review stands: closed, published, or its first step not yet done."""
    publication = _publication(review)
    if review.closed_at is not None:
        return "Closed"
    if publication is not None and publication.published_on is not None:
        return "Published"
    for step in schedule.steps:
        if not step.state.is_done:
            on_hold = " (on hold)" if step.state is StepState.ON_HOLD else ""
            return f"{step.title}{on_hold}"
    return "Every step done"


def _kind(review: Review) -> str:
    return "LCSPR" if review.kind == ReviewKind.LCSPR else "Rapid review"


def review_rows(world: Reviewed) -> Iterator[tuple[SheetCell, ...]]:
    for review in world.reviews:
        outcome, decided_on = world.outcome(review)
        publication = _publication(review)
        yield (
            review.case_code,
            _kind(review),
            review.ruleset_title,
            review.origin,
            stage(review, world.schedules[review.pk]),
            "Open" if review.closed_at is None else "Closed",
            timezone.localdate(review.closed_at) if review.closed_at else None,
            outcome,
            decided_on,
            publication.published_on if publication else None,
            world.links[review.pk],
        )


def step_rows(world: Reviewed) -> Iterator[tuple[SheetCell, ...]]:
    for review in world.reviews:
        for step in world.schedules[review.pk].steps:
            yield (
                review.case_code,
                step.key,
                step.title,
                step.plan.definition.scope.value.capitalize(),
                step.due,
                step.completed,
                step.state.label,
            )


def request_rows(partnership: Partnership) -> Iterator[tuple[SheetCell, ...]]:
    requests = (
        InformationRequest.objects.filter(review__partnership=partnership)
        .order_by("review__origin", "review__case_code", "organisation__name")
        .values_list(
            "review__case_code", "organisation__name", "sent_at", "due_on", "submitted_at", "status"
        )
    )
    for code, organisation, sent_at, due_on, submitted_at, status in requests.iterator(CHUNK):
        returned = timezone.localdate(submitted_at) if submitted_at else None
        yield (
            code,
            organisation,
            timezone.localdate(sent_at),
            due_on,
            returned,
            REQUEST_STATUSES.get(status, status),
        )


def action_rows(partnership: Partnership) -> Iterator[tuple[SheetCell, ...]]:
    actions = (
        PlanAction.objects.filter(review__partnership=partnership)
        .order_by("review__origin", "review__case_code", "due_on", "pk")
        .values_list(
            "review__case_code",
            "recommendation__number",
            "organisation__name",
            "lead_name",
            "due_on",
            "status",
            "completed_on",
        )
    )
    for code, number, organisation, lead, due_on, status, completed_on in actions.iterator(CHUNK):
        recommendation = f"Recommendation {number}" if number else "Immediate action"
        yield (
            code,
            recommendation,
            organisation,
            lead,
            due_on,
            ACTION_STATUSES.get(status, status),
            completed_on,
        )


def theme_rows(partnership: Partnership) -> Iterator[tuple[SheetCell, ...]]:
    """Each theme once per review for its learning, and once per recommendation tagged."""
    learning = (
        LearningThemes.objects.filter(learning__review__partnership=partnership)
        .order_by("learning__review__case_code", "theme__name")
        .values_list("learning__review__case_code", "theme__name")
        .distinct()
    )
    for code, theme in learning.iterator(CHUNK):
        yield (code, theme, "Learning")
    recommendations = (
        RecommendationThemes.objects.filter(recommendation__review__partnership=partnership)
        .order_by("recommendation__review__case_code", "recommendation__number", "theme__name")
        .values_list("recommendation__review__case_code", "recommendation__number", "theme__name")
    )
    for code, number, theme in recommendations.iterator(CHUNK):
        yield (code, theme, f"Recommendation {number}")


def workbook_sheets(partnership: Partnership, *, today: dt.date) -> list[Sheet]:
    """The whole-partnership workbook's sheets, their rows made as the file is written."""
    world = reviewed(partnership, today=today)
    return [
        Sheet("Reviews", REVIEW_HEADERS, review_rows(world)),
        Sheet("Steps", STEP_HEADERS, step_rows(world)),
        Sheet("Requests", REQUEST_HEADERS, request_rows(partnership)),
        Sheet("Actions", ACTION_HEADERS, action_rows(partnership)),
        Sheet("Themes", THEME_HEADERS, theme_rows(partnership)),
    ]


def _themes_by_review(partnership: Partnership) -> dict[int, set[str]]:
    themes: dict[int, set[str]] = defaultdict(set)
    learning = LearningThemes.objects.filter(learning__review__partnership=partnership)
    for review_id, name in learning.values_list("learning__review_id", "theme__name").distinct():
        themes[review_id].add(name)
    recommendations = RecommendationThemes.objects.filter(
        recommendation__review__partnership=partnership
    ).values_list("recommendation__review_id", "theme__name")
    for review_id, name in recommendations.distinct():
        themes[review_id].add(name)
    return themes


def _action_counts(partnership: Partnership, today: dt.date) -> dict[int, tuple[int, int, int]]:
    """Per review: its actions, those completed and those open past their due date."""
    counts = (
        PlanAction.objects.filter(review__partnership=partnership)
        .values("review_id")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status__in=COMPLETED)),
            overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)),
        )
        .order_by()
    )
    return {row["review_id"]: (row["total"], row["completed"], row["overdue"]) for row in counts}


def _recommendation_counts(partnership: Partnership) -> dict[int, int]:
    counts = (
        Recommendation.objects.filter(review__partnership=partnership)
        .values("review_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {row["review_id"]: row["total"] for row in counts}


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def tracker_rows(partnership: Partnership, *, today: dt.date) -> Iterator[tuple[Cell, ...]]:
    """One row per review for the NHS tracker (the columns are in the module's docstring)."""
    world = reviewed(partnership, today=today)
    themes = _themes_by_review(partnership)
    actions = _action_counts(partnership, today)
    recommendations = _recommendation_counts(partnership)
    for review in world.reviews:
        outcome, _ = world.outcome(review)
        publication = _publication(review)
        total, completed, overdue = actions.get(review.pk, (0, 0, 0))
        yield (
            review.case_code,
            ReviewKind(review.kind).label,
            review.origin.isoformat(),
            stage(review, world.schedules[review.pk]),
            outcome,
            world.links[review.pk],
            "; ".join(sorted(themes.get(review.pk, ()))),
            _day(publication.published_on if publication else None),
            publication.where if publication else "",
            recommendations.get(review.pk, 0),
            total,
            completed,
            overdue,
        )
