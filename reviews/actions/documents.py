"""Generating the combined agency information report, and circulating it.

Every generation is a new numbered version with its Word and PDF files; none is overwritten,
so what was circulated on a date can always be read again. Circulation sends a link, never
the files: the link leads behind sign-in and need to know (reviews.mail).

Generating is in two parts (ADR 0023). The person's click records the version "queued", with
the report's content read from the records as they stand at that moment, under a short lock on
the review (only to choose the number). The background worker (``manage.py db_worker``) then
writes the files from that content, holding no lock, and marks the version ready, or failed
for someone to try again. Only a ready version is circulated.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max, Q
from django_tasks import task

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.steps import complete_step
from reviews.documents.combined_report import (
    build_combined_report,
    report_from_data,
    report_to_data,
)
from reviews.documents.docx import render_combined_report_docx
from reviews.documents.pdf import render_combined_report_pdf
from reviews.event_types import EventType
from reviews.models import (
    DocumentKind,
    GeneratedDocument,
    InformationRequest,
    Review,
    StepRecord,
)
from reviews.models.documents import DocumentStatus
from reviews.process import Step, get_ruleset
from reviews.reads.documents import circulation_recipients

logger = logging.getLogger(__name__)

COMBINED_REPORT_STEP = Step.COMBINED_REPORT
# How long one worker holds a version it is writing (30 x 200 takes seconds); after it, a version
# still unfinished (its worker killed, its task lost) may be taken over or tried again.
LEASE = dt.timedelta(minutes=15)
FAILED_WORDS = (
    "The files could not be written. Try again; if it fails again, tell the service desk."
)


def generate_combined_report(review: Review, *, by: User) -> GeneratedDocument:
    """Ask for the next version of the combined agency information report.

    The review row is locked while the number is chosen and the content read, so two people
    pressing the button at once get versions N and N + 1, never a clash; the files are written
    afterwards by the worker (``write_combined_report_files``), with no lock held.
    """
    with transaction.atomic():
        Review.objects.select_for_update().only("pk").get(pk=review.pk)
        if not InformationRequest.objects.filter(review=review).exists():
            raise ActionError(
                "No requests for information have been sent yet, so there is nothing to combine."
            )
        latest = GeneratedDocument.objects.filter(
            review=review, kind=DocumentKind.COMBINED_REPORT
        ).aggregate(latest=Max("number"))["latest"]
        number = (latest or 0) + 1
        now = moment.now()
        report = build_combined_report(review, version=number, generated_at=now)
        document = GeneratedDocument.objects.create(
            review=review,
            kind=DocumentKind.COMBINED_REPORT,
            number=number,
            created_by=by,
            created_at=now,
            status=DocumentStatus.QUEUED,
            content=report_to_data(report),
        )
        record_event(
            review,
            EventType.COMBINED_REPORT_GENERATED,
            by=by,
            document_id=document.pk,
            number=number,
            agencies=len(report.agencies),
            returned=report.returned_summary,
            chronology_entries=len(report.chronology),
        )
        transaction.on_commit(partial(write_document_files.enqueue, document.pk))
    return document


def try_again(document: GeneratedDocument, *, by: User) -> GeneratedDocument:
    """Queue a failed version again (or one whose worker stopped): the same content, same
    number; recorded as an event, like the first request."""
    now = moment.now()
    with transaction.atomic():
        queued = (
            GeneratedDocument.objects.filter(pk=document.pk, content__isnull=False)
            .filter(Q(status=DocumentStatus.FAILED) | _stalled(now))
            # Until the lease from now runs out, it is not offered again.
            .update(status=DocumentStatus.QUEUED, claimed_until=now + LEASE, failure="")
        )
        if not queued:
            raise ActionError(f"Version {document.number} is not waiting to be tried again.")
        record_event(
            document.review,
            EventType.COMBINED_REPORT_RETRIED,
            by=by,
            document_id=document.pk,
            number=document.number,
        )
        transaction.on_commit(partial(write_document_files.enqueue, document.pk))
    document.refresh_from_db()
    return document


def _stalled(now: dt.datetime) -> Q:
    """Unfinished past the lease: a worker took it and stopped, or its task never ran."""
    lease_over = Q(claimed_until__lt=now)
    writing = Q(status__in=[DocumentStatus.WRITING_WORD, DocumentStatus.WRITING_PDF])
    waiting = Q(status=DocumentStatus.QUEUED, created_at__lt=now - LEASE) & (
        Q(claimed_until__isnull=True) | lease_over
    )
    return (writing & lease_over) | waiting


def may_try_again(document: GeneratedDocument, now: dt.datetime) -> bool:
    """Whether the page offers "Try again": failed, or unfinished past the lease."""
    if document.status == DocumentStatus.FAILED:
        return True
    lease_over = document.claimed_until is not None and document.claimed_until < now
    if document.status == DocumentStatus.QUEUED:
        return document.created_at < now - LEASE and (document.claimed_until is None or lease_over)
    return document.is_unfinished and lease_over


@task()
def write_document_files(pk: int) -> None:
    """Write one queued version's files (run by the background worker: ``manage.py db_worker``)."""
    write_combined_report_files(pk)


