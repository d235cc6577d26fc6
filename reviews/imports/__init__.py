"""Read an agency's chronology from a spreadsheet: CSV or Excel (.xlsx), as bytes.

Pure functions, no ORM: ``read_chronology`` returns the rows it could read and, for each row it
could not, the row number and the problem in words for the person who made the sheet. A file it
cannot read at all (not CSV or .xlsx, a corrupt workbook, no recognisable header row, too big,
or past a limit while it is read, or too costly to read: ``reviews.bounded``) raises
``UnreadableFile`` and nothing of it is used.

``sources`` reads the file within limits, ``rows`` turns its table into entries, ``cells``
reads one cell's date or text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from reviews.bounded import ParseLimitExceeded, run_bounded
from reviews.imports.cells import clean_text, parse_date
from reviews.imports.rows import (
    MAX_ROWS,
    ChronologyRow,
    ImportResult,
    RowError,
    UnreadableFile,
    read_table,
)
from reviews.imports.sources import (
    MAX_BYTES,
    NOT_A_WORKBOOK,
    NOT_CSV,
    bounded,
    csv_table,
    xlsx_table,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "ChronologyRow",
    "ImportResult",
    "RowError",
    "UnreadableFile",
    "clean_text",
    "parse_date",
    "read_chronology",
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def read_chronology(content: bytes, filename: str, *, today: dt.date | None = None) -> ImportResult:
    """Read a chronology from a CSV or .xlsx file's bytes; ``today`` refuses later dates."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile("The selected file must be smaller than 2 MB")
    if not content.strip():
        raise UnreadableFile("The selected file is empty")
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".xlsx":
        if not content.startswith(_ZIP_MAGIC):
            raise UnreadableFile(NOT_A_WORKBOOK)
    elif suffix == ".csv":
        if content.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            raise UnreadableFile(NOT_CSV)
    else:
        raise UnreadableFile("The selected file must be a CSV file or an Excel workbook (.xlsx)")
    try:
        # In a child process held to a memory, CPU and time limit (reviews.bounded).
        return run_bounded(_read, content, suffix, today)
    except ParseLimitExceeded as problem:
        raise UnreadableFile(problem.message) from None


def _read(content: bytes, suffix: str, today: dt.date | None) -> ImportResult:
    table = xlsx_table(content) if suffix == ".xlsx" else csv_table(content)
    return read_table(bounded(table), today=today)
