"""The rapid reviews a period counts, with their schedules: what the notification, rapid review
and agency statistics share.

A rapid review (and its notification) belongs to the period in which its origin (working day 0)
falls. Its schedule comes from reviews.clock, the same as its own pages show, so a figure never
disagrees with a review's page. A fixed number of queries however many reviews. Reads only.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Partnership
from reviews.clock import schedules_for
from reviews.models import Review, ReviewKind
from reviews.process import Step
from reviews.reads.statistics.tables import Figure, Period
from reviews.schedule import Schedule, ScheduledStep

NONE_TEXT = "None"  # a median or longest with nothing to measure


@dataclass(frozen=True)
class RapidSelection:
    """The period's rapid reviews (by id) and each one's schedule as of ``today``."""

    reviews: QuerySet[Review]
    schedules: dict[int, Schedule]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(self.schedules)

    def step(self, review_id: int, key: Step) -> ScheduledStep | None:
        """The review's scheduled step, or None where it does not apply."""
        try:
            return self.schedules[review_id].step(key)
        except KeyError:
            return None


def rapid_reviews_in(partnership: Partnership, period: Period) -> QuerySet[Review]:
    """The partnership's rapid reviews whose working day 0 falls in the period."""
    return Review.objects.filter(
        partnership=partnership,
        kind=ReviewKind.RAPID_REVIEW,
        origin__gte=period.start,
        origin__lte=period.end,
    ).select_related("partnership")


SelectionKey = tuple[int, Period, dt.date]
_shared: ContextVar[dict[SelectionKey, RapidSelection] | None] = ContextVar(
    "rapid_selection_shared", default=None
)


@contextmanager
def shared() -> Iterator[None]:
    """Within this block, the sections asking for the same partnership, period and day share
    one selection (its schedules computed once); outside it every call reads afresh."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def select(partnership: Partnership, period: Period, *, today: dt.date) -> RapidSelection:
    """The period's rapid reviews and their schedules, read once (once per ``shared`` block)."""
    cache = _shared.get()
    key = (partnership.pk, period, today)
    if cache is not None and key in cache:
        return cache[key]
    reviews = rapid_reviews_in(partnership, period)
    selection = RapidSelection(reviews=reviews, schedules=schedules_for(reviews, today=today))
    if cache is not None:
        cache[key] = selection
    return selection


def working_days_late(step: ScheduledStep) -> int:
    """Working days from the step's due date to its completion, in the step's own calendar."""
    if step.due is None or step.completed is None:
        return 0
    return step.calendar.working_days_between(step.due, step.completed)


def percent(part: frozenset[int], whole: frozenset[int]) -> Figure:
    """The share of ``whole`` that ``part`` is, as a whole-number percentage."""
    if not whole:
        return Figure(None, NONE_TEXT, frozenset())
    value = round(100 * len(part) / len(whole))
    return Figure(value, f"{value}%", part)


def median_and_longest(measured: dict[int, int]) -> tuple[Figure, Figure]:
    """The median and the longest of some measurements (review id: working days), each carrying
    the reviews measured."""
    if not measured:
        return Figure(None, NONE_TEXT), Figure(None, NONE_TEXT)
    ids = frozenset(measured)
    middle = statistics.median(measured.values())
    median: int | float = int(middle) if float(middle).is_integer() else float(middle)
    longest = max(measured.values())
    return Figure(median, str(median), ids), Figure(longest, str(longest), ids)
