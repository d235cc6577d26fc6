"""Sharing a review's learning: the 7-minute briefing and the learning on one page, and the
record of how each organisation shared the learning with its practitioners.

Every generation of a learning document is a new numbered version with its Word and PDF files;
none is overwritten. Sharing goes on after a review closes (that is when most of it happens),
so neither action refuses a closed review.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_length
from reviews.documents.learning import (
    LEARNING_DOCUMENTS,
    build_learning_document,
    document_name,
    render_learning_docx,
    render_learning_pdf,
)
from reviews.event_types import EventType
from reviews.models import Dissemination, DocumentKind, GeneratedDocument, Learning, Review
from reviews.reads.learning.sharing import organisations_recording_for

MAX_PRACTITIONERS = 100_000
NOTE_LIMIT = max_length(Dissemination, "note")  # the form's limit too


def generate_learning_document(
    review: Review, *, kind: DocumentKind, by: User
) -> GeneratedDocument:
    """Write the next version of the 7-minute briefing or the learning on one page.

    The review row is locked while the number is chosen and the files written, so two people
    pressing the button at once get versions N and N + 1, never a clash. Refused until some
    learning has been recorded: there would be nothing to share.
    """
    if kind not in LEARNING_DOCUMENTS:
        raise ActionError("Choose the 7-minute briefing or the learning on one page.", field="kind")
    saved: list[str] = []
    try:
        with transaction.atomic():
            Review.objects.select_for_update().only("pk").get(pk=review.pk)
            if not Learning.objects.filter(review=review).exists():
                raise ActionError(
                    "No learning has been recorded for this review yet, so there is nothing "
                    "to share. Record the learning first.",
                    field="kind",
                )
            latest = GeneratedDocument.objects.filter(review=review, kind=kind).aggregate(
                latest=Max("number")
            )["latest"]
            number = (latest or 0) + 1
            now = moment.now()
            content = build_learning_document(review, kind=kind, version=number, generated_at=now)
            document = GeneratedDocument(
                review=review, kind=kind, number=number, created_by=by, created_at=now
            )
            document.docx.save(
                f"{content.file_stem}.docx",
                ContentFile(render_learning_docx(content)),
                save=False,
            )
            saved.append(str(document.docx.name))
            document.pdf.save(
                f"{content.file_stem}.pdf", ContentFile(render_learning_pdf(content)), save=False
            )
            saved.append(str(document.pdf.name))
            document.save()
            record_event(
                review,
                EventType.LEARNING_DOCUMENT_GENERATED,
                by=by,
                document=document_name(kind),
                kind=str(kind),
                document_id=document.pk,
                number=number,
            )
    except BaseException:
        # The row was never saved, so no record points at these files: remove them.
        for name in saved:
            default_storage.delete(name)
        raise
    return document


def record_dissemination(
    review: Review,
    *,
    by: User,
    organisation: Organisation,
    shared_on: dt.date,
    method: Dissemination.Method,
    practitioners_reached: int,
    note: str = "",
) -> Dissemination:
    """Record that an organisation shared the review's learning, and with how many people.

    The business team records for any organisation of the partnership; anyone else only for
    an organisation they speak for on this review.
    """
    if organisation.pk not in {each.pk for each in organisations_recording_for(by, review)}:
        raise ActionError(
            "You can only record how your own organisation shared the learning.",
            field="organisation",
        )
    if method not in Dissemination.Method.values:
        raise ActionError("Choose how the learning was shared.", field="method")
    if not 0 <= practitioners_reached <= MAX_PRACTITIONERS:
        raise ActionError(
            f"Practitioners reached must be a whole number from 0 to {MAX_PRACTITIONERS:,}",
            field="practitioners_reached",
        )
    if shared_on > moment.today():
        raise ActionError("Date shared must be today or in the past", field="shared_on")
    if shared_on < review.origin:
        raise ActionError(
            "Date shared must be on or after the day the review started "
            f"({review.origin.day} {review.origin:%B %Y})",
            field="shared_on",
        )
    note = note.strip()
    check_length(note, limit=NOTE_LIMIT, label="Note", field="note")
    with transaction.atomic():
        record = Dissemination.objects.create(
            review=review,
            organisation=organisation,
            shared_on=shared_on,
            method=method,
            practitioners_reached=practitioners_reached,
            note=note,
            recorded_by=by,
        )
        record_event(
            review,
            EventType.LEARNING_SHARED,
            by=by,
            organisation=organisation.name,
            method=Dissemination.Method(method).label.lower(),
            shared_on=shared_on.isoformat(),
            practitioners_reached=practitioners_reached,
            dissemination_id=record.pk,
        )
    return record
