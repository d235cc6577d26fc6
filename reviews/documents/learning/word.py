"""The 7-minute briefing and the learning on one page as Word files.

Written with ``WordDocument`` (reviews.documents.docx): the marking at the top and bottom of
every page, the case code in the header, "Page 1 of 1" in the footer.
"""

from __future__ import annotations

from docx.shared import Cm

from reviews.documents import clean
from reviews.documents.docx import WordDocument
from reviews.documents.learning.content import (
    LearningDocument,
    LearningPoint,
    shorten,
)

SHARED_HEADERS = ("Organisation", "Times shared", "Practitioners reached", "Most recently")
SHARED_WIDTHS = (Cm(6), Cm(3), Cm(4), Cm(4))

# The numbered sections of a 7-minute briefing, in the order they are read.
BRIEFING_SECTIONS = (
    "Background",
    "Why it matters",
    "What we found",
    "What we must do",
    "Questions to reflect on",
    "Further information",
    "Dissemination so far",
)


def _point(word: WordDocument, point: LearningPoint) -> None:
    word.paragraph(point.summary, bold=True)
    word.text(point.detail)
    also = f" Also about: {', '.join(point.other_themes)}." if point.other_themes else ""
    word.paragraph(f"{point.scope_text}.{also}")


def _background(word: WordDocument, document: LearningDocument) -> None:
    word.facts(document.facts)
    word.paragraph(
        f"This briefing shares the learning from the {document.review_kind.lower()} of "
        f"{document.case_code}. The child is referred to as {document.pseudonym}."
    )
    word.text(document.summary)


def _why(word: WordDocument, document: LearningDocument) -> None:
    word.text(document.why_it_matters)


def _further(word: WordDocument, document: LearningDocument) -> None:
    word.text(document.further_information)


def _found(word: WordDocument, document: LearningDocument) -> None:
    if not document.groups:
        word.paragraph("No learning has been recorded for this review yet.")
    for group in document.groups:
        word.heading(group.theme, level=2)
        for point in group.points:
            _point(word, point)


def _must_do(word: WordDocument, document: LearningDocument) -> None:
    if not document.recommendations:
        word.paragraph("No recommendations have been made yet.")
    for recommendation in document.recommendations:
        word.heading(f"Recommendation {recommendation.number}", level=2)
        word.text(recommendation.text)
        owners = ", ".join(recommendation.organisations) or "No actions agreed yet"
        word.paragraph(f"Actions by: {owners}.")


def _questions(word: WordDocument, document: LearningDocument) -> None:
    if not document.questions:
        word.paragraph("What does this learning mean for your own practice?")
    for theme, question in document.questions:
        word.paragraph(theme, bold=True)
        word.paragraph(question)


def _shared(word: WordDocument, document: LearningDocument) -> None:
    word.paragraph(document.shared_summary)
    if document.shared:
        word.table(
            SHARED_HEADERS,
            (
                (each.organisation, str(each.times), str(each.practitioners), each.latest_text)
                for each in document.shared
            ),
            widths=SHARED_WIDTHS,
        )


def render_briefing_docx(document: LearningDocument) -> bytes:
    """Write the 7-minute briefing: seven numbered sections."""
    word = WordDocument(
        title=document.title, running_header=f"{document.case_code} {document.title}"
    )
    writers = (_background, _why, _found, _must_do, _questions, _further, _shared)
    for number, (section, writer) in enumerate(zip(BRIEFING_SECTIONS, writers, strict=True), 1):
        word.heading(f"{number}. {section}")
        writer(word, document)
    return word.to_bytes()


def render_one_page_docx(document: LearningDocument) -> bytes:
    """Write the learning on one page: themes, key learning points, recommendations."""
    word = WordDocument(
        title=document.title, running_header=f"{document.case_code} {document.title}"
    )
    word.paragraph(
        f"{document.case_code} ({document.pseudonym}), {document.review_kind.lower()}. "
        f"Version {document.version}."
    )
    word.heading("Themes")
    word.paragraph(document.key_themes)
    word.heading("Key learning")
    if not document.key_points:
        word.paragraph("No learning has been recorded for this review yet.")
    for point in document.key_points:
        word.document.add_paragraph(
            clean(f"{shorten(point.summary)} ({point.scope_text})"), style="List Bullet"
        )
    if document.points_left_out:
        word.paragraph(f"And {document.points_left_out} more in the 7-minute briefing.")
    word.heading("Recommendations")
    if not document.key_recommendations:
        word.paragraph("No recommendations have been made yet.")
    for recommendation in document.key_recommendations:
        word.document.add_paragraph(
            clean(f"{recommendation.number}. {shorten(' '.join(recommendation.text))}"),
            style="List Paragraph",
        )
    if document.recommendations_left_out:
        word.paragraph(f"And {document.recommendations_left_out} more in the 7-minute briefing.")
    return word.to_bytes()
