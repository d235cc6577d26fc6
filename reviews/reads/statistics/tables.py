"""The shape every statistic takes: a period, and tables of figures that know the reviews behind
them. The page, its charts, the CSV and Excel files and the yearly report's Word and PDF all
render these same objects, so a figure can never read differently in two places.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reviews.dates_in_words import long_date

APRIL = 4  # the financial year starts on 1 April
# The bounds of a period anyone may ask for, in a link or the page's form.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
LONGEST = dt.timedelta(days=366 * 10)


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included. The default is the financial year (1 April to
    31 March) in which a given day falls."""

    start: dt.date
    end: dt.date

    @classmethod
    def financial_year(cls, starting: int) -> Period:
        return cls(dt.date(starting, APRIL, 1), dt.date(starting + 1, 3, 31))

    @classmethod
    def financial_year_of(cls, day: dt.date) -> Period:
        return cls.financial_year(day.year if day.month >= APRIL else day.year - 1)

    @property
    def is_financial_year(self) -> bool:
        return self == Period.financial_year(self.start.year)

    @property
    def label(self) -> str:
        if self.is_financial_year:
            return f"April {self.start.year} to March {self.end.year}"
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


class ChartKind(StrEnum):
    BAR = "bar"  # one bar per row (grouped when several series)
    LINE = "line"  # one line per series, rows along the horizontal axis


@dataclass(frozen=True)
class Figure:
    """One cell: its value (a number, or None where there is nothing to count), the words the
    cell shows, and the ids of the reviews behind it (every figure links to them)."""

    value: int | float | None
    text: str
    reviews: frozenset[int] = frozenset()

    @classmethod
    def count(cls, review_ids: frozenset[int] | set[int]) -> Figure:
        """How many reviews: the figure is the number of reviews behind it."""
        ids = frozenset(review_ids)
        return cls(len(ids), str(len(ids)), ids)

    @classmethod
    def label(cls, text: str) -> Figure:
        """A row's label (its first cell): words, no value, no reviews."""
        return cls(None, text)


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: which columns are the series (by index into the headings, never
    0, the row labels), against the rows, with a unit for the axis."""

    kind: ChartKind
    series: tuple[int, ...]
    unit: str  # for example "reviews" or "working days"


@dataclass(frozen=True)
class Table:
    """A table of figures. ``key`` is stable (URLs, file names, tests); the first cell of each
    row is its label; ``summary`` says in a sentence or two what the table shows."""

    key: str
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Figure, ...], ...]
    summary: str
    chart: Chart | None = None

    def cell(self, row: int, column: int) -> Figure:
        return self.rows[row][column]

    def values(self) -> list[list[str | int | float | None]]:
        """The table as plain cells, for CSV, Excel and Word: labels as text, figures as
        numbers where they have one, otherwise as their words."""
        return [
            [cell.text if cell.value is None else cell.value for cell in row] for row in self.rows
        ]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = field(default=())  # how the section counts, in words


@dataclass(frozen=True)
class Statistics:
    partnership_id: int
    period: Period
    sections: tuple[Section, ...]

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    def table(self, key: str) -> Table:
        for table in self.tables():
            if table.key == key:
                return table
        raise KeyError(key)
