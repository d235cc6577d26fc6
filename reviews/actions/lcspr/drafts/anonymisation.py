"""The anonymisation check of a draft report: scan its text for every real identifier held
for the case (reviews.anonymisation), before the report is signed off and published.

The hits are real identifiers: they are shown to the business team when the check runs and
never stored. Only the counts are kept (AnonymisationCheck), the look is logged in the access
log, and the event says how many were found.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import docx
from django.db import transaction

from accounts.models import User
from reviews.actions.base import UNKNOWN_ORIGIN, Look, record_access, record_event
from reviews.actions.guards import check_open_lcspr
from reviews.anonymisation import Hit, find_identifiers, identifiers
from reviews.documents import clean
from reviews.documents.rapid_review_report import document_text
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, AnonymisationCheck, DraftReport
from reviews.reads.lcspr.drafts import identities_of

REASON = "anonymisation check"


@dataclass(frozen=True)
class CheckResult:
    check: AnonymisationCheck
    hits: list[Hit]
    identities: int


def check_anonymisation(
    draft: DraftReport, *, by: User, look: Look = UNKNOWN_ORIGIN
) -> CheckResult:
    """Scan one version's text for the case's real identifiers and keep the counts.

    Logs the look at the identities (VIEWED_IDENTITY, reason "anonymisation check").
    """
    review = draft.review
    check_open_lcspr(review)
    values = identities_of(review)
    hits = find_identifiers(draft.text, values)
    with transaction.atomic():
        record_access(
            by=by,
            action=AccessLogEntry.Action.VIEWED_IDENTITY,
            review=review,
            target=f"{review.case_code} draft report version {draft.number}",
            reason=REASON,
            look=look,
        )
        check = AnonymisationCheck.objects.create(
            draft=draft, hits=len(hits), values_checked=len(identifiers(values)), run_by=by
        )
        record_event(
            review,
            EventType.ANONYMISATION_CHECKED,
            by=by,
            number=draft.number,
            hits=len(hits),
            values_checked=check.values_checked,
        )
    return CheckResult(check=check, hits=hits, identities=len(values))


def draft_text(data: bytes) -> str:
    """Read a Word file's text for the anonymisation check: the body's paragraphs and tables
    in order, then every header and footer (where a name is easily left behind).

    Raise UnreadableDocument if python-docx cannot open the file.
    """
    body = document_text(data)  # checks the unpacked size first
    document = docx.Document(BytesIO(data))
    margins: list[str] = []
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            margins.extend(paragraph.text for paragraph in part.paragraphs)
            margins.extend(
                cell.text for table in part.tables for row in table.rows for cell in row.cells
            )
    # The same header usually repeats in every section: keep each line once, in order.
    unique = list(dict.fromkeys(clean(" ".join(line.split())) for line in margins))
    lines = [body, *(line for line in unique if line)]
    return "\n".join(line for line in lines if line)
