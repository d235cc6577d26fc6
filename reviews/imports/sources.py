"""Where a chronology's table comes from: a CSV file or an Excel workbook, read within limits.

Either is read as a stream of (row number, cells), and ``bounded`` stops the stream at the
first limit passed, before the rest of the file is read: too many rows, or a cell longer than
any entry. A CSV line is measured before the csv module parses it. A workbook is a zip, so its
parts are measured (``reviews.uploads.check_zip``: the table of contents, then every part
unpacked through a counter) before openpyxl opens it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import openpyxl

from reviews.imports.rows import MAX_WHAT_HAPPENED, UnreadableFile
from reviews.uploads import MB, ZIP_ERRORS, RefusedFile, ZipLimits, check_zip

MAX_BYTES = 2 * MB
# Blank rows are skipped, but a sheet of a million empty rows still costs time to walk; a
# chronology (at most 2,000 entries) is never this long, even with blank rows between.
MAX_SCANNED_ROWS = 20_000
MAX_COLUMNS = 50
# An entry may be up to 5,000 characters (a longer one is reported on its row); a cell of
# twice that is no chronology entry, and the file is refused at once.
MAX_CELL_CHARACTERS = 10_000
# A row holds a date, an entry and a source, and perhaps a few columns this service ignores.
MAX_LINE_CHARACTERS = 50_000

NOT_A_WORKBOOK = "The selected file is not a readable Excel workbook (.xlsx)"
NOT_CSV = "The selected file is not a CSV file. Save the sheet as CSV or as .xlsx"
# A chronology of 2,000 entries of up to 5,000 characters is 10 million characters: under
# 20 MB of shared strings even with accented letters. A sheet's XML costs about 40 bytes a
# cell, so 20,000 rows of 50 cells fit in 40 MB. Real ones, under the 2 MB upload limit,
# unpack to a few MB; any other part (styles, a logo) is small.
WORKBOOK_LIMITS = ZipLimits(
    label="a chronology workbook",
    damaged=NOT_A_WORKBOOK,
    total=50 * MB,
    part=4 * MB,
    parts=(
        ("xl/sharedStrings.xml", 20 * MB, "the text of a chronology workbook"),
        ("xl/worksheets/", 40 * MB, "a sheet of a chronology workbook"),
    ),
)

# openpyxl reads a whole sheet as it opens the workbook when the sheet does not state its size
# (the <dimension> element Excel, LibreOffice and Google Sheets write before the rows), so the
# row limit cannot stop it early. Such a sheet is held to this size: read in under a second.
MAX_SHEET_WITHOUT_SIZE = 4 * MB
_SIZE_OR_ROWS = re.compile(rb"<(?:\w+:)?(dimension|sheetData)\b")


def bounded(table: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Sequence[Any]]]:
    """Pass the rows on, stopping at the first one past the row limit or with too long a cell."""
    for number, cells in table:
        if number > MAX_SCANNED_ROWS:
            raise UnreadableFile(
                f"The selected file has more than {MAX_SCANNED_ROWS:,} rows, counting blank "
                "ones. A chronology is never that long: delete the empty rows and try again"
            )
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARACTERS for cell in cells):
            raise _cell_too_long(number)
        yield number, cells


def _cell_too_long(number: int) -> UnreadableFile:
    return UnreadableFile(
        f"The selected file has a cell longer than {MAX_CELL_CHARACTERS:,} characters, in row "
        f"{number:,}. An entry can be up to {MAX_WHAT_HAPPENED:,} characters: shorten it and "
        "try again"
    )


def csv_table(content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    text = _decode(content)
    first_line = text[: MAX_LINE_CHARACTERS + 1].split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    number = 0
    try:
        # Each record is one spreadsheet row, even when a quoted cell spans several lines.
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as problem:
        if "field larger than field limit" in str(problem):
            raise _cell_too_long(number + 1) from None
        raise UnreadableFile(
            f"The file could not be read as CSV after row {number}: {problem}"
        ) from None


def _lines(text: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            raise UnreadableFile(
                f"The selected file has a line longer than {MAX_LINE_CHARACTERS:,} characters, "
                f"line {number:,}. A chronology row is never that long: check the file is the "
                "chronology, saved as CSV"
            )
        yield line


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
    raise UnreadableFile(NOT_CSV)


def xlsx_table(content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        members = check_zip(content, WORKBOOK_LIMITS)
    except RefusedFile as refusal:
        raise UnreadableFile(refusal.message) from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise UnreadableFile(NOT_A_WORKBOOK)
    _check_sheets_state_their_size(content, members)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a malformed file
        raise UnreadableFile(NOT_A_WORKBOOK) from None
    return _sheet_rows(workbook)


def _check_sheets_state_their_size(content: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a large sheet that does not say its size before its rows (openpyxl would read
    it whole on opening); only the start of each large sheet is unpacked."""
    large = [
        member
        for member in members
        if member.filename.startswith("xl/worksheets/")
        and member.file_size > MAX_SHEET_WITHOUT_SIZE
    ]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in large:
                with archive.open(member) as part:
                    found = _SIZE_OR_ROWS.search(part.read(64 * 1024))
                if found is None or found[1] != b"dimension":
                    raise UnreadableFile(
                        "The selected file's sheet does not say how big it is, and is too large "
                        "to read without that. Open it in Excel, save it and try again"
                    )
    except ZIP_ERRORS:
        raise UnreadableFile(NOT_A_WORKBOOK) from None


def _sheet_rows(workbook: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        if not workbook.worksheets:
            raise UnreadableFile("The workbook has no sheets")
        sheet = workbook.worksheets[0]
        # Some programs write a wrong size into the file: read the rows that are really there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        yield from enumerate(rows, start=1)
    except UnreadableFile:
        raise
    except Exception:  # a sheet can be malformed anywhere, not only at its start
        raise UnreadableFile(NOT_A_WORKBOOK) from None
    finally:
        workbook.close()
