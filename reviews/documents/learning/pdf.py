"""The 7-minute briefing and the learning on one page as PDFs (reviews.documents.pdf)."""

from __future__ import annotations

from reviews.documents.learning.content import LearningDocument, shorten
from reviews.documents.pdf import render_pdf
from reviews.models import DocumentKind

TEMPLATES = {
    DocumentKind.SEVEN_MINUTE_BRIEFING: "reviews/learning/sharing/briefing_pdf.html",
    DocumentKind.LEARNING_ON_ONE_PAGE: "reviews/learning/sharing/one_page_pdf.html",
}


def render_learning_pdf(document: LearningDocument) -> bytes:
    """Write either learning document as a PDF, from its own print template."""
    return render_pdf(TEMPLATES[document.kind], {"document": document, "shorten": shorten})
