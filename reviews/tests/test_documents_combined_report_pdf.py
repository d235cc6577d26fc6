"""The combined report's files written from content in memory: the PDF keeps its structure
tags (partners read it with screen readers) and the Word chronology, written as XML text in one
go, reads back as it was given. No database: rendering is pure.

The tags are read back with poppler's ``pdfinfo`` (Debian package poppler-utils).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import docx
import pytest

from reviews.documents.combined_report import (
    TITLE,
    AgencyReturn,
    ChronologyLine,
    CombinedReport,
    ReturnState,
)
from reviews.documents.docx import render_combined_report_docx
from reviews.documents.pdf import _cache_page_references, render_combined_report_pdf

# Markup, a newline typed in a browser (carriage return and line feed) and a tab: plain text.
HOSTILE = 'Tom & Jerry <b>"loud"</b>\r\nSecond line\tend'


def _report(rows: int) -> CombinedReport:
    agency = AgencyReturn(
        name="Fernhollow Police",
        state=ReturnState.RETURNED,
        submitted_on=dt.date(2026, 3, 2),
        involvement=("Officers attended twice.",),
        analysis=("Information was held but not shared.",),
        immediate_actions=(),
        learning=(),
    )
    start = dt.date(2025, 1, 6)
    lines = tuple(
        ChronologyLine(
            happened_on=start + dt.timedelta(days=number),
            agency=agency.name,
            what_happened=HOSTILE if number == 0 else f"Entry {number} recorded by the officer.",
            source="Incident log",
        )
        for number in range(rows)
    )
    return CombinedReport(
        title=TITLE,
        case_code="FHW26",
        pseudonym="Child F",
        review_kind="Rapid review",
        period_start=start,
        period_end=dt.date(2026, 2, 6),
        generated_at=dt.datetime(2026, 3, 17, 10, 30, tzinfo=dt.UTC),
        version=1,
        agencies=(agency,),
        chronology=lines,
    )


def _poppler(*arguments: str, data: bytes) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed (apt-get install poppler-utils)")
    done = subprocess.run(  # noqa: S603  fixed arguments, the PDF on standard input
        ["pdfinfo", *arguments, "-"],  # noqa: S607  a fixed tool name
        input=data,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def test_the_pdf_is_tagged_with_headings_and_a_table_whose_header_repeats_on_each_page() -> None:
    data = render_combined_report_pdf(_report(120))

    info = _poppler(data=data)
    structure = _poppler("-struct-text", data=data)

    assert "Tagged:          yes" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages > 3
    assert 'H1 (block)\n    Span (inline)\n      "Combined agency information report"' in structure
    assert 'H2 (block)\n    Span (inline)\n      "Combined chronology"' in structure
    # Each page's part of the chronology is a table with its own header row, and every cell
    # names the header it sits under.
    assert structure.count('"Date"') >= pages - 2
    assert structure.count("/Headers [") >= 4 * 120
    assert '"Entry 119 recorded by the officer."' in structure


def test_reading_the_page_references_again_after_a_page_is_added_includes_it() -> None:
    import pydyf  # type: ignore[import-untyped]  # noqa: PLC0415  WeasyPrint's PDF writer

    _cache_page_references()
    pdf = pydyf.PDF()
    for _ in range(2):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    assert pdf.page_references is pdf.page_references
    assert len(first) == 2
    assert pdf.page_references[:2] == first
    assert pdf.page_references[2] == f"{pdf.objects[-1].number} 0 R".encode("ascii")


def test_the_word_chronology_reads_back_cell_for_cell_with_its_width_and_kept_together() -> None:
    word = docx.Document(BytesIO(render_combined_report_docx(_report(30))))

    chronology = next(table for table in word.tables if table.rows[0].cells[0].text == "Date")
    rows = [[cell.text for cell in row.cells] for row in chronology.rows]

    assert len(rows) == 31
    assert rows[1] == ["6 January 2025", "Fernhollow Police", HOSTILE, "Incident log"]
    assert rows[30][2] == "Entry 29 recorded by the officer."
    row = chronology.rows[5]
    assert row._tr.trPr is not None
    assert row._tr.trPr.xml.count("cantSplit") == 1
    assert [cell.width for cell in row.cells] == [cell.width for cell in chronology.rows[0].cells]
