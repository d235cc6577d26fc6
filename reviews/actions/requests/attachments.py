"""What an agency's return carries besides its answer: a chronology and supporting documents.

Both can change only while the return can (before it is submitted, or after the business team
asks for more detail). A chronology comes entry by entry or from a spreadsheet
(reviews.imports); documents are checked by their contents (reviews.uploads).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.requests.returns import about, check_editable, locked_request
from reviews.event_types import EventType
from reviews.imports import RowError, UnreadableFile, read_chronology
from reviews.models import ChronologyEntry, InformationRequest, SupportingDocument
from reviews.uploads import RefusedFile, check_document

MAX_CHRONOLOGY_ENTRIES = 5000
MAX_DOCUMENTS = 30


def add_chronology_entry(
    info_request: InformationRequest,
    *,
    by: User,
    happened_on: dt.date,
    what_happened: str,
    source: str = "",
) -> ChronologyEntry:
    """Add one dated entry to the organisation's chronology."""
    if not what_happened.strip():
        raise ActionError("Enter what happened", field="what_happened")
    if happened_on > moment.today():
        raise ActionError("The date must be today or in the past", field="happened_on")
    with transaction.atomic():
        current = locked_request(info_request)
        check_editable(current)
        if current.chronology.count() >= MAX_CHRONOLOGY_ENTRIES:
            raise ActionError(f"A chronology can have up to {MAX_CHRONOLOGY_ENTRIES:,} entries.")
        entry = ChronologyEntry(
            request=current,
            happened_on=happened_on,
            what_happened=what_happened.strip(),
            source=source.strip(),
            added_by=by,
        )
        saved_by(entry, by)
        entry.save()
        record_event(current.review, EventType.CHRONOLOGY_ENTRY_ADDED, by=by, **about(current))
    return entry


def remove_chronology_entry(entry: ChronologyEntry, *, by: User) -> None:
    """Take one entry out of the chronology (its history keeps what it said)."""
    with transaction.atomic():
        current = locked_request(entry.request)
        check_editable(current)
        saved_by(entry, by)
        entry.delete()
        record_event(current.review, EventType.CHRONOLOGY_ENTRY_REMOVED, by=by, **about(current))


@dataclass(frozen=True)
class ImportReport:
    imported: int
    errors: list[RowError] = field(default_factory=list)


def import_chronology(
    info_request: InformationRequest, *, by: User, content: bytes, filename: str
) -> ImportReport:
    """Add every readable row of a CSV or Excel chronology, all in one transaction.

    Rows that cannot be read are reported and left out; a file that cannot be read at all
    adds nothing. Entries already in the chronology are kept.
    """
    check_editable(info_request)
    try:
        result = read_chronology(content, filename, today=moment.today())
    except UnreadableFile as problem:
        raise ActionError(problem.message, field="file") from None
    with transaction.atomic():
        current = locked_request(info_request)
        check_editable(current)
        if current.chronology.count() + len(result.rows) > MAX_CHRONOLOGY_ENTRIES:
            raise ActionError(
                f"A chronology can have up to {MAX_CHRONOLOGY_ENTRIES:,} entries.", field="file"
            )
        entries = [
            ChronologyEntry(
                request=current,
                happened_on=row.happened_on,
                what_happened=row.what_happened,
                source=row.source,
                added_by=by,
            )
            for row in result.rows
        ]
        # The field history records each entry, and who added it, as saving one by one would.
        bulk_create_with_history(entries, ChronologyEntry, default_user=by)
        if entries:
            record_event(
                current.review,
                EventType.CHRONOLOGY_IMPORTED,
                by=by,
                count=len(entries),
                rows_refused=len(result.errors),
                **about(current),
            )
    return ImportReport(imported=len(entries), errors=result.errors)


def add_supporting_document(
    info_request: InformationRequest, *, by: User, upload: UploadedFile[bytes]
) -> SupportingDocument:
    """Keep a PDF or Word document with the return, checked by its contents."""
    try:
        checked = check_document(upload)
    except RefusedFile as refusal:
        raise ActionError(refusal.message, field="file") from None
    with transaction.atomic():
        current = locked_request(info_request)
        check_editable(current)
        if current.documents.count() >= MAX_DOCUMENTS:
            raise ActionError(f"A return can have up to {MAX_DOCUMENTS} documents.", field="file")
        document = SupportingDocument(
            request=current,
            original_name=checked.display_name,
            content_type=checked.kind.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        # The stored name is random (the model's upload_to); only the kind's extension is kept.
        document.file.save(f"document{checked.kind.extension}", upload, save=False)
        stored = document.file.name or ""
        try:
            document.save()
            record_event(
                current.review,
                EventType.SUPPORTING_DOCUMENT_ADDED,
                by=by,
                filename=document.original_name,
                **about(current),
            )
        except Exception:
            document.file.storage.delete(stored)
            raise
    return document


def remove_supporting_document(document: SupportingDocument, *, by: User) -> None:
    """Take a document out of the return; the file goes once the removal is committed."""
    with transaction.atomic():
        current = locked_request(document.request)
        check_editable(current)
        storage, stored = document.file.storage, document.file.name
        name = document.original_name
        document.delete()
        record_event(
            current.review,
            EventType.SUPPORTING_DOCUMENT_REMOVED,
            by=by,
            filename=name,
            **about(current),
        )
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