def write_combined_report_files(pk: int) -> bool:
    """Claim a queued version, write its Word file and then its PDF, and mark it ready.

    No lock is held while rendering: the version is claimed with one conditional UPDATE (a
    lease), each later step is conditional on still holding that claim. A failure removes the
    files written so far and marks the version failed. False when it was not ours to write.
    """
    now = moment.now()
    claimed = (
        GeneratedDocument.objects.filter(pk=pk, content__isnull=False)
        .filter(Q(status=DocumentStatus.QUEUED) | _stalled(now))
        .update(
            status=DocumentStatus.WRITING_WORD,
            claimed_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return False
    document = GeneratedDocument.objects.get(pk=pk)
    mine = GeneratedDocument.objects.filter(pk=pk, attempts=document.attempts)
    saved: list[str] = []
    try:
        report = report_from_data(document.content or {})  # claimed only with its content
        document.docx.save(
            f"{report.file_stem}.docx",
            ContentFile(render_combined_report_docx(report)),
            save=False,
        )
        saved.append(str(document.docx.name))
        if not mine.update(status=DocumentStatus.WRITING_PDF):
            raise _OvertakenError
        document.pdf.save(
            f"{report.file_stem}.pdf", ContentFile(render_combined_report_pdf(report)), save=False
        )
        saved.append(str(document.pdf.name))
        if not mine.update(
            status=DocumentStatus.READY,
            docx=document.docx.name,
            pdf=document.pdf.name,
            content=None,
            claimed_until=None,
            failure="",
        ):
            raise _OvertakenError
    except _OvertakenError:
        _remove(saved)
        return False
    except Exception:  # any failure is recorded for people to see and try again
        logger.exception("Version %s of a combined report could not be written", pk)
        _remove(saved)
        mine.update(status=DocumentStatus.FAILED, failure=FAILED_WORDS, claimed_until=None)
        return False
    return True


class _OvertakenError(Exception):
    """Another worker took this version over after our lease ran out: its files are its own."""


def _remove(names: list[str]) -> None:
    # No row points at these files: remove them.
    for name in names:
        default_storage.delete(name)


def _has_step(review: Review, key: Step) -> bool:
    return any(step.key == key for step in get_ruleset(review.ruleset).process(review.kind).steps)


def _check_circulable(document: GeneratedDocument) -> None:
    """Refuse all but the newest version that has not failed, once ready, circulated once."""
    if document.kind != DocumentKind.COMBINED_REPORT:
        raise ActionError("Only the combined agency information report is circulated here.")
    if document.status != DocumentStatus.READY:
        raise ActionError(
            f"Version {document.number} is not ready yet: circulate it once its files "
            "have been generated."
        )
    newest = (
        GeneratedDocument.objects.filter(review=document.review_id, kind=document.kind)
        .exclude(status=DocumentStatus.FAILED)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if newest != document.number:
        raise ActionError(
            f"Version {document.number} is not the newest: version {newest} has been "
            f"asked for since. Circulate version {newest} once it is ready."
        )
    if document.circulated_at is not None:
        raise ActionError(f"Version {document.number} has already been circulated.")


def circulate_combined_report(document: GeneratedDocument, *, by: User) -> GeneratedDocument:
    """Email a link to this version to the partners and legal services, and record it.

    Only the newest version can be circulated, once its files are ready: someone may have asked
    for a newer one since this page was opened, and partners must not be sent an out-of-date
    report (a version that failed is passed over). The step "combined-report" is recorded as
    done the first time.
    """
    review = document.review
    with transaction.atomic():
        Review.objects.select_for_update().only("pk").get(pk=review.pk)
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        _check_circulable(document)
        recipients = circulation_recipients(review)
        if not recipients:
            raise ActionError(
                "There is nobody to circulate the report to: add the statutory partner leads "
                "and the legal representative to the review first."
            )
        document.circulated_at = moment.now()
        document.circulated_by = by
        document.save(update_fields=["circulated_at", "circulated_by"])
        record_event(
            review,
            EventType.COMBINED_REPORT_CIRCULATED,
            by=by,
            document_id=document.pk,
            number=document.number,
            recipients=[person.pk for person in recipients],
        )
        done = StepRecord.objects.filter(
            review=review, key=COMBINED_REPORT_STEP, completed_on__isnull=False
        ).exists()
        if not done and _has_step(review, COMBINED_REPORT_STEP):
            complete_step(
                review,
                key=COMBINED_REPORT_STEP,
                by=by,
                completed_on=moment.today(),
                note=f"Version {document.number} circulated.",
            )
        emails.combined_report_circulated(document, to=recipients)
    return document
