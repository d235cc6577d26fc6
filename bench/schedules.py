"""Time full rapid review schedules against the floor of bare working-day lookups.

The floor is the least work any design could do: for each due date the schedules produced,
one `bisect` into a precomputed list of working-day ordinals and one index into the list of
working days. The target is a full schedule within three times that floor.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from reviews.deadlines import WorkingCalendar
from reviews.process import RAPID_REVIEW, RuleSettings, Step
from reviews.schedule import Facts, Schedule, compute_schedule

FIRST_ORIGIN = dt.date(2019, 1, 1)
ORIGIN_SPAN_DAYS = 8 * 365  # origins over eight years, 2019 to 2026
_EARLY_STEPS = (
    Step.CONFIRM_SCOPE,
    Step.REQUEST_INFORMATION,
    Step.CONFIRM_TIMELINE,
    Step.INVITE_TO_MEETING,
)


@dataclass(frozen=True)
class Case:
    """The inputs of one review's schedule."""

    origin: dt.date
    today: dt.date
    facts: Facts


@dataclass(frozen=True)
class Result:
    """Best timings of a few runs, in seconds per run."""

    reviews: int
    due_dates: int
    schedules_seconds: float
    list_page_seconds: float
    floor_seconds: float

    @property
    def ratio(self) -> float:
        return self.schedules_seconds / self.floor_seconds if self.floor_seconds else 0.0


def make_cases(count: int, seed: int = 2026) -> list[Case]:
    """Make varied reviews: any origin over eight years, some facts recorded, some not."""
    rng = random.Random(seed)  # noqa: S311  test data, not security
    cases = []
    for _ in range(count):
        origin = FIRST_ORIGIN + dt.timedelta(days=rng.randrange(ORIGIN_SPAN_DAYS))
        today = origin + dt.timedelta(days=rng.randrange(40))
        aware = origin - dt.timedelta(days=rng.randrange(6)) if rng.random() < 0.8 else None
        completed: dict[str, dt.date] = {
            key: origin + dt.timedelta(days=1) for key in _EARLY_STEPS[: rng.randrange(5)]
        }
        consideration = origin + dt.timedelta(days=30) if rng.random() < 0.3 else None
        cases.append(
            Case(
                origin,
                today,
                Facts(completed=completed, aware=aware, panel_consideration=consideration),
            )
        )
    return cases


def run(count: int = 100_000, *, seed: int = 2026, repeat: int = 5) -> Result:
    """Time `count` full schedules, then the bare lookups for the same due dates.

    As `timeit` does, the garbage collector is off while timing, and the best of `repeat`
    runs counts. Schedules are not kept: a list page renders each row and moves on.
    """
    cases = make_cases(count, seed)
    calendar = _calendar()
    settings = RuleSettings()

    def schedule(case: Case) -> Schedule:
        return compute_schedule(
            RAPID_REVIEW,
            origin=case.origin,
            today=case.today,
            facts=case.facts,
            settings=settings,
            calendar=calendar,
        )

    lookups = [_lookups(schedule(case)) for case in cases]
    floor = _floor(lookups, calendar)

    def full_schedules() -> None:
        for case in cases:
            compute_schedule(
                RAPID_REVIEW,
                origin=case.origin,
                today=case.today,
                facts=case.facts,
                settings=settings,
                calendar=calendar,
            )

    def list_page() -> None:
        for case in cases:
            row = compute_schedule(
                RAPID_REVIEW,
                origin=case.origin,
                today=case.today,
                facts=case.facts,
                settings=settings,
                calendar=calendar,
            )
            row.next_deadline()
            row.overdue_count()

    return Result(
        reviews=count,
        due_dates=sum(len(review) for review in lookups),
        schedules_seconds=_best(full_schedules, repeat),
        list_page_seconds=_best(list_page, repeat),
        floor_seconds=_best(floor, repeat),
    )


def _calendar() -> WorkingCalendar:
    """A calendar whose table of working days is built, as a running service's would be."""
    calendar = WorkingCalendar()
    calendar.add_working_days(FIRST_ORIGIN, 1)
    calendar.add_working_days(FIRST_ORIGIN + dt.timedelta(days=ORIGIN_SPAN_DAYS + 400), 1)
    return calendar


def _floor(
    lookups: list[list[tuple[dt.date, int]]], calendar: WorkingCalendar
) -> Callable[[], None]:
    """The least work any design could do for the same due dates: one `bisect` into a list of
    working-day ordinals and one index into the list of working days for each."""
    first, last = dt.date(FIRST_ORIGIN.year - 2, 1, 1), dt.date(2030, 12, 31)
    days = [
        first + dt.timedelta(days=n)
        for n in range((last - first).days + 1)
        if calendar.is_working_day(first + dt.timedelta(days=n))
    ]
    ordinals = [day.toordinal() for day in days]

    def floor() -> None:
        for review in lookups:
            for anchor, offset in review:
                days[bisect_right(ordinals, anchor.toordinal()) + offset - 1]

    return floor


def _best(work: Callable[[], None], repeat: int) -> float:
    """Return the shortest time of `repeat` runs of `work`, with the garbage collector off."""
    times = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    finally:
        if collecting:
            gc.enable()
    return min(times)


def _lookups(schedule: Schedule) -> list[tuple[dt.date, int]]:
    """List the (anchor, offset) of every due date a schedule computed."""
    return [
        (step.anchor_date, step.working_day or 1)
        for step in schedule.steps
        if step.due is not None and step.anchor_date is not None
    ]


def report(result: Result) -> str:
    """Format a result as a small table."""
    rows = [
        ("full schedule (compute_schedule)", result.schedules_seconds),
        ("list row (+ next deadline, overdue)", result.list_page_seconds),
        ("floor (bisect + index per due date)", result.floor_seconds),
    ]
    lines = [
        f"Rapid review schedules: {result.reviews:,} reviews, {result.due_dates:,} due dates",
        f"{'':<38}{'best (s)':>9}{'µs per review':>15}{'x floor':>9}",
    ]
    for label, seconds in rows:
        per_review = seconds / result.reviews * 1e6
        ratio = seconds / result.floor_seconds if result.floor_seconds else 0.0
        lines.append(f"{label:<38}{seconds:>9.3f}{per_review:>15.2f}{ratio:>9.2f}")
    lines.append(f"Full schedule: {result.ratio:.2f}x the floor (target: within 3x)")
    return "\n".join(lines)
