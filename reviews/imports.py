"""Read an agency's chronology from a spreadsheet: CSV or Excel (.xlsx), as bytes.

Pure functions, no ORM: ``read_chronology`` returns the rows it could read and, for each row it
could not, the row number and the problem in words for the person who made the sheet. A file it
cannot read at all (not CSV or .xlsx, a corrupt workbook, no recognisable header row, too big)
raises ``UnreadableFile`` and nothing of it is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import openpyxl

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# Blank rows are skipped, but a sheet of a million empty rows still costs time to walk.
MAX_SCANNED_ROWS = 20_000
MAX_COLUMNS = 50
MAX_WHAT_HAPPENED = 5000  # ChronologyEntry.what_happened
MAX_SOURCE = 300  # ChronologyEntry.source
# A workbook is a zip: refuse one that would unpack to far more than any chronology needs.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
EARLIEST_YEAR = 1900

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
EXAMPLE_DATE = "27/03/2026"

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

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}){_TIME}$")
_SHORT_YEAR = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
_IN_WORDS = re.compile(
    r"^(?:[a-z]+day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE
)


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


def read_chronology(content: bytes, filename: str, *, today: dt.date | None = None) -> ImportResult:
    """Read a chronology from a CSV or .xlsx file's bytes; ``today`` refuses later dates."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile("The selected file must be smaller than 2 MB")
    if not content.strip():
        raise UnreadableFile("The selected file is empty")
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".xlsx":
        if not content.startswith(_ZIP_MAGIC):
            raise UnreadableFile("The selected file is not a readable Excel workbook (.xlsx)")
        table = _xlsx_table(content)
    elif suffix == ".csv":
        if content.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            raise UnreadableFile(
                "The selected file is not a CSV file. Save the sheet as CSV or as .xlsx"
            )
        table = _csv_table(content)
    else:
        raise UnreadableFile("The selected file must be a CSV file or an Excel workbook (.xlsx)")
    return _read_table(table, today=today)


def parse_date(value: Any, *, today: dt.date | None = None) -> dt.date:
    """Read one date cell; a ValueError's message says what is wrong with it."""
    if isinstance(value, dt.datetime):
        day = value.date()
        shown = f"{day:%d/%m/%Y}"
    elif isinstance(value, dt.date):
        day, shown = value, f"{value:%d/%m/%Y}"
    elif value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("the date is empty")
    elif isinstance(value, str):
        shown = " ".join(value.split())[:40]
        day = _date_from_text(shown)
    else:
        shown = str(value)[:40]
        raise ValueError(
            f"the date {shown} is not a date this service can read: write it like {EXAMPLE_DATE}"
        )
    if day.year < EARLIEST_YEAR:
        raise ValueError(f"the date {shown} is not a real date")
    if today is not None and day > today:
        raise ValueError(f"the date {shown} is in the future")
    return day


def _date_from_text(text: str) -> dt.date:
    parts: tuple[int, int, int] | None = None
    if match := _DAY_MONTH_YEAR.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _ISO.match(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif (match := _IN_WORDS.match(text)) and match[2].lower() in _MONTHS:
        parts = (int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    elif _SHORT_YEAR.match(text):
        raise ValueError(f"the date {text} needs a 4-digit year, like {EXAMPLE_DATE}")
    if parts is None:
        raise ValueError(
            f"the date “{text}” is not in a form this service can read: "
            f"write it like {EXAMPLE_DATE}"
        )
    try:
        return dt.date(*parts)
    except ValueError:
        raise ValueError(f"the date {text} is not a real date") from None


def clean_text(value: Any) -> str:
    """Turn a cell into text: no control characters but line breaks and tabs, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"})
    return "".join(kept).strip()


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


def _read_table(
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


def _csv_table(content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        # Each record is one spreadsheet row, even when a quoted cell spans several lines.
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as problem:
        raise UnreadableFile(
            f"The file could not be read as CSV after row {number}: {problem}"
        ) from None


def _decode(content: bytes) -> str:
    """Excel saves CSV as UTF-8 with a byte order mark, or in Windows-1252 ("CSV (Comma
    delimited)"); either is accepted. Anything binary is not a CSV file."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
        break
    raise UnreadableFile("The selected file is not a CSV file. Save the sheet as CSV or as .xlsx")


def _xlsx_table(content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile("The selected file is not a readable Excel workbook (.xlsx)") from None
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("The selected file is not a readable Excel workbook (.xlsx)")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UnreadableFile("The workbook is too large to read. Save the chronology as CSV")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a malformed file
        raise UnreadableFile("The selected file is not a readable Excel workbook (.xlsx)") from None
    return _sheet_rows(workbook)


def _sheet_rows(workbook: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        if not workbook.worksheets:
            raise UnreadableFile("The workbook has no sheets")
        sheet = workbook.worksheets[0]
        # Some programs write a wrong size into the file: read the rows that are really there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        for number, cells in enumerate(rows, start=1):
            if number > MAX_SCANNED_ROWS:
                raise UnreadableFile(
                    f"The sheet has more than {MAX_SCANNED_ROWS:,} rows, counting blank ones. "
                    "Delete the empty rows, or save the chronology as CSV"
                )
            yield number, cells
    except UnreadableFile:
        raise
    except Exception:  # a sheet can be malformed anywhere, not only at its start
        raise UnreadableFile("The selected file is not a readable Excel workbook (.xlsx)") from None
    finally:
        workbook.close()
