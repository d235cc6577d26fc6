"""Requests for information and files for the tests of agencies' returns.

``send_request`` stands in for the working day one "send requests" action while that is being
written: it makes the row with the ORM directly and gives the contributor their part in the
review through the real add_review_member action. Replace it with the action once it exists.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from accounts.models import Organisation, User
from reviews.models import InformationRequest, Review, ReviewMember, ReviewRole
from reviews.tests.factories import join

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def send_request(
    review: Review,
    organisation: Organisation,
    *,
    by: User,
    contributor: User | None = None,
    role: ReviewRole = ReviewRole.AGENCY_CONTRIBUTOR,
    due_on: dt.date | None = None,
) -> InformationRequest:
    already = ReviewMember.objects.filter(
        review=review, user=contributor, role=role, organisation=organisation, active=True
    ).exists()
    if contributor is not None and not already:
        join(review, contributor, role, by=by, organisation=organisation)
    return InformationRequest.objects.create(
        review=review,
        organisation=organisation,
        contributor=contributor,
        due_on=due_on or review.origin + dt.timedelta(days=7),
        sent_by=by,
    )


def docx_bytes(text: str = "Our involvement") -> bytes:
    """A minimal Word document: a zip with the parts Word itself looks for."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()
