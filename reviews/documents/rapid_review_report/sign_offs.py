"""The sign-offs of one version, written into the copy of its file that is downloaded.

A version's stored file never changes (ADR 0007), yet who agreed it, and when it went to the
National Panel, are known only after it was made. So each download opens a copy of the stored
file and:

1. takes out what the service wrote there before: its sign-offs table (known by its header
   row) and its own sentences ("Not sent yet.", "Sent to the National Panel on ...", the
   line saying where the sign-offs come from), never anything a person wrote;
2. writes the sign-offs and the date sent recorded against that version, right under the
   "Sign-offs" and "Date sent to the National Panel" headings (numbered or not), or, for a
   file without them (an upload written afresh), under those headings on a last page.

Pure: bytes in, bytes out. Reading the approvals is for reviews.reads.report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph

from reviews.documents.docx import WordDocument
from reviews.documents.rapid_review_report.content import (
    FILLED_IN,
    NOT_SENT,
    OTHER_SENT,
    SENT_ON,
    SUPERSEDED,
    SignOffRecord,
)
from reviews.documents.rapid_review_report.word import (
    NO_SIGN_OFFS,
    SIGN_OFF_HEADERS,
    UnreadableDocument,
    check_unpacked_size,
    write_sign_offs,
)

SIGN_OFFS = "Sign-offs"
DATE_SENT = "Date sent to the National Panel"
# The header row of the sign-offs table in versions generated before it named organisations.
EARLIER_SIGN_OFF_HEADERS = ("Who signs", "Name", "Decision", "Date")
_SENT_ON = re.compile(re.escape(SENT_ON) + r" \d{1,2} [A-Z][a-z]+ \d{4}\.")


def _words(text: str) -> str:
    return " ".join(text.split())


def _is_service_table(table: Table) -> bool:
    if not table.rows:
        return False
    try:
        header = tuple(_words(cell.text) for cell in table.rows[0].cells)
    except (IndexError, ValueError):  # a malformed table python-docx cannot lay out
        return False
    return header in (SIGN_OFF_HEADERS, EARLIER_SIGN_OFF_HEADERS)


def _is_service_line(text: str) -> bool:
    return (
        text in (NO_SIGN_OFFS, NOT_SENT)
        or text.startswith((FILLED_IN, SUPERSEDED, OTHER_SENT))
        or _SENT_ON.fullmatch(text) is not None
    )


def _take_out_what_the_service_wrote(document: DocxDocument) -> None:
    body = document.element.body
    for child in list(body.iterchildren()):
        if child.tag == qn("w:tbl"):
            stale = _is_service_table(Table(child, document))
        elif child.tag == qn("w:p"):
            stale = _is_service_line(_words(Paragraph(child, document).text))
        else:
            stale = False
        if stale:
            body.remove(child)


def _heading(document: DocxDocument, title: str) -> BaseOxmlElement | None:
    """The last paragraph reading "13. Date sent to the National Panel" (or without the number)."""
    pattern = re.compile(r"(?:\d+\.\s*)?" + re.escape(title), re.IGNORECASE)
    found = None
    for child in document.element.body.iterchildren(qn("w:p")):
        if pattern.fullmatch(_words(Paragraph(child, document).text)):
            found = child
    return found


def _content(body: BaseOxmlElement) -> list[BaseOxmlElement]:
    return [child for child in body.iterchildren() if child.tag != qn("w:sectPr")]


Writer = Callable[[WordDocument, SignOffRecord], None]


def _write_under(
    word: WordDocument, heading: BaseOxmlElement | None, write: Writer, record: SignOffRecord
) -> None:
    """Write at the end of the body, then move what was written to just under ``heading``."""
    body = word.document.element.body
    start = len(_content(body))
    write(word, record)
    if heading is None:
        return
    anchor = heading
    for element in _content(body)[start:]:
        anchor.addnext(element)  # lxml moves the element
        anchor = element


def _sent(word: WordDocument, record: SignOffRecord) -> None:
    word.paragraph(record.sent_to_panel)


def _sign_offs(word: WordDocument, record: SignOffRecord) -> None:
    write_sign_offs(word, record.sign_offs)
    if record.superseded:
        word.paragraph(record.superseded, bold=True)
    word.paragraph(record.provenance)


def with_sign_offs(data: bytes, record: SignOffRecord) -> bytes:
    """Return a copy of a version's Word file holding the sign-offs recorded against it now.

    Raise UnreadableDocument if python-docx cannot open the file.
    """
    check_unpacked_size(data)
    try:
        word = WordDocument.opened(data)
    except Exception:  # any failure to parse means the same: the file cannot be filled in
        raise UnreadableDocument("The file could not be opened as a Word document") from None
    document = word.document
    _take_out_what_the_service_wrote(document)
    headings = {title: _heading(document, title) for title in (SIGN_OFFS, DATE_SENT)}
    sections: Sequence[tuple[str, Writer]] = (
        (SIGN_OFFS, _sign_offs),
        (DATE_SENT, _sent),
    )
    if None in headings.values():
        # A file without the sections (written afresh) gets them on a last page of their own.
        word.page_break()
    for title, write in sections:
        heading = headings[title]
        if heading is None:
            word.heading(title)
        _write_under(word, heading, write, record)
    return word.to_bytes()
