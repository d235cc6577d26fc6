"""The documents that share a review's learning: the 7-minute briefing and the learning on one
page. What they say (``content``), their Word files (``word``) and their PDFs (``pdf``).

Both are generated from the review's learning, recommendations, action plan and dissemination
records, name the case by its case code and pseudonym only, and carry the OFFICIAL-SENSITIVE
marking like every document the service writes. Each generation is a new numbered version
(reviews.actions.learning.sharing).
"""

from __future__ import annotations

from reviews.documents.learning.content import (
    BRIEFING_TITLE,
    ONE_PAGE_TITLE,
    LearningDocument,
    build_learning_document,
    learning_file_stem,
)
from reviews.documents.learning.pdf import render_learning_pdf
from reviews.documents.learning.word import render_briefing_docx, render_one_page_docx
from reviews.models import DocumentKind

LEARNING_DOCUMENTS = (DocumentKind.SEVEN_MINUTE_BRIEFING, DocumentKind.LEARNING_ON_ONE_PAGE)


def document_name(kind: DocumentKind) -> str:
    """The document's name within a sentence: "the 7-minute briefing", "the learning on one
    page"."""
    label = str(DocumentKind(kind).label)
    return label[0].lower() + label[1:]


def render_learning_docx(document: LearningDocument) -> bytes:
    """Write either learning document as a Word file."""
    if document.kind == DocumentKind.SEVEN_MINUTE_BRIEFING:
        return render_briefing_docx(document)
    return render_one_page_docx(document)


__all__ = [
    "BRIEFING_TITLE",
    "LEARNING_DOCUMENTS",
    "ONE_PAGE_TITLE",
    "LearningDocument",
    "build_learning_document",
    "document_name",
    "learning_file_stem",
    "render_learning_docx",
    "render_learning_pdf",
]
