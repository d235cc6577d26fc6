"""Reading a chronology from CSV and Excel bytes: what is read, and what each bad row is told."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from reviews.imports import (
    MAX_ROWS,
    ChronologyRow,
    UnreadableFile,
    parse_date,
    read_chronology,
)

TODAY = dt.date(2026, 3, 27)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27/03/2026", dt.date(2026, 3, 27)),
        ("7/3/2026", dt.date(2026, 3, 7)),
        ("07-03-2026", dt.date(2026, 3, 7)),
        ("2026-03-27", dt.date(2026, 3, 27)),
        ("2026-03-27 00:00:00", dt.date(2026, 3, 27)),
        ("27 March 2026", dt.date(2026, 3, 27)),
        ("27 Mar 2026", dt.date(2026, 3, 27)),
        ("1st September 2025", dt.date(2025, 9, 1)),
        ("Friday 27 March 2026", dt.date(2026, 3, 27)),
        ("  27/03/2026  ", dt.date(2026, 3, 27)),
    ],
)
def test_it_reads_the_date_forms_people_write(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("31/02/2026", "the date 31/02/2026 is not a real date"),
        ("2026-13-01", "the date 2026-13-01 is not a real date"),
        ("27/03/26", "the date 27/03/26 needs a 4-digit year, like 27/03/2026"),
        (
            "next Tuesday",
            "the date “next Tuesday” is not in a form this service can read: "
            "write it like 27/03/2026",
        ),
        (
            "31 Smarch 2026",
            "the date “31 Smarch 2026” is not in a form this service can read: "
            "write it like 27/03/2026",
        ),
        ("", "the date is empty"),
        (None, "the date is empty"),
        (46108, "the date 46108 is not a date this service can read: write it like 27/03/2026"),
        ("28/03/2026", "the date 28/03/2026 is in the future"),
        ("01/01/1066", "the date 01/01/1066 is not a real date"),
    ],
)
def test_it_says_what_is_wrong_with_a_date(value: object, problem: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(problem)}$"):
        parse_date(value, today=TODAY)


def test_it_reads_a_csv_and_reports_each_bad_row_with_its_number() -> None:
    long_text = "x" * 5001
    content = (
        "Date,What happened,Source\n"
        "27/03/2026,Seen at school,Register\n"
        "\n"
        "31/02/2026,Home visit,Case notes\n"
        "26/03/2026,,Case notes\n"
        f"25/03/2026,{long_text},Case notes\n"
        '24/03/2026,"Call from the GP,\nabout bruising",Phone log\n'
        "banana,,\n"
    ).encode()

    result = read_chronology(content, "chronology.csv", today=TODAY)

    assert result.rows == [
        ChronologyRow(2, dt.date(2026, 3, 27), "Seen at school", "Register"),
        ChronologyRow(7, dt.date(2026, 3, 24), "Call from the GP,\nabout bruising", "Phone log"),
    ]
    assert [str(error) for error in result.errors] == [
        "Row 4: the date 31/02/2026 is not a real date",
        "Row 5: what happened is empty",
        "Row 6: what happened is longer than 5,000 characters",
        "Row 8: the date “banana” is not in a form this service can read: "
        "write it like 27/03/2026; what happened is empty",
    ]


def test_it_accepts_a_byte_order_mark_semicolons_and_other_column_names() -> None:
    content = "\ufeffEvent date;Description;Recorded by\n27/03/2026;Seen;Nurse\n".encode()

    result = read_chronology(content, "export.CSV", today=TODAY)

    assert result.rows == [ChronologyRow(2, dt.date(2026, 3, 27), "Seen", "Nurse")]


def test_it_reads_windows_1252_as_excel_saves_it() -> None:
    # Curly apostrophe, e acute and en dash: bytes 0x92, 0xE9 and 0x96 in Windows-1252.
    text = "Mum\u2019s caf\u00e9 visit \u2013 2nd"
    content = f"date,details,source\n27/03/2026,{text},Notes\n".encode("cp1252")

    result = read_chronology(content, "chronology.csv", today=TODAY)

    assert result.rows[0].what_happened == text


def test_the_source_column_may_be_left_out() -> None:
    result = read_chronology(b"Date,Details\n27/03/2026,Seen\n", "c.csv", today=TODAY)

    assert result.rows == [ChronologyRow(2, dt.date(2026, 3, 27), "Seen", "")]


def test_a_wrong_header_is_refused_naming_what_it_found() -> None:
    with pytest.raises(UnreadableFile) as raised:
        read_chronology(b"Name,Address\nAnn,1 High St\n", "c.csv", today=TODAY)

    assert raised.value.message == (
        "The first row must name the columns “date”, “what happened” and “source”. "
        "No column is named “date”; the first row has “Name”, “Address”"
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00",
            "c.csv",
            "The selected file is not a CSV file. Save the sheet as CSV or as .xlsx",
        ),
        (b"date,what happened\n", "c.csv", "The selected file has no rows below its header row"),
        (b"   \n\n", "c.csv", "The selected file is empty"),
        (
            b"date,what happened\n1/1/2026,x\n",
            "c.txt",
            "The selected file must be a CSV file or an Excel workbook (.xlsx)",
        ),
        (
            b"date,what happened\n1/1/2026,x\n",
            "c.xlsx",
            "The selected file is not a readable Excel workbook (.xlsx)",
        ),
        (
            b"PK\x03\x04 this is not really a zip",
            "c.xlsx",
            "The selected file is not a readable Excel workbook (.xlsx)",
        ),
        (
            b"\x81\x8d\x8f\x90\x9d",
            "c.csv",
            "The selected file is not a CSV file. Save the sheet as CSV or as .xlsx",
        ),
    ],
)
def test_a_file_it_cannot_read_is_refused_whole(content: bytes, name: str, message: str) -> None:
    with pytest.raises(UnreadableFile) as raised:
        read_chronology(content, name, today=TODAY)

    assert raised.value.message == message


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(UnreadableFile, match="not a readable Excel workbook"):
        read_chronology(buffer.getvalue(), "c.xlsx", today=TODAY)


def test_more_than_the_row_limit_is_refused_whole() -> None:
    rows = "".join(f"01/03/2026,Entry {n},\n" for n in range(MAX_ROWS + 1))

    with pytest.raises(UnreadableFile) as raised:
        read_chronology(f"date,what happened,source\n{rows}".encode(), "c.csv", today=TODAY)

    assert raised.value.message == (
        "The file has more than 2,000 rows. Split it into files of 2,000 rows or fewer"
    )


def test_exactly_the_row_limit_is_read() -> None:
    rows = "".join(f"01/03/2026,Entry {n},\n" for n in range(MAX_ROWS))

    result = read_chronology(f"date,what happened\n{rows}".encode(), "c.csv", today=TODAY)

    assert len(result.rows) == MAX_ROWS


def test_a_file_over_2_mb_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="smaller than 2 MB"):
        read_chronology(b"x" * (2 * 1024 * 1024 + 1), "c.csv", today=TODAY)


def test_it_reads_excel_date_cells_and_text_dates_and_numbers_as_text() -> None:
    content = xlsx(
        [
            ["Date", "What happened", "Source"],
            [dt.date(2026, 3, 27), "Seen at school", "Register"],
            [],
            ["26/03/2026", 42, None],
            [46108, "A serial number is not a date", None],
            [dt.date(2026, 3, 30), "After today", None],
        ]
    )

    result = read_chronology(content, "chronology.xlsx", today=TODAY)

    assert result.rows == [
        ChronologyRow(2, dt.date(2026, 3, 27), "Seen at school", "Register"),
        ChronologyRow(4, dt.date(2026, 3, 26), "42", ""),
    ]
    assert [str(error) for error in result.errors] == [
        "Row 5: the date 46108 is not a date this service can read: write it like 27/03/2026",
        "Row 6: the date 30/03/2026 is in the future",
    ]


def test_a_workbook_whose_header_starts_lower_down_is_read_with_the_sheets_row_numbers() -> None:
    content = xlsx([[], [], ["date", "what happened"], ["27/03/2026", "Seen"]])

    result = read_chronology(content, "c.xlsx", today=TODAY)

    assert result.rows == [ChronologyRow(4, dt.date(2026, 3, 27), "Seen", "")]


def test_control_characters_are_dropped_but_line_breaks_kept() -> None:
    content = b'date,what happened\n27/03/2026,"Seen\x1b at\x07 school\r\nby nurse"\n'

    result = read_chronology(content, "c.csv", today=TODAY)

    assert result.rows[0].what_happened == "Seen at school\nby nurse"


def test_a_row_split_by_an_unquoted_comma_is_reported_not_cut_short() -> None:
    content = (
        b"Date,What happened,Source\n"
        b"01/03/2026,Emergency department attendance, minor injury,Hospital record\n"
        b'02/03/2026,"Follow-up call, no answer",Health visitor\n'
    )

    result = read_chronology(content, "chronology.csv")

    assert [row.what_happened for row in result.rows] == ["Follow-up call, no answer"]
    assert [(error.row, error.problems) for error in result.errors] == [
        (2, ("the row has more cells than the first row; put text that contains commas in quotes",))
    ]
