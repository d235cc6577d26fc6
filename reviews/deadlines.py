"""Working-day arithmetic for statutory deadlines: pure functions, no ORM.

Counting convention (domain.md): working day 0 is the clock's origin date, whatever day of the
week it is; working day N is the N-th working day after it.

A `WorkingCalendar` answers in constant time from a table built once per calendar and span of
years: the sorted working days, and for every day the number of working days before it. Every
schedule in a list of reviews asks for a dozen due dates, so the lookups must stay cheap.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import holidays


class Region(StrEnum):
    """Bank-holiday calendars a partnership can follow."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return {
            Region.ENGLAND_AND_WALES: "England and Wales",
            Region.SCOTLAND: "Scotland",
            Region.NORTHERN_IRELAND: "Northern Ireland",
        }[self]


# England and Wales share every bank holiday; the package's "ENG" and "WLS" lists are identical.
_SUBDIVISIONS = {
    Region.ENGLAND_AND_WALES: "ENG",
    Region.SCOTLAND: "SCT",
    Region.NORTHERN_IRELAND: "NIR",
}


class NonWorkingKind(StrEnum):
    """Why a day is not a working day, in order of precedence when several apply."""

    BANK_HOLIDAY = "bank-holiday"
    CLOSURE = "closure"
    WEEKEND = "weekend"


@dataclass(frozen=True, order=True)
class NonWorkingDay:
    """One dated day off that the `holidays` package cannot know: a one-off or a closure."""

    date: dt.date
    name: str
    kind: NonWorkingKind = NonWorkingKind.BANK_HOLIDAY


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day a count of working days passed over, with the reason."""

    date: dt.date
    kind: NonWorkingKind
    name: str

    @property
    def reason(self) -> str:
        if self.kind is NonWorkingKind.BANK_HOLIDAY:
            return f"Bank holiday: {self.name}"
        if self.kind is NonWorkingKind.CLOSURE:
            return f"Partnership closure: {self.name}"
        return "Weekend"


# The names GOV.UK gives (www.gov.uk/bank-holidays), which people recognise, for the
# `holidays` package's own; a moved day is GOV.UK's "substitute day", not "observed".
_GOV_UK_NAMES = {
    "New Year's Day": "New Year\u2019s Day",
    "New Year Holiday": "2nd January",
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
    "Summer Bank Holiday": "Summer bank holiday",
    "Saint Andrew's Day": "St Andrew\u2019s Day",
    "Saint Patrick's Day": "St Patrick\u2019s Day",
    "Battle of the Boyne": "Battle of the Boyne (Orangemen\u2019s Day)",
    "Platinum Jubilee of Elizabeth II": "Platinum Jubilee bank holiday",
    "State Funeral of Queen Elizabeth II": "Bank Holiday for the State Funeral of Queen "
    "Elizabeth II",
    "Coronation of Charles III": "Bank holiday for the coronation of King Charles III",
}
# Days GOV.UK names for their occasion.
_GOV_UK_DAYS = {dt.date(2020, 5, 8): "Early May bank holiday (VE day)"}
_OBSERVED = " (observed)"


def gov_uk_name(day: dt.date, listed: str) -> str:
    """Name a bank holiday as GOV.UK does; several on one day are joined with "and"."""
    if day in _GOV_UK_DAYS:
        return _GOV_UK_DAYS[day]
    names = []
    for name in listed.split("; "):
        moved = name.endswith(_OBSERVED)
        plain = name.removesuffix(_OBSERVED)
        words = _GOV_UK_NAMES.get(plain, plain)
        names.append(f"{words} (substitute day)" if moved else words)
    return " and ".join(names)


@lru_cache(maxsize=512)
def bank_holidays(region: Region, year: int) -> tuple[tuple[dt.date, str], ...]:
    """Return the bank holidays of one region and year, named as GOV.UK names them."""
    listed = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[region], years=year)
    return tuple(sorted((day, gov_uk_name(day, name)) for day, name in listed.items()))


def add_months(start: dt.date, months: int) -> dt.date:
    """Add calendar months, clamped to the month's end (31 August + 6 months = 28/29 February)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar_module.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


class _Table:
    """Working days of a span of whole years, for constant-time arithmetic.

    `before[i]` is the number of working days strictly before day `first + i`; `days[k]` is the
    k-th working day of the span. `reasons` maps each named non-working day to its reason.
    """

    __slots__ = ("before", "days", "first", "first_year", "last_year", "reasons")

    def __init__(self, calendar: WorkingCalendar, first_year: int, last_year: int) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.first = dt.date(first_year, 1, 1).toordinal()
        last = dt.date(last_year, 12, 31).toordinal()
        reasons: dict[int, tuple[NonWorkingKind, str]] = {}
        # The least important reason is written first so a more important one replaces it.
        for extra in sorted(
            calendar.extra_days, key=lambda day: day.kind is not NonWorkingKind.CLOSURE
        ):
            if first_year <= extra.date.year <= last_year:
                reasons[extra.date.toordinal()] = (extra.kind, extra.name)
        for year in range(first_year, last_year + 1):
            for day, name in bank_holidays(calendar.region, year):
                reasons[day.toordinal()] = (NonWorkingKind.BANK_HOLIDAY, name)
        self.reasons = reasons
        before = [0]
        ordinals: list[int] = []
        for ordinal in range(self.first, last + 1):
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is Python's weekday().
            if (ordinal - 1) % 7 < 5 and ordinal not in reasons:  # noqa: PLR2004  Mon-Fri
                ordinals.append(ordinal)
            before.append(len(ordinals))
        self.before = before
        self.days = [dt.date.fromordinal(ordinal) for ordinal in ordinals]

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year


