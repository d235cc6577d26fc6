"""What the rapid review report tests share: a review with everything in it, and its Word
file opened."""

from __future__ import annotations

import io

import docx

from reviews.models import ReportVersion


def opened(version: ReportVersion) -> docx.document.Document:
    with version.docx.open("rb") as handle:
        return docx.Document(io.BytesIO(handle.read()))


def everything_in(document: docx.document.Document) -> str:
    """Every piece of text in the file: body, tables, headers, footers and properties."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    properties = document.core_properties
    parts.extend([properties.title, properties.author, properties.comments, properties.subject])
    return "\n".join(parts)
