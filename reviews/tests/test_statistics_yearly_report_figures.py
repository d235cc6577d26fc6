"""The yearly report section over the statistics' hand-built worlds (statistics_setup.py,
statistics_lcspr_setup.py): the Word file's tables say what statistics_for says, cell for cell,
and its key sentences, themes, learning and improvements give the numbers worked out by hand
from those worlds' dates. Then the downloads: from the statistics page, who may have them,
and the access log.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import time_machine
from django.urls import reverse

from accounts.models import User
from conftest import WebAs
from reviews.documents.yearly_report import build_yearly_report, render_yearly_report_docx
from reviews.models import AccessLogEntry
from reviews.reads.statistics import Statistics, statistics_for
from reviews.tests.statistics_lcspr_setup import TODAY as LCSPR_TODAY
from reviews.tests.statistics_lcspr_setup import StatisticsLcsprWorld, statistics_lcspr_world
from reviews.tests.statistics_setup import PERIOD, TODAY, StatisticsWorld, statistics_world
from reviews.tests.test_documents_combined_report_files import pdf_text
from reviews.tests.test_statistics_yearly_report import GENERATED, headings, table_cells

__all__ = ["statistics_lcspr_world", "statistics_world"]


def word_file(world: StatisticsWorld | StatisticsLcsprWorld, statistics: Statistics) -> bytes:
    report = build_yearly_report(world.partnership, statistics, generated_at=GENERATED)
    return render_yearly_report_docx(report)


def assert_tables_match(document: docx.document.Document, statistics: Statistics) -> None:
    """Each statistics table is a Word table, in order: its headings, then its rows, each cell
    in the figure's words, every whole number as statistics_for counted it. A table with no
    rows is said in words instead."""
    tables = [table for table in statistics.tables() if table.rows]
    assert tables, "the sections give tables"
    for table, word in zip(tables, document.tables[: len(tables)], strict=True):
        cells = table_cells(word)
        assert cells[0] == list(table.headings), table.key
        assert len(cells) == 1 + len(table.rows), table.key
        for values, row, written in zip(table.values(), table.rows, cells[1:], strict=True):
            for value, figure, text in zip(values, row, written, strict=False):
                assert text == figure.text, (table.key, row[0].text)
                if isinstance(value, int):  # "3", "100%": the number statistics_for counted
                    assert text.removesuffix("%") == str(value), (table.key, row[0].text)


def test_the_rapid_review_figures_in_the_word_file(statistics_world: StatisticsWorld) -> None:
    statistics = statistics_for(statistics_world.partnership, PERIOD, today=TODAY)
    document = docx.Document(BytesIO(word_file(statistics_world, statistics)))
    assert_tables_match(document, statistics)
    text = [paragraph.text for paragraph in document.paragraphs]
    # Five rapid reviews have their origin in the year; the Panel was notified late for one
    # (``late``: aware 8 Sep, notified 17 Sep); only ``on_time`` was sent by working day 15.
    assert (
        "In April 2025 to March 2026 the partnership received 5 notifications of serious child "
        "safeguarding incidents, and carried out a rapid review of each." in text
    )
    assert (
        "The local authority notified the National Panel within 5 working days of becoming "
        "aware in 4 of them." in text
    )
    assert "1 rapid review was sent to the National Panel by working day 15." in text
    written = [table.key for table in statistics.tables() if table.rows]
    timeliness = table_cells(document.tables[written.index("rapid-reviews-timeliness")])
    assert timeliness[2][:2] == ["Sent to the National Panel by working day 15", "1"]


def test_the_lcspr_and_learning_figures_in_the_word_file(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    statistics = statistics_for(world.partnership, PERIOD, today=LCSPR_TODAY)
    document = docx.Document(BytesIO(word_file(world, statistics)))
    assert_tables_match(document, statistics)
    text = [paragraph.text for paragraph in document.paragraphs]
    # Commissioned in the year: late, in_progress, published_later; published: on_time, late.
    assert "The partnership commissioned 3 local child safeguarding practice reviews." in text
    assert "2 local child safeguarding practice reviews were published." in text
    written = [table for table in statistics.tables() if table.rows]
    # No requests for information in this world: the agencies' table is said in words.
    assert not statistics.table("agencies-returns").rows
    assert "Nothing to count in this period." in text
    themes, learning, improvements = document.tables[len(written) :]
    # Reviews starting in the year: late (learning: Neglect, Domestic abuse), in_progress
    # (R3: Neglect).
    assert table_cells(themes)[1:] == [
        ["Neglect", "0", "2", "2"],
        ["Domestic abuse", "0", "1", "1"],
    ]
    late = world.late.case_code
    # Only the late LCSPR's learning was recorded in the year (on its origin, 15 April 2025).
    assert table_cells(learning)[1:] == [
        [
            late,
            "Practitioners did not share what they knew.",
            "Domestic abuse, Neglect",
            "Multi-agency",
        ],
    ]
    assert table_cells(improvements)[1:] == [
        [
            late,
            "Wexmoor Police",
            "Brief every team on the learning.",
            "15 September 2025",
            "Minutes of the briefing sessions.",
            "Confirmed",
        ],
        [
            late,
            "Hollin Test School",
            "Brief every team on the learning.",
            "1 December 2025 (due 31 October 2025)",
            "Minutes of the briefing sessions.",
            "Awaiting confirmation",
        ],
    ]
    assert (
        "2 actions were completed in April 2025 to March 2026, 1 of them by their due date; "
        "the business team has confirmed 1 of them against the evidence." in text
    )


def test_the_files_downloaded_from_the_statistics_page_have_the_figures(
    web_as: WebAs, statistics_lcspr_world: StatisticsLcsprWorld
) -> None:
    app = web_as(statistics_lcspr_world.team)
    with time_machine.travel(dt.datetime(2026, 5, 20, 10, tzinfo=dt.UTC)):
        page = app.get(f"{reverse('reviews:statistics')}?year=2025")
        word = page.click(href=r"yearly-report\.docx\?year=2025$")
        pdf = page.click(href=r"yearly-report\.pdf\?year=2025$")
    text = [paragraph.text for paragraph in docx.Document(BytesIO(word.body)).paragraphs]
    assert "The partnership commissioned 3 local child safeguarding practice reviews." in text
    assert "The partnership commissioned 3 local child safeguarding practice reviews." in " ".join(
        pdf_text(pdf.body).split()
    )


def _url(fmt: str, query: str = "year=2025") -> str:
    return f"{reverse('reviews:statistics-report', kwargs={'fmt': fmt})}?{query}"


def test_the_business_team_downloads_word_and_pdf_and_each_is_logged(
    web_as: WebAs, business_team_member: User
) -> None:
    app = web_as(business_team_member)
    word = app.get(_url("docx"))
    assert word.content_type.endswith("wordprocessingml.document")
    assert word.headers["Content-Disposition"] == (
        'attachment; filename="yearly-report-reviews-2025-26.docx"'
    )
    document = docx.Document(BytesIO(word.body))
    assert ("Heading 1", "Learning identified") in headings(document)
    pdf = app.get(_url("pdf", "start=2025-04-01&end=2025-09-30"))
    assert pdf.content_type == "application/pdf"
    assert "Improvements made" in pdf_text(pdf.body)
    logged = AccessLogEntry.objects.filter(
        user=business_team_member, action=AccessLogEntry.Action.EXPORTED_DATA
    ).order_by("pk")
    assert [entry.target for entry in logged] == [
        "Yearly report section, April 2025 to March 2026 (DOCX)",
        "Yearly report section, Tuesday 1 April 2025 to Tuesday 30 September 2025 (PDF)",
    ]


def test_partner_leads_are_refused_and_nothing_is_logged(
    web_as: WebAs, partner_lead: User, agency_contributor: User
) -> None:
    for user in (partner_lead, agency_contributor):
        web_as(user).get(_url("docx"), status=403)
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED_DATA).exists()


def test_another_format_is_not_found_and_a_bad_period_is_refused(
    web_as: WebAs, business_team_member: User
) -> None:
    app = web_as(business_team_member)
    app.get(_url("txt"), status=404)
    app.get(_url("docx", "year=20x5"), status=400)
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED_DATA).exists()
