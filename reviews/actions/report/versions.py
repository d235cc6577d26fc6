"""Versions of the rapid review report: generated from the case, or uploaded after editing.

Every version is kept with its file, the file's SHA-256 and its text (for comparing); none is
overwritten or deleted. A new version supersedes the approvals of the one before it: they stay
recorded against that version and an event says how many no longer count.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import PartnershipRole, User
from reviews import emails, moment
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import (
    REPORT,
    check_length,
    check_open_rapid_review,
    checked_word_upload,
)
from reviews.actions.report.lock import lock_review
from reviews.actions.review.members import join
from reviews.documents.rapid_review_report import (
    build_rapid_review_report,
    document_text,
    render_rapid_review_report_docx,
    report_file_name,
)
from reviews.event_types import EventType
from reviews.models import Approval, ReportVersion, Review, ReviewMember, ReviewRole
from reviews.reads.report import newest_version, signatories, unsigned


def _add_version(
    review: Review,
    *,
    by: User,
    source: ReportVersion.Source,
    write: Callable[[int], bytes],
    text: Callable[[bytes], str],
    original_name: str = "",
    note: str = "",
) -> ReportVersion:
    """Store the next version under the review's lock; ``write`` makes the file for a number."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            lock_review(review)
            previous = newest_version(review)
            number = (previous.number if previous else 0) + 1
            content = write(number)
            digest = hashlib.sha256(content).hexdigest()
            unchanged = previous is not None and previous.sha256 == digest
            if unchanged and source == ReportVersion.Source.UPLOADED:
                raise ActionError(
                    f"The selected file is the same as version {number - 1}. Upload the file "
                    "with your changes",
                    field="file",
                )
            version = ReportVersion(
                review=review,
                number=number,
                source=source,
                original_name=original_name,
                sha256=digest,
                text=text(content),
                note=note,
                created_by=by,
            )
            version.docx.save(
                report_file_name(review.case_code, number), ContentFile(content), save=False
            )
            stored.append(str(version.docx.name))
            version.save()
            _record_added(review, version, by=by)
            if previous is not None:
                _void(review, previous, number=number, by=by)
            _bring_in_the_chairs(review, by=by)
            _tell_the_subgroup_chair(review, version)
    except BaseException:
        # No saved row points at the file: remove it, so a refusal leaves nothing behind.
        for name in stored:
            default_storage.delete(name)
        raise
    return version


def _record_added(review: Review, version: ReportVersion, *, by: User) -> None:
    """The event of a version generated or uploaded, with its file's SHA-256 and name."""
    happened = (
        EventType.REPORT_GENERATED
        if version.source == ReportVersion.Source.GENERATED
        else EventType.REPORT_UPLOADED
    )
    record_event(
        review,
        happened,
        by=by,
        number=version.number,
        version_id=version.pk,
        sha256=version.sha256,
        filename=version.original_name,
        note=version.note,
    )


def _bring_in_the_chairs(review: Review, *, by: User) -> None:
    """Give the partnership's chairs their part in the review, so they can sign the report.

    The approval chain always needs the CSPR subgroup chair and the partnership independent
    chair (domain.md, WD12 to WD15); without a part in the review they could not open it.
    """
    for partnership_role, review_role in (
        (PartnershipRole.Role.CSPR_SUBGROUP_CHAIR, ReviewRole.SUBGROUP_CHAIR),
        (PartnershipRole.Role.PARTNERSHIP_CHAIR, ReviewRole.PARTNERSHIP_CHAIR),
    ):
        for chair in User.objects.filter(
            is_active=True,
            partnership=review.partnership_id,
            partnership_roles__partnership=review.partnership_id,
            partnership_roles__role=partnership_role,
        ):
            join(review, chair, review_role, by=by, organisation=None)


def _tell_the_subgroup_chair(review: Review, version: ReportVersion) -> None:
    chairs = ReviewMember.objects.filter(
        review=review, active=True, role=ReviewRole.SUBGROUP_CHAIR, user__is_active=True
    ).values_list("user__email", flat=True)
    emails.report_waiting(version, to=list(chairs))


def _void(review: Review, previous: ReportVersion, *, number: int, by: User) -> None:
    count = Approval.objects.filter(version=previous, verdict=Approval.Verdict.APPROVED).count()
    if count:
        # Nothing is deleted: the approvals stay with the version they were given to.
        record_event(
            review,
            EventType.APPROVALS_VOIDED,
            by=by,
            count=count,
            superseded=previous.number,
            number=number,
        )


def generate_report_version(review: Review, *, by: User) -> ReportVersion:
    """Write the next version of the report from the case as recorded now.

    Allowed at any point of an open rapid review: the business team tables a draft at the
    decision meeting and regenerates once the partners have decided.
    """
    check_open_rapid_review(review, REPORT)
    sign_offs = unsigned(signatories(review), partnership=review.partnership.name)

    def write(number: int) -> bytes:
        # Written as not yet given: a download fills in what is recorded by then.
        report = build_rapid_review_report(
            review, version=number, generated_at=moment.now(), sign_offs=sign_offs
        )
        return render_rapid_review_report_docx(report)

    return _add_version(
        review, by=by, source=ReportVersion.Source.GENERATED, write=write, text=document_text
    )


def upload_report_version(
    review: Review, *, by: User, upload: UploadedFile[bytes], note: str
) -> ReportVersion:
    """Keep an edited Word file as the next version, saying what changed.

    The file is judged by its contents (reviews.uploads) and must open as a Word document;
    its text is kept for comparing versions. A refused file leaves every version as it was.
    """
    check_open_rapid_review(review, REPORT)
    note = note.strip()
    if not note:
        raise ActionError("Enter what changed in this version", field="note")
    check_length(note, limit=max_length(ReportVersion, "note"), label="What changed", field="note")
    checked = checked_word_upload(upload, fallback="report.docx", read_text=document_text)
    content, name, text = checked.content, checked.display_name, checked.text
    return _add_version(
        review,
        by=by,
        source=ReportVersion.Source.UPLOADED,
        write=lambda number: content,
        text=lambda _: text,
        original_name=name,
        note=note,
    )
