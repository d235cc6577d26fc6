"""From a table of cells to chronology rows: find the columns, read each row, report the bad.

Pure functions, no ORM. A problem with one row is reported as a ``RowError`` and the row left
out; a problem with the whole file raises ``UnreadableFile``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reviews.imports.cells import clean_text, parse_date

MAX_ROWS = 2000
MAX_WHAT_HAPPENED = 5000  # ChronologyEntry.what_happened
MAX_SOURCE = 300  # ChronologyEntry.source

# Header names people use, after lower-casing and tidying. The first matching column wins.
COLUMN_NAMES: dict[str, frozenset[str]] = {
    "date": frozenset(
        {"date", "when", "event date", "date of event", "date of contact", "date/time"}
    ),
    "what_happened": frozenset(
        {
            "what happened",
            "event",
            "events",
            "description",
            "details",
            "detail",
            "event details",
            "summary",
            "entry",
            "narrative",
        }
    ),
    "source": frozenset(
        {"source", "sources", "source of information", "recorded by", "reference", "record"}
    ),
}
COLUMN_LABELS = {"date": "date", "what_happened": "what happened", "source": "source"}


class UnreadableFile(Exception):  # noqa: N818  a result people read, not a programming error
    """The file as a whole cannot be read; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ChronologyRow:
    row: int  # as the spreadsheet numbers it: the header is usually row 1
    happened_on: dt.date
    what_happened: str
    source: str


@dataclass(frozen=True)
class RowError:
    row: int
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"Row {self.row}: {'; '.join(self.problems)}"


@dataclass(frozen=True)
class ImportResult:
    rows: list[ChronologyRow]
    errors: list[RowError]


def _blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _header_name(cell: Any) -> str:
    text = clean_text(cell).lower().replace("_", " ").replace("-", " ")
    return " ".join(re.sub(r"[^\w/ ]", "", text).split())


# An unquoted comma in a CSV cell splits it in two: say so rather than drop the rest.
TOO_MANY_CELLS = (
    "the row has more cells than the first row; put text that contains commas in quotes"
)


def _width(cells: Sequence[Any]) -> int:
    """Count the cells up to the last one that holds something."""
    filled = [index for index, cell in enumerate(cells) if clean_text(cell)]
    return filled[-1] + 1 if filled else 0


def _columns(header: Sequence[Any]) -> dict[str, int]:
    names = [_header_name(cell) for cell in header]
    found: dict[str, int] = {}
    for key, accepted in COLUMN_NAMES.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[key] = index
                break
    missing = [COLUMN_LABELS[key] for key in ("date", "what_happened") if key not in found]
    if missing:
        shown = ", ".join(f"“{clean_text(cell)[:30]}”" for cell in header if clean_text(cell))
        raise UnreadableFile(
            "The first row must name the columns “date”, “what happened” and “source”. "
            f"No column is named “{missing[0]}”; the first row has {shown or 'nothing'}"
        )
    return found


def read_table(
    table: Iterable[tuple[int, Sequence[Any]]], *, today: dt.date | None
) -> ImportResult:
    lines = iter(table)
    for _number, cells in lines:
        if not _blank(cells):
            columns = _columns(cells)
            width = _width(cells)
            break
    else:
        raise UnreadableFile("The selected file is empty")
    rows: list[ChronologyRow] = []
    errors: list[RowError] = []
    for number, cells in lines:
        if _blank(cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            raise UnreadableFile(
                f"The file has more than {MAX_ROWS:,} rows. "
                f"Split it into files of {MAX_ROWS:,} rows or fewer"
            )
        parsed = (
            RowError(row=number, problems=(TOO_MANY_CELLS,))
            if _width(cells) > width
            else _read_row(number, cells, columns, today=today)
        )
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            rows.append(parsed)
    if not rows and not errors:
        raise UnreadableFile("The selected file has no rows below its header row")
    return ImportResult(rows=rows, errors=errors)


def _read_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], *, today: dt.date | None
) -> ChronologyRow | RowError:
    def cell(key: str) -> Any:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    problems: list[str] = []
    happened_on = None
    try:
        happened_on = parse_date(cell("date"), today=today)
    except ValueError as problem:
        problems.append(str(problem))
    what_happened = clean_text(cell("what_happened"))
    source = clean_text(cell("source"))
    if not what_happened:
        problems.append("what happened is empty")
    elif len(what_happened) > MAX_WHAT_HAPPENED:
        problems.append(f"what happened is longer than {MAX_WHAT_HAPPENED:,} characters")
    if len(source) > MAX_SOURCE:
        problems.append(f"source is longer than {MAX_SOURCE:,} characters")
    if problems or happened_on is None:
        return RowError(row=number, problems=tuple(problems))
    return ChronologyRow(
        row=number, happened_on=happened_on, what_happened=what_happened, source=source
    )
