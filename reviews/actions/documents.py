"""Generating the combined agency information report, and circulating it.

Every generation is a new numbered version with its Word and PDF files; none is overwritten,
so what was circulated on a date can always be read again. Circulation sends a link, never
the files: the link leads behind sign-in and need to know (reviews.mail).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.steps import complete_step
from reviews.documents.combined_report import build_combined_report
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
from reviews.process import Step, get_ruleset
from reviews.reads.documents import circulation_recipients

COMBINED_REPORT_STEP = Step.COMBINED_REPORT


def generate_combined_report(review: Review, *, by: User) -> GeneratedDocument:
    """Write the next version of the combined agency information report, as Word and PDF.

    The review row is locked while the number is chosen and the files written, so two people
    pressing the button at once get versions N and N + 1, never a clash.
    """
    saved: list[str] = []
    try:
        with transaction.atomic():
            Review.objects.select_for_update().only("pk").get(pk=review.pk)
            if not InformationRequest.objects.filter(review=review).exists():
                raise ActionError(
                    "No requests for information have been sent yet, so there is nothing "
                    "to combine."
                )
            latest = GeneratedDocument.objects.filter(
                review=review, kind=DocumentKind.COMBINED_REPORT
            ).aggregate(latest=Max("number"))["latest"]
            number = (latest or 0) + 1
            now = moment.now()
            report = build_combined_report(review, version=number, generated_at=now)
            document = GeneratedDocument(
                review=review,
                kind=DocumentKind.COMBINED_REPORT,
                number=number,
                created_by=by,
                created_at=now,
            )
            document.docx.save(
                f"{report.file_stem}.docx",
                ContentFile(render_combined_report_docx(report)),
                save=False,
            )
            saved.append(str(document.docx.name))
            document.pdf.save(
                f"{report.file_stem}.pdf",
                ContentFile(render_combined_report_pdf(report)),
                save=False,
            )
            saved.append(str(document.pdf.name))
            document.save()
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
    except BaseException:
        # The row was never saved, so no record points at these files: remove them.
        for name in saved:
            default_storage.delete(name)
        raise
    return document


def _has_step(review: Review, key: Step) -> bool:
    return any(step.key == key for step in get_ruleset(review.ruleset).process(review.kind).steps)


def circulate_combined_report(document: GeneratedDocument, *, by: User) -> GeneratedDocument:
    """Email a link to this version to the partners and legal services, and record it.

    Only the newest version can be circulated: someone may have generated a newer one since
    this page was opened, and partners must not be sent an out-of-date report. The step
    "combined-report" is recorded as done the first time.
    """
    review = document.review
    with transaction.atomic():
        Review.objects.select_for_update().only("pk").get(pk=review.pk)
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if document.kind != DocumentKind.COMBINED_REPORT:
            raise ActionError("Only the combined agency information report is circulated here.")
        newest = (
            GeneratedDocument.objects.filter(review=review, kind=document.kind)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        if newest != document.number:
            raise ActionError(
                f"Version {document.number} is not the newest: version {newest} has been "
                f"generated since. Circulate version {newest} instead."
            )
        if document.circulated_at is not None:
            raise ActionError(f"Version {document.number} has already been circulated.")
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
