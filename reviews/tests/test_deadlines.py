"""Working-day arithmetic at its hard edges: one-off bank holidays, Christmas, Easter, regions."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.deadlines import (
    ENGLAND_AND_WALES,
    NonWorkingDay,
    NonWorkingKind,
    Region,
    SkippedDay,
    WorkingCalendar,
    add_months,
    add_working_days,
    skipped_between,
    subtract_working_days,
    working_days_between,
)

D = dt.date.fromisoformat
SCOTLAND = WorkingCalendar(Region.SCOTLAND)
NORTHERN_IRELAND = WorkingCalendar(Region.NORTHERN_IRELAND)


def test_it_counts_wd15_from_friday_6_march_2026() -> None:
    assert add_working_days(D("2026-03-06"), 1) == D("2026-03-09")
    assert add_working_days(D("2026-03-06"), 15) == D("2026-03-27")


def test_it_treats_working_day_0_as_the_origin_whatever_day_it_is() -> None:
    assert add_working_days(D("2026-03-07"), 0) == D("2026-03-07")  # a Saturday


@pytest.mark.parametrize(
    ("day", "name"),
    [
        # VE Day: the early May bank holiday moved. Names as GOV.UK writes them.
        (D("2020-05-08"), "Early May bank holiday (VE day)"),
        (D("2022-06-02"), "Spring bank holiday"),  # moved for the Platinum Jubilee
        (D("2022-06-03"), "Platinum Jubilee bank holiday"),
        (D("2022-09-19"), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        (D("2023-05-08"), "Bank holiday for the coronation of King Charles III"),
    ],
)
@pytest.mark.parametrize("region", list(Region))
def test_it_knows_every_one_off_bank_holiday_since_2018(
    day: dt.date, name: str, region: Region
) -> None:
    calendar = WorkingCalendar(region)
    assert not calendar.is_working_day(day)
    assert calendar.non_working_reason(day) == SkippedDay(day, NonWorkingKind.BANK_HOLIDAY, name)


def test_it_counts_4_may_2020_as_a_working_day_because_the_bank_holiday_moved() -> None:
    assert ENGLAND_AND_WALES.is_working_day(D("2020-05-04"))


@pytest.mark.parametrize(
    ("origin", "count", "due"),
    [
        # One-off bank holidays
        (D("2020-05-01"), 1, D("2020-05-04")),
        (D("2020-05-07"), 1, D("2020-05-11")),  # skips VE Day
        (D("2022-06-01"), 1, D("2022-06-06")),  # skips the Jubilee Thursday and Friday
        (D("2022-05-31"), 2, D("2022-06-06")),
        (D("2022-09-15"), 2, D("2022-09-20")),  # skips the State Funeral
        (D("2023-05-05"), 1, D("2023-05-09")),  # skips the Coronation
        (D("2023-04-28"), 5, D("2023-05-09")),  # 1 May and 8 May 2023 both off
        # Christmas and New Year
        (D("2026-12-23"), 1, D("2026-12-24")),
        (D("2026-12-23"), 2, D("2026-12-29")),  # 25, 26 (Sat), 27 (Sun), 28 substitute
        (D("2026-12-23"), 5, D("2027-01-04")),  # and 1 January 2027, a Friday
        (D("2026-12-23"), 15, D("2027-01-18")),
        (D("2021-12-24"), 1, D("2021-12-29")),  # Christmas on a Saturday: 27 and 28 off
        (D("2022-12-23"), 1, D("2022-12-28")),  # Christmas on a Sunday: 26 and 27 off
        (D("2021-12-31"), 1, D("2022-01-04")),  # New Year's Day on a Saturday: 3 Jan off
        # Easter
        (D("2026-04-02"), 1, D("2026-04-07")),  # Good Friday 3 April, Easter Monday 6 April
        (D("2024-03-28"), 1, D("2024-04-02")),
        (D("2024-03-28"), 15, D("2024-04-22")),
        # Origins on a weekend or a bank holiday
        (D("2026-03-07"), 1, D("2026-03-09")),
        (D("2026-03-08"), 15, D("2026-03-27")),
        (D("2026-04-03"), 1, D("2026-04-07")),  # Good Friday
        (D("2026-12-25"), 1, D("2026-12-29")),  # Christmas Day
        (D("2026-12-28"), 1, D("2026-12-29")),  # a substitute day
        # Leap years: 29 February is an ordinary working day
        (D("2024-02-28"), 2, D("2024-03-01")),
        (D("2028-02-28"), 1, D("2028-02-29")),
    ],
)
def test_it_counts_working_days_over_the_hard_edges(
    origin: dt.date, count: int, due: dt.date
) -> None:
    assert add_working_days(origin, count) == due
    assert working_days_between(origin, due) == count


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D("2025-08-31"), 6, D("2026-02-28")),
        (D("2023-08-31"), 6, D("2024-02-29")),  # leap year
        (D("2026-03-31"), 6, D("2026-09-30")),
        (D("2026-01-15"), 6, D("2026-07-15")),
        (D("2024-02-29"), 12, D("2025-02-28")),
        (D("2025-12-31"), 2, D("2026-02-28")),
        (D("2026-07-31"), 6, D("2027-01-31")),  # over the year end
        (D("2026-03-31"), -1, D("2026-02-28")),
    ],
)
def test_it_adds_calendar_months_clamped_to_the_months_end(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("calendar", "origin", "count", "due"),
    [
        (ENGLAND_AND_WALES, D("2025-12-31"), 1, D("2026-01-02")),
        (SCOTLAND, D("2025-12-31"), 1, D("2026-01-05")),  # 2 January is a holiday
        (SCOTLAND, D("2021-12-31"), 1, D("2022-01-05")),  # 3 and 4 January substitutes
        (ENGLAND_AND_WALES, D("2026-04-02"), 2, D("2026-04-08")),
        (SCOTLAND, D("2026-04-02"), 2, D("2026-04-07")),  # no Easter Monday in Scotland
        (ENGLAND_AND_WALES, D("2026-07-31"), 1, D("2026-08-03")),
        (SCOTLAND, D("2026-07-31"), 1, D("2026-08-04")),  # summer bank holiday 3 August
        (ENGLAND_AND_WALES, D("2026-08-28"), 1, D("2026-09-01")),
        (SCOTLAND, D("2026-08-28"), 1, D("2026-08-31")),  # no late summer bank holiday
        (SCOTLAND, D("2026-11-27"), 1, D("2026-12-01")),  # St Andrew's Day, 30 November
        (ENGLAND_AND_WALES, D("2026-06-12"), 1, D("2026-06-15")),
        (SCOTLAND, D("2026-06-12"), 1, D("2026-06-16")),  # one-off: the World Cup holiday
        (ENGLAND_AND_WALES, D("2026-03-16"), 1, D("2026-03-17")),
        (NORTHERN_IRELAND, D("2026-03-16"), 1, D("2026-03-18")),  # St Patrick's Day
        (ENGLAND_AND_WALES, D("2027-07-09"), 1, D("2027-07-12")),
        (NORTHERN_IRELAND, D("2027-07-09"), 1, D("2027-07-13")),  # Battle of the Boyne
        (NORTHERN_IRELAND, D("2026-07-10"), 1, D("2026-07-14")),  # 12 July on a Sunday
    ],
)
def test_it_follows_the_partnerships_region(
    calendar: WorkingCalendar, origin: dt.date, count: int, due: dt.date
) -> None:
    assert calendar.add_working_days(origin, count) == due


def test_it_says_which_days_a_span_skipped_and_why() -> None:
    skipped = skipped_between(D("2026-12-23"), D("2026-12-29"))

    assert [(day.date, day.reason) for day in skipped] == [
        (D("2026-12-25"), "Bank holiday: Christmas Day"),
        (D("2026-12-26"), "Bank holiday: Boxing Day"),
        (D("2026-12-27"), "Weekend"),
        (D("2026-12-28"), "Bank holiday: Boxing Day (substitute day)"),
    ]


def test_it_lists_a_backwards_span_in_date_order() -> None:
    assert [day.date for day in skipped_between(D("2026-03-09"), D("2026-03-06"))] == [
        D("2026-03-07"),
        D("2026-03-08"),
    ]


@pytest.mark.parametrize(
    ("end", "count", "expected"),
    [
        (D("2026-03-27"), 15, D("2026-03-06")),
        (D("2026-04-07"), 1, D("2026-04-02")),  # back over Easter
        (D("2027-01-04"), 3, D("2026-12-29")),
        (D("2026-03-08"), 1, D("2026-03-06")),  # from a Sunday
        (D("2026-03-09"), 0, D("2026-03-09")),
    ],
)
def test_it_subtracts_working_days(end: dt.date, count: int, expected: dt.date) -> None:
    assert subtract_working_days(end, count) == expected
    assert add_working_days(end, -count) == expected


def test_it_counts_a_reversed_span_as_negative() -> None:
    assert working_days_between(D("2026-03-27"), D("2026-03-06")) == -15


def test_it_counts_working_days_within_a_span_both_ends_included() -> None:
    assert ENGLAND_AND_WALES.working_days_in(D("2026-03-09"), D("2026-03-13")) == 5


def test_it_skips_partnership_closure_days_with_their_name() -> None:
    closure = NonWorkingDay(D("2026-03-09"), "Office move", NonWorkingKind.CLOSURE)
    calendar = WorkingCalendar.build(Region.ENGLAND_AND_WALES, [closure])

    assert calendar.add_working_days(D("2026-03-06"), 1) == D("2026-03-10")
    assert calendar.non_working_reason(D("2026-03-09")) == SkippedDay(
        D("2026-03-09"), NonWorkingKind.CLOSURE, "Office move"
    )
    assert calendar.skipped_between(D("2026-03-06"), D("2026-03-10"))[-1].reason == (
        "Partnership closure: Office move"
    )


def test_it_skips_a_one_off_bank_holiday_the_package_does_not_know() -> None:
    one_off = NonWorkingDay(D("2026-06-15"), "Proclaimed holiday")
    calendar = WorkingCalendar.build(Region.ENGLAND_AND_WALES, [one_off])

    assert calendar.add_working_days(D("2026-06-12"), 1) == D("2026-06-16")
    assert calendar.non_working_reason(D("2026-06-15")) == SkippedDay(
        D("2026-06-15"), NonWorkingKind.BANK_HOLIDAY, "Proclaimed holiday"
    )


def test_it_names_a_bank_holiday_rather_than_a_closure_on_the_same_day() -> None:
    closure = NonWorkingDay(D("2026-12-25"), "Office closed", NonWorkingKind.CLOSURE)
    calendar = WorkingCalendar.build(Region.ENGLAND_AND_WALES, [closure])

    reason = calendar.non_working_reason(D("2026-12-25"))

    assert reason is not None
    assert reason.reason == "Bank holiday: Christmas Day"


def test_it_says_a_working_day_has_no_reason_to_skip() -> None:
    assert ENGLAND_AND_WALES.non_working_reason(D("2026-03-09")) is None


def test_equal_calendars_are_equal_and_hashable() -> None:
    closure = NonWorkingDay(D("2026-03-09"), "Office move", NonWorkingKind.CLOSURE)

    first = WorkingCalendar.build(Region.SCOTLAND, [closure])
    second = WorkingCalendar(Region.SCOTLAND, frozenset({closure}))

    assert first == second
    assert {first: "cached"}[second] == "cached"
    assert first != WorkingCalendar(Region.SCOTLAND)


@pytest.mark.parametrize(
    ("origin", "count", "due"),
    [
        (D("1990-01-01"), 5, D("1990-01-08")),  # New Year's Day 1990, a Monday
        (D("2090-01-01"), 5, D("2090-01-09")),  # far beyond any table built so far
        (D("2026-01-05"), 600, D("2028-05-19")),  # a count longer than a table's margin
    ],
)
def test_it_answers_for_any_year_by_widening_its_table(
    origin: dt.date, count: int, due: dt.date
) -> None:
    calendar = WorkingCalendar.build(Region.ENGLAND_AND_WALES, [])

    assert calendar.add_working_days(origin, count) == due
    assert calendar.working_days_between(origin, due) == count


@pytest.mark.parametrize(
    ("region", "day", "name"),
    [
        (Region.ENGLAND_AND_WALES, D("2026-12-28"), "Boxing Day (substitute day)"),
        (Region.ENGLAND_AND_WALES, D("2027-01-01"), "New Year\u2019s Day"),
        (Region.ENGLAND_AND_WALES, D("2026-08-31"), "Summer bank holiday"),
        (Region.SCOTLAND, D("2026-01-02"), "2nd January"),
        (Region.SCOTLAND, D("2026-11-30"), "St Andrew\u2019s Day"),
        (Region.NORTHERN_IRELAND, D("2026-03-17"), "St Patrick\u2019s Day"),
        (
            Region.NORTHERN_IRELAND,
            D("2026-07-13"),
            "Battle of the Boyne (Orangemen\u2019s Day) (substitute day)",
        ),
    ],
)
def test_bank_holidays_have_the_names_gov_uk_gives_them(
    region: Region, day: dt.date, name: str
) -> None:
    reason = WorkingCalendar(region).non_working_reason(day)

    assert reason == SkippedDay(day, NonWorkingKind.BANK_HOLIDAY, name)
