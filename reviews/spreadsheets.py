"""Spreadsheets the service exports (CSV and Excel): the one place a cell's text is made safe.

Every cell is text as people typed it, never a formula: spreadsheet programs run a cell that
starts with "=", "+", "-", "@", a tab or a carriage return (CSV injection). An Excel file also
cannot hold most control characters (openpyxl refuses them, which would fail the whole export),
so they are replaced with U+FFFD. Every export writes its file through ``csv_bytes``,
``xlsx_bytes`` or ``xlsx_workbook_bytes`` (several sheets).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from io import BytesIO, StringIO
from typing import Any, Final, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT: Final = "\N{REPLACEMENT CHARACTER}"
# The control characters an Excel file cannot hold (openpyxl's own pattern).
EXCEL_ILLEGAL: Final[re.Pattern[str]] = ILLEGAL_CHARACTERS_RE

# Text openpyxl would not store as text: a formula ("=...") or an error value ("#N/A").
OPENPYXL_GUESSES: Final = ("=", "#")

Cell = str | int | float | None
# A workbook's cells may also be dates (Excel shows them as dates; never text to neutralise).
SheetCell = Cell | dt.date


def neutralise(value: object) -> str:
    """Stop a spreadsheet reading a cell as a formula: prefix an apostrophe to text that
    starts with one of the characters that begin a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def excel_text(value: str) -> str:
    """Text an Excel file can hold: each control character openpyxl refuses becomes U+FFFD."""
    return EXCEL_ILLEGAL.sub(REPLACEMENT, value)


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A CSV file, every cell neutralised, with a byte order mark so Excel reads it as UTF-8."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """An Excel workbook of one sheet: text cells stored as text (never formulas), cleaned of
    the control characters Excel cannot hold; numbers stay numbers."""
    return xlsx_workbook_bytes([Sheet(title, headers, rows)])


class Sheet(NamedTuple):
    """One sheet of a workbook: its title, its headings and its rows (any iterable: a
    generator is written row by row, never held whole)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[SheetCell]]


def xlsx_workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """An Excel workbook of several sheets, in order, each cell as safe as in ``xlsx_bytes``:
    text stored as text (never a formula), cleaned of the control characters Excel cannot
    hold; numbers stay numbers and dates stay dates. Written in openpyxl's write-only mode,
    so rows stream to the file and are not kept in memory."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(excel_text(title))
        sheet.append([_cell(sheet, header) for header in headers])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: SheetCell) -> Any:
    """A cell of a write-only sheet: text as text that cannot be a formula, anything else
    (numbers, dates, nothing) as it is."""
    if not isinstance(value, str):
        return value
    text = excel_text(value)
    if not text.startswith(OPENPYXL_GUESSES):
        return text  # openpyxl stores any other text as text; a plain value is written faster
    written: Any = WriteOnlyCell(sheet, value=text)
    # openpyxl stores text starting with "=" as a formula (and "#N/A" as an error); a cell
    # here is only text.
    written.data_type = "s"
    return written
