"""The independent author's draft reports: versions, comments and answers, the draft presented
to the CSPR subgroup, and the review panel's agreement of the final draft.

Every version is kept with its file, its SHA-256 and its text (for the anonymisation check);
none is overwritten. The final draft moves rather than blocks: a version uploaded after a final
was agreed withdraws that agreement (its sign-offs stay recorded against it but no longer
count), reopens "draft-report", "final-draft-agreed" and "signed-off", and the panel agrees the
new version. Once the review is published no version can be added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO

import docx
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import (
    ActionError,
    edit_with_version_check,
    record_event,
    saved_by,
)
from reviews.actions.lcspr.start import check_open_lcspr, locked_open_lcspr
from reviews.actions.panel.common import check_day
from reviews.actions.steps import complete_step, reopen_step
from reviews.documents import clean
from reviews.documents.rapid_review_report import UnreadableDocument, document_text
from reviews.event_types import EventType
from reviews.mail import absolute_url, send_email
from reviews.models import (
    DraftComment,
    DraftReport,
    Review,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.permissions import organisations_spoken_for
from reviews.process import Step
from reviews.uploads import RefusedFile, check_document, safe_display_name

MAX_NOTE = 5000
MAX_TEXT = 10_000
MAX_WHERE = 200
DRAFT_REPORT = Step.DRAFT_REPORT
DRAFT_PRESENTED = Step.DRAFT_PRESENTED
FINAL_DRAFT_AGREED = Step.FINAL_DRAFT_AGREED
SIGNED_OFF = Step.SIGNED_OFF
PUBLISHED = Step.PUBLISHED
# Told when a version is ready for comment (domain.md: factual accuracy checked by each agency).
COMMENTERS = (ReviewRole.PANEL_MEMBER, ReviewRole.STATUTORY_PARTNER_LEAD)


def step_done(review: Review, key: Step) -> bool:
    return StepRecord.objects.filter(review=review, key=key, completed_on__isnull=False).exists()


def complete_if_open(review: Review, *, key: Step, by: User, on: dt.date) -> None:
    """Complete a step unless it is already recorded as done (its first date stands)."""
    if not step_done(review, key):
        complete_step(review, key=key, by=by, completed_on=on)


def reopen_if_done(review: Review, *, key: Step, by: User, reason: str) -> None:
    if step_done(review, key):
        reopen_step(review, key=key, by=by, reason=reason)


def newest_draft(review: Review) -> DraftReport | None:
    return DraftReport.objects.filter(review=review).defer("text").order_by("-number").first()


def final_draft(review: Review) -> DraftReport | None:
    """The version the review panel agreed as the final draft, if any (at most one)."""
    return DraftReport.objects.filter(review=review, final_agreed_on__isnull=False).first()


def draft_link(draft: DraftReport) -> str:
    return absolute_url(
        reverse("reviews:draft", kwargs={"pk": draft.review_id, "number": draft.number})
    )


def _emails(review: Review, roles: tuple[ReviewRole, ...]) -> list[str]:
    return list(
        ReviewMember.objects.filter(
            review=review, active=True, role__in=roles, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


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


def _checked_upload(upload: UploadedFile[bytes]) -> tuple[bytes, str, str]:
    given = upload.name or ""
    if "/" in given or "\\" in given:
        raise ActionError(
            "The selected file's name must not include folders. Rename it and try again",
            field="file",
        )
    name = safe_display_name(given, fallback="draft.docx")
    if not name.lower().endswith(".docx"):
        raise ActionError("The selected file must be a Word document (.docx)", field="file")
    try:
        checked = check_document(upload)
    except RefusedFile as refusal:
        raise ActionError(refusal.message, field="file") from None
    upload.seek(0)
    content = upload.read()
    try:
        text = draft_text(content)
    except UnreadableDocument as problem:
        raise ActionError(problem.message, field="file") from None
    return content, checked.display_name, text


def _withdraw_final(review: Review, final: DraftReport, *, number: int, by: User) -> None:
    """A newer version replaces the agreed final: the panel agrees again, and it is signed again."""
    final.final_agreed_on = None
    final.final_agreed_by = None
    saved_by(final, by)
    final.save(update_fields=["final_agreed_on", "final_agreed_by"])
    reason = (
        f"version {number} of the draft was uploaded after version {final.number} was agreed "
        "as the final draft"
    )
    for key in (SIGNED_OFF, FINAL_DRAFT_AGREED, DRAFT_REPORT):
        reopen_if_done(review, key=key, by=by, reason=reason)


def upload_draft(
    review: Review, *, by: User, upload: UploadedFile[bytes], note: str = ""
) -> DraftReport:
    """Keep the author's Word file as the next version and tell the review panel it is ready
    for comment.

    The file is judged by its contents (reviews.uploads) and must open as a Word document; its
    text (body, tables, headers and footers) is kept for the anonymisation check. A version
    uploaded after a final was agreed withdraws that agreement (see the module's docstring).
    """
    check_open_lcspr(review)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ActionError(f"What changed must be {MAX_NOTE:,} characters or fewer", field="note")
    content, name, text = _checked_upload(upload)
    digest = hashlib.sha256(content).hexdigest()
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked_open_lcspr(review)
            if step_done(review, PUBLISHED):
                raise ActionError(
                    f"{review.case_code} has been published: no new version can be added",
                    field="file",
                )
            previous = newest_draft(review)
            number = (previous.number if previous else 0) + 1
            if previous is not None and previous.sha256 == digest:
                raise ActionError(
                    f"The selected file is the same as version {previous.number}. Upload the "
                    "file with your changes",
                    field="file",
                )
            final = final_draft(review)
            draft = DraftReport(
                review=review,
                number=number,
                original_name=name,
                sha256=digest,
                text=text,
                note=note,
                uploaded_by=by,
            )
            draft.docx.save("draft.docx", ContentFile(content), save=False)
            stored.append(str(draft.docx.name))
            saved_by(draft, by)
            draft.save()
            # The file's name and the note are not repeated here: either could name someone.
            record_event(
                review,
                EventType.DRAFT_UPLOADED,
                by=by,
                number=number,
                draft_id=draft.pk,
                sha256=digest,
            )
            if final is not None:
                _withdraw_final(review, final, number=number, by=by)
            send_email(
                to=_emails(review, COMMENTERS),
                subject=f"{review.case_code}: draft report version {number} is ready for comment",
                template="lcspr_draft_ready",
                context={
                    "case_code": review.case_code,
                    "number": number,
                    "link": draft_link(draft),
                },
            )
    except BaseException:
        # No saved row points at the file: remove it, so a refusal leaves nothing behind.
        for stored_name in stored:
            default_storage.delete(stored_name)
        raise
    return draft


def comment_on_draft(
    draft: DraftReport,
    *,
    by: User,
    topic: DraftComment.Topic,
    text: str,
    where: str = "",
    organisation: Organisation | None = None,
) -> DraftComment:
    """Comment on the newest version, for factual accuracy or how learning is presented.

    ``organisation``, when given, must be one the person speaks for on this review.
    """
    review = draft.review
    check_open_lcspr(review)
    text, where = text.strip(), " ".join(where.split())
    if not text:
        raise ActionError("Enter your comment", field="text")
    if len(text) > MAX_TEXT:
        raise ActionError(f"The comment must be {MAX_TEXT:,} characters or fewer", field="text")
    if len(where) > MAX_WHERE:
        raise ActionError(f"Where must be {MAX_WHERE} characters or fewer", field="where")
    if topic not in DraftComment.Topic.values:
        raise ActionError("Choose what the comment is about", field="topic")
    if organisation is not None and organisation not in organisations_spoken_for(by, review):
        raise ActionError(
            f"You do not speak for {organisation.name} on this review", field="organisation"
        )
    with transaction.atomic():
        locked_open_lcspr(review)
        newest = newest_draft(review)
        if newest is None or newest.pk != draft.pk:
            raise ActionError(
                f"Version {draft.number} has been replaced by version "
                f"{newest.number if newest else draft.number}: comment on that version instead"
            )
        if newest.is_final:
            raise ActionError(
                f"Version {draft.number} is the agreed final draft: it is no longer open for "
                "comment"
            )
        comment = DraftComment(
            draft=draft,
            topic=topic,
            where=where,
            text=text,
            author=by,
            organisation=organisation,
        )
        saved_by(comment, by)
        comment.save()
        record_event(
            review,
            EventType.DRAFT_COMMENTED,
            by=by,
            number=draft.number,
            topic=DraftComment.Topic(topic).label.lower(),
            comment_id=comment.pk,
        )
        send_email(
            to=_emails(review, (ReviewRole.INDEPENDENT_AUTHOR,)),
            subject=f"{review.case_code}: a comment on draft report version {draft.number}",
            template="lcspr_draft_commented",
            context={
                "case_code": review.case_code,
                "number": draft.number,
                "link": draft_link(draft),
            },
        )
    return comment


def answer_draft_comment(
    comment: DraftComment,
    *,
    by: User,
    expected_version: int,
    status: DraftComment.Status,
    response: str,
) -> DraftComment:
    """Answer a comment: resolved (the draft was changed) or answered (no change, and why).

    Version-checked: an answer saved by someone else since the page was opened raises
    EditConflict and nothing is overwritten. The person who commented is emailed.
    """
    draft = comment.draft
    review = draft.review
    check_open_lcspr(review)
    response = response.strip()
    if status not in {DraftComment.Status.RESOLVED, DraftComment.Status.ANSWERED}:
        raise ActionError(
            "Choose whether the draft was changed or the comment answered without a change",
            field="status",
        )
    if not response:
        raise ActionError("Enter your response to the comment", field="response")
    if len(response) > MAX_TEXT:
        raise ActionError(
            f"The response must be {MAX_TEXT:,} characters or fewer", field="response"
        )
    label = DraftComment.Status(status).label
    saved = edit_with_version_check(
        comment,
        review=review,
        by=by,
        expected_version=expected_version,
        values={
            "status": DraftComment.Status(status).value,
            "response": response,
            "responded_by": by,
            "responded_at": moment.now(),
        },
        changed=EventType.DRAFT_COMMENT_ANSWERED,
        describe_values=False,
        event_detail={
            "number": draft.number,
            "status": label.split(" (")[0].lower(),
            "comment_id": comment.pk,
        },
    )
    send_email(
        to=[saved.author.email] if saved.author.is_active else [],
        subject=f"{review.case_code}: your comment on draft report version {draft.number} "
        "has been answered",
        template="lcspr_draft_comment_answered",
        context={
            "case_code": review.case_code,
            "number": draft.number,
            "status": label,
            "link": draft_link(draft),
        },
    )
    return saved


def record_draft_presented(draft: DraftReport, *, by: User, presented_on: dt.date) -> DraftReport:
    """Record the version the author presented to the CSPR subgroup, and on which day.

    Completes "draft-presented" the first time; a later version presented again is recorded
    against that version, the step keeping its first date.
    """
    review = draft.review
    check_open_lcspr(review)
    check_day(
        review,
        presented_on,
        what="The date it was presented",
        field="presented_on",
        not_before=timezone.localdate(draft.uploaded_at),
    )
    with transaction.atomic():
        locked_open_lcspr(review)
        current = DraftReport.objects.select_for_update().get(pk=draft.pk)
        if current.presented_on is not None:
            raise ActionError(
                f"Version {current.number} is already recorded as presented on "
                f"{_long(current.presented_on)}",
                field="presented_on",
            )
        current.presented_on = presented_on
        saved_by(current, by)
        current.save(update_fields=["presented_on"])
        record_event(
            review,
            EventType.DRAFT_PRESENTED,
            by=by,
            number=current.number,
            presented_on=_long(presented_on),
        )
        complete_if_open(review, key=DRAFT_PRESENTED, by=by, on=presented_on)
    return current


def agree_final_draft(draft: DraftReport, *, by: User, agreed_on: dt.date) -> DraftReport:
    """Record the review panel's agreement of the newest version as the final draft.

    Refused while any comment on it is open, and while another version is the final. Completes
    "draft-report" and "final-draft-agreed"; the organisations that sign off are told.
    """
    from reviews.actions.lcspr.signoff import (  # noqa: PLC0415  sign-off builds on drafts
        complete_sign_off_if_done,
        sign_off_emails,
    )

    review = draft.review
    check_open_lcspr(review)
    check_day(
        review,
        agreed_on,
        what="The date the panel agreed it",
        field="agreed_on",
        not_before=timezone.localdate(draft.uploaded_at),
    )
    with transaction.atomic():
        locked_open_lcspr(review)
        current = DraftReport.objects.select_for_update().get(pk=draft.pk)
        existing = final_draft(review)
        if existing is not None:
            raise ActionError(
                f"Version {existing.number} is already the agreed final draft", field="agreed_on"
            )
        newest = newest_draft(review)
        if newest is not None and newest.number != current.number:
            raise ActionError(
                f"Version {current.number} has been replaced by version {newest.number}: only "
                "the newest version can be agreed as the final draft",
                field="agreed_on",
            )
        still_open = current.comments.filter(status=DraftComment.Status.OPEN).count()
        if still_open:
            raise ActionError(
                f"Version {current.number} has {still_open} open "
                f"{'comment' if still_open == 1 else 'comments'}: answer "
                f"{'it' if still_open == 1 else 'them'} before agreeing the final draft",
                field="agreed_on",
            )
        current.final_agreed_on = agreed_on
        current.final_agreed_by = by
        saved_by(current, by)
        current.save(update_fields=["final_agreed_on", "final_agreed_by"])
        record_event(
            review,
            EventType.FINAL_DRAFT_AGREED,
            by=by,
            number=current.number,
            agreed_on=_long(agreed_on),
        )
        complete_if_open(review, key=DRAFT_REPORT, by=by, on=agreed_on)
        complete_if_open(review, key=FINAL_DRAFT_AGREED, by=by, on=agreed_on)
        # Agreed again unchanged (after a withdrawal), its earlier sign-offs may already suffice.
        complete_sign_off_if_done(review, current, by=by)
        send_email(
            to=sign_off_emails(review),
            subject=f"{review.case_code}: draft report version {current.number} is the final "
            "draft, to sign off",
            template="lcspr_draft_final",
            context={
                "case_code": review.case_code,
                "number": current.number,
                "link": absolute_url(reverse("reviews:sign-off", kwargs={"pk": review.pk})),
            },
        )
    return current
