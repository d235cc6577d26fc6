"""The reviews section of the partnership's yearly report (issue 15): what it says
(``content``, with ``records`` for the learning, improvements and themes), its Word file
(``word``) and its PDF (``pdf``). Built from the statistics of a period
(reviews.reads.statistics.statistics_for); case codes only.
"""

from __future__ import annotations

from reviews.documents.yearly_report.content import TITLE, YearlyReport, build_yearly_report
from reviews.documents.yearly_report.pdf import render_yearly_report_pdf
from reviews.documents.yearly_report.word import render_yearly_report_docx

__all__ = [
    "TITLE",
    "YearlyReport",
    "build_yearly_report",
    "render_yearly_report_docx",
    "render_yearly_report_pdf",
]
