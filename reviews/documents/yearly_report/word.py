"""The yearly report section as a Word file, for the partnership to edit.

Written with ``WordDocument`` (reviews.documents.docx): real heading styles (Title, Heading 1
and 2), so Word's navigation pane and table of contents find every part; every table a Word
table whose header row repeats on each page. Each "[Partnership to add: ...]" place is bold and
highlighted, so it is easy to find and to replace. Says the same as the PDF
(reviews/jinja2/reviews/documents/yearly_report_pdf.html): change both together.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Cm

from reviews.documents import clean
from reviews.documents.docx import WordDocument
from reviews.documents.yearly_report.content import (
    IMPROVEMENT_HEADINGS,
    IMPROVEMENTS_TO_ADD,
    LEARNING_HEADINGS,
    LEARNING_TO_ADD,
    NEXT_YEAR,
    THEME_HEADINGS,
    THEMES_TO_ADD,
    ReportTable,
    YearlyReport,
    is_to_add,
)

TEXT_WIDTH = 17.0  # cm between the margins of A4
FIRST_COLUMN = 5.5  # cm: the row labels
LEARNING_WIDTHS = (Cm(2.5), Cm(7.5), Cm(3.5), Cm(3.5))
IMPROVEMENT_WIDTHS = (Cm(2), Cm(2.5), Cm(4), Cm(2.5), Cm(4), Cm(2))


def widths(columns: int, *, first: float = FIRST_COLUMN) -> tuple[Cm, ...]:
    """Column widths filling the page: the first (the labels) wider, the rest shared."""
    if columns == 1:
        return (Cm(TEXT_WIDTH),)
    rest = (TEXT_WIDTH - first) / (columns - 1)
    return (Cm(first), *(Cm(rest) for _ in range(columns - 1)))


class YearlyReportWord(WordDocument):
    def write(self, text: str) -> None:
        """A paragraph; a place to add is bold and highlighted."""
        if not is_to_add(text):
            self.paragraph(text)
            return
        run = self.document.add_paragraph().add_run(clean(text))
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def write_all(self, texts: Sequence[str]) -> None:
        for text in texts:
            self.write(text)

    def statistics_table(self, table: ReportTable) -> None:
        self.heading(table.caption, level=2)
        if table.summary:
            self.paragraph(table.summary)
        if table.rows:
            self.table(table.headings, table.rows, widths=widths(len(table.headings)))
        else:
            self.paragraph("Nothing to count in this period.")


def _statistics(word: YearlyReportWord, report: YearlyReport) -> None:
    for section in report.sections:
        word.heading(section.title)
        word.text(section.notes)
        if not section.tables:
            word.paragraph("No figures for this part yet.")
        for table in section.tables:
            word.statistics_table(table)
        word.write(report.section_to_add(section))


def _themes(word: YearlyReportWord, report: YearlyReport) -> None:
    word.heading("Themes")
    word.paragraph(report.themes_summary)
    if report.themes:
        word.table(THEME_HEADINGS, report.theme_rows, widths=widths(len(THEME_HEADINGS), first=8))
    word.write(THEMES_TO_ADD)


def _learning(word: YearlyReportWord, report: YearlyReport) -> None:
    word.heading("Learning identified")
    word.paragraph(report.learning_summary)
    if report.learning:
        word.table(LEARNING_HEADINGS, report.learning_rows, widths=LEARNING_WIDTHS)
    word.write(LEARNING_TO_ADD)


def _improvements(word: YearlyReportWord, report: YearlyReport) -> None:
    word.heading("Improvements made")
    word.paragraph(report.improvements_summary)
    if report.improvements:
        word.table(IMPROVEMENT_HEADINGS, report.improvement_rows, widths=IMPROVEMENT_WIDTHS)
    word.write(IMPROVEMENTS_TO_ADD)


def render_yearly_report_docx(report: YearlyReport) -> bytes:
    """Write the yearly report section as an editable Word file."""
    word = YearlyReportWord(
        title=report.title, running_header=report.running_header, marking=report.marking
    )
    word.text(report.about)
    word.heading("Introduction")
    word.write_all(report.introduction)
    _statistics(word, report)
    _themes(word, report)
    _learning(word, report)
    _improvements(word, report)
    word.heading("The coming year")
    word.write_all(NEXT_YEAR)
    return word.to_bytes()


__all__ = ["render_yearly_report_docx", "widths"]
