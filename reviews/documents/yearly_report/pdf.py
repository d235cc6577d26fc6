"""The yearly report section as a PDF (reviews.documents.pdf), from its own print template."""

from __future__ import annotations

from reviews.documents.pdf import render_pdf
from reviews.documents.yearly_report.content import (
    IMPROVEMENT_HEADINGS,
    IMPROVEMENTS_TO_ADD,
    LEARNING_HEADINGS,
    LEARNING_TO_ADD,
    NEXT_YEAR,
    THEME_HEADINGS,
    THEMES_TO_ADD,
    YearlyReport,
    is_to_add,
)

TEMPLATE = "reviews/documents/yearly_report_pdf.html"


def render_yearly_report_pdf(report: YearlyReport) -> bytes:
    """Write the yearly report section as a PDF: the same content as the Word file."""
    return render_pdf(
        TEMPLATE,
        {
            "report": report,
            "is_to_add": is_to_add,
            "theme_headings": THEME_HEADINGS,
            "learning_headings": LEARNING_HEADINGS,
            "improvement_headings": IMPROVEMENT_HEADINGS,
            "themes_to_add": THEMES_TO_ADD,
            "learning_to_add": LEARNING_TO_ADD,
            "improvements_to_add": IMPROVEMENTS_TO_ADD,
            "next_year": NEXT_YEAR,
        },
    )


__all__ = ["render_yearly_report_pdf"]
