"""Properties every working-day calendar must keep, for any origin, count and region."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.deadlines import NonWorkingDay, NonWorkingKind, Region, WorkingCalendar, add_months

# One calendar per region, plus one with closures, built once so the tables are shared.
CALENDARS = [
    *(WorkingCalendar(region) for region in Region),
    WorkingCalendar.build(
        Region.ENGLAND_AND_WALES,
        [
            NonWorkingDay(dt.date(2026, 3, 9), "Office move", NonWorkingKind.CLOSURE),
            NonWorkingDay(dt.date(2026, 3, 10), "Office move", NonWorkingKind.CLOSURE),
            NonWorkingDay(dt.date(2030, 6, 14), "Proclaimed holiday"),
        ],
    ),
]

calendars = st.sampled_from(CALENDARS)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
counts = st.integers(min_value=1, max_value=400)
fast = settings(max_examples=200, deadline=None)


@fast
@given(calendar=calendars, origin=days, count=counts)
def test_a_due_date_is_never_a_non_working_day(
    calendar: WorkingCalendar, origin: dt.date, count: int
) -> None:
    due = calendar.add_working_days(origin, count)

    assert calendar.is_working_day(due)
    assert calendar.non_working_reason(due) is None


@fast
@given(calendar=calendars, origin=days, count=st.integers(min_value=0, max_value=400))
def test_working_day_n_plus_1_comes_after_working_day_n(
    calendar: WorkingCalendar, origin: dt.date, count: int
) -> None:
    assert calendar.add_working_days(origin, count + 1) > calendar.add_working_days(origin, count)


@fast
@given(calendar=calendars, origin=days, count=st.integers(min_value=0, max_value=400))
def test_adding_then_counting_working_days_round_trips(
    calendar: WorkingCalendar, origin: dt.date, count: int
) -> None:
    due = calendar.add_working_days(origin, count)

    assert calendar.working_days_between(origin, due) == count


@fast
@given(calendar=calendars, origin=days, count=st.integers(min_value=0, max_value=120))
def test_the_skipped_days_and_the_working_days_span_the_whole_interval(
    calendar: WorkingCalendar, origin: dt.date, count: int
) -> None:
    due = calendar.add_working_days(origin, count)
    skipped = calendar.skipped_between(origin, due)

    assert len(skipped) + count == (due - origin).days
    assert all(origin < day.date <= due for day in skipped)
    assert all(not calendar.is_working_day(day.date) for day in skipped)


@fast
@given(calendar=calendars, end=days, count=counts)
def test_subtracting_then_adding_round_trips_from_a_working_day(
    calendar: WorkingCalendar, end: dt.date, count: int
) -> None:
    end = calendar.add_working_days(end, 1)  # any day, moved to a working day

    start = calendar.subtract_working_days(end, count)

    assert calendar.is_working_day(start)
    assert calendar.add_working_days(start, count) == end
    assert calendar.add_working_days(end, -count) == start


@fast
@given(calendar=calendars, origin=days, counts=st.lists(counts, min_size=1, max_size=12))
def test_one_lookup_for_many_counts_agrees_with_one_at_a_time(
    calendar: WorkingCalendar, origin: dt.date, counts: list[int]
) -> None:
    days, first = calendar.working_days_after(origin)
    for count in counts:
        if first + count - 1 < len(days):
            assert days[first + count - 1] == calendar.add_working_days(origin, count)


@fast
@given(start=days, months=st.integers(min_value=-60, max_value=60))
def test_adding_months_lands_in_the_right_month_clamped_to_its_end(
    start: dt.date, months: int
) -> None:
    result = add_months(start, months)

    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last = calendar_module.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last)