# How many years either side of a requested date a table is built for at a time.
_MARGIN_YEARS = 2


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days of a partnership: Monday to Friday, less bank holidays and extra days off.

    Frozen and hashable, so equal calendars share one lookup table.
    """

    region: Region = Region.ENGLAND_AND_WALES
    extra_days: frozenset[NonWorkingDay] = frozenset()
    _box: list[_Table] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_box", _shared_box(self.region, self.extra_days))

    @classmethod
    def build(
        cls, region: Region = Region.ENGLAND_AND_WALES, extra_days: Iterable[NonWorkingDay] = ()
    ) -> WorkingCalendar:
        """Build a calendar from any iterable of extra days (a list from the database, say)."""
        return cls(region=region, extra_days=frozenset(extra_days))

    def _table(self, *days: dt.date) -> _Table:
        box = self._box
        if box and all(box[0].covers(day) for day in days):
            return box[0]
        years = [day.year for day in days]
        first, last = min(years) - _MARGIN_YEARS, max(years) + _MARGIN_YEARS
        if box:
            first, last = min(first, box[0].first_year), max(last, box[0].last_year)
        table = _Table(self, max(first, dt.MINYEAR), min(last, dt.MAXYEAR - 1))
        box[:] = [table]
        return table

    def is_working_day(self, day: dt.date) -> bool:
        """Say whether a day is a working day."""
        table = self._table(day)
        index = day.toordinal() - table.first
        return table.before[index + 1] != table.before[index]

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """Return working day `count` from `start` (working day 0); count back if negative."""
        if count <= 0:
            return start if count == 0 else self.subtract_working_days(start, -count)
        span = count * 2 + 366
        while True:
            table = self._box[0] if self._box else self._table(start)
            index = start.toordinal() - table.first
            if 0 <= index < len(table.before) - 1:
                position = table.before[index + 1] + count - 1
                if position < len(table.days):
                    return table.days[position]
            # Rare: the answer lies beyond the table, so widen it and ask again.
            self._table(start, start + dt.timedelta(days=span))
            span *= 2

    def working_days_after(self, start: dt.date) -> tuple[Sequence[dt.date], int]:
        """Return working days in order and the index of the first one after `start`.

        Working day N counted from `start` is `days[index + N - 1]` while that index is within
        `days`; past the end, `add_working_days` widens the table. A schedule asks for a dozen
        due dates from one origin, and this serves them all from one lookup.
        """
        table = self._box[0] if self._box else self._table(start)
        index = start.toordinal() - table.first
        if not 0 <= index < len(table.before) - 1:
            table = self._table(start)
            index = start.toordinal() - table.first
        return table.days, table.before[index + 1]

    def subtract_working_days(self, end: dt.date, count: int) -> dt.date:
        """Return the working day that lies `count` working days before `end`."""
        if count <= 0:
            return end if count == 0 else self.add_working_days(end, -count)
        span = count * 2 + 366
        while True:
            table = self._table(end)
            position = table.before[end.toordinal() - table.first] - count
            if position >= 0:
                return table.days[position]
            self._table(end, end - dt.timedelta(days=span))
            span *= 2

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Count working days after `start` up to and including `end` (negative if reversed)."""
        table = self._table(start, end)
        return (
            table.before[end.toordinal() - table.first + 1]
            - table.before[start.toordinal() - table.first + 1]
        )

    def non_working_reason(self, day: dt.date) -> SkippedDay | None:
        """Say why a day is not a working day, or return None for a working day."""
        table = self._table(day)
        reason = table.reasons.get(day.toordinal())
        if reason is not None:
            return SkippedDay(day, *reason)
        if day.weekday() >= 5:  # noqa: PLR2004  Saturday and Sunday
            return SkippedDay(day, NonWorkingKind.WEEKEND, f"{day:%A}")
        return None

    def skipped_between(self, start: dt.date, end: dt.date) -> tuple[SkippedDay, ...]:
        """List the non-working days after `start` up to and including `end`, in date order.

        With `end` before `start` the span runs the other way: after `end`, up to `start`.
        """
        low, high = sorted((start, end))
        table = self._table(low, high)
        before = table.before
        skipped = []
        for ordinal in range(low.toordinal() + 1, high.toordinal() + 1):
            index = ordinal - table.first
            if before[index + 1] == before[index]:
                reason = self.non_working_reason(dt.date.fromordinal(ordinal))
                if reason is not None:
                    skipped.append(reason)
        return tuple(skipped)

    def working_days_in(self, first: dt.date, last: dt.date) -> int:
        """Count the working days from `first` to `last`, both included."""
        return self.working_days_between(first - dt.timedelta(days=1), last)


@lru_cache(maxsize=64)
def _shared_box(region: Region, extra_days: frozenset[NonWorkingDay]) -> list[_Table]:
    """Return the one mutable table holder shared by every equal calendar."""
    return []


ENGLAND_AND_WALES = WorkingCalendar()


def add_working_days(
    start: dt.date, count: int, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> dt.date:
    """Return working day `count` counted from `start`, working day 0."""
    return calendar.add_working_days(start, count)


def subtract_working_days(
    end: dt.date, count: int, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> dt.date:
    """Return the working day `count` working days before `end`."""
    return calendar.subtract_working_days(end, count)


def working_days_between(
    start: dt.date, end: dt.date, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> int:
    """Count the working days after `start` up to and including `end`."""
    return calendar.working_days_between(start, end)


def skipped_between(
    start: dt.date, end: dt.date, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> tuple[SkippedDay, ...]:
    """List the non-working days after `start` up to and including `end`."""
    return calendar.skipped_between(start, end)
