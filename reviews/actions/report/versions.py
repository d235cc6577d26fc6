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
from reviews import moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.report.chain import (
    check_rapid_review,
    lock_review,
    newest_version,
    report_link,
    signatories,
    unsigned,
)
from reviews.actions.working_day_one.common import join
from reviews.documents.rapid_review_report import (
    UnreadableDocument,
    build_rapid_review_report,
    document_text,
    render_rapid_review_report_docx,
    report_file_name,
)
from reviews.event_types import EventType
from reviews.mail import send_email
from reviews.models import Approval, ReportVersion, Review, ReviewMember, ReviewRole
from reviews.uploads import RefusedFile, check_document, safe_display_name

MAX_NOTE = 5000


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
            happened = (
                EventType.REPORT_GENERATED
                if source == ReportVersion.Source.GENERATED
                else EventType.REPORT_UPLOADED
            )
            record_event(
                review,
                happened,
                by=by,
                number=number,
                version_id=version.pk,
                sha256=digest,
                filename=original_name,
                note=note,
            )
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
    send_email(
        to=list(chairs),
        subject=f"{review.case_code}: rapid review report version {version.number} to approve",
        template="report_waiting",
        context={
            "case_code": review.case_code,
            "number": version.number,
            "link": report_link(review),
        },
    )


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
    check_rapid_review(review)
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


def _checked_upload(upload: UploadedFile[bytes]) -> tuple[bytes, str, str]:
    given = upload.name or ""
    if "/" in given or "\\" in given:
        raise ActionError(
            "The selected file's name must not include folders. Rename it and try again",
            field="file",
        )
    name = safe_display_name(given, fallback="report.docx")
    if not name.lower().endswith(".docx"):
        raise ActionError("The selected file must be a Word document (.docx)", field="file")
    try:
        checked = check_document(upload)
    except RefusedFile as refusal:
        raise ActionError(refusal.message, field="file") from None
    upload.seek(0)
    content = upload.read()
    try:
        text = document_text(content)
    except UnreadableDocument as problem:
        raise ActionError(problem.message, field="file") from None
    return content, checked.display_name, text


def upload_report_version(
    review: Review, *, by: User, upload: UploadedFile[bytes], note: str
) -> ReportVersion:
    """Keep an edited Word file as the next version, saying what changed.

    The file is judged by its contents (reviews.uploads) and must open as a Word document;
    its text is kept for comparing versions. A refused file leaves every version as it was.
    """
    check_rapid_review(review)
    note = note.strip()
    if not note:
        raise ActionError("Enter what changed in this version", field="note")
    if len(note) > MAX_NOTE:
        raise ActionError(f"What changed must be {MAX_NOTE:,} characters or fewer", field="note")
    content, name, text = _checked_upload(upload)
    return _add_version(
        review,
        by=by,
        source=ReportVersion.Source.UPLOADED,
        write=lambda number: content,
        text=lambda _: text,
        original_name=name,
        note=note,
    )
