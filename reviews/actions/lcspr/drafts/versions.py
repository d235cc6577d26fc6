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

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from reviews import emails, moment
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.guards import (
    check_day,
    check_length,
    check_open_lcspr,
    checked_word_upload,
    locked_open_lcspr,
)
from reviews.actions.lcspr.drafts.agreements import checked_reason_for_final
from reviews.actions.lcspr.drafts.anonymisation import draft_text
from reviews.actions.records import edit_with_version_check
from reviews.actions.steps import complete_step, reopen_step
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
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
from reviews.reads.lcspr.drafts import final_draft, newest_draft

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


def _emails(review: Review, roles: tuple[ReviewRole, ...]) -> list[str]:
    return list(
        ReviewMember.objects.filter(
            review=review, active=True, role__in=roles, user__is_active=True
        ).values_list("user__email", flat=True)
    )


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


def _next_number(review: Review, digest: str) -> int:
    """The next version's number; refuse a version once published, or the newest file again."""
    if step_done(review, PUBLISHED):
        raise ActionError(
            f"{review.case_code} has been published: no new version can be added",
            field="file",
        )
    previous = newest_draft(review)
    if previous is not None and previous.sha256 == digest:
        raise ActionError(
            f"The selected file is the same as version {previous.number}. Upload the "
            "file with your changes",
            field="file",
        )
    return (previous.number if previous else 0) + 1


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
    check_length(note, limit=max_length(DraftReport, "note"), label="What changed", field="note")
    checked = checked_word_upload(upload, fallback="draft.docx", read_text=draft_text)
    content, name, text = checked.content, checked.display_name, checked.text
    digest = hashlib.sha256(content).hexdigest()
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked_open_lcspr(review)
            number = _next_number(review, digest)
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
            emails.draft_ready(draft, to=_emails(review, COMMENTERS))
    except BaseException:
        # No saved row points at the file: remove it, so a refusal leaves nothing behind.
        for stored_name in stored:
            default_storage.delete(stored_name)
        raise
    return draft


def _check_open_for_comment(review: Review, draft: DraftReport) -> None:
    """Refuse a comment on a version that is no longer the newest, or is the agreed final."""
    newest = newest_draft(review)
    if newest is None or newest.pk != draft.pk:
        raise ActionError(
            f"Version {draft.number} has been replaced by version "
            f"{newest.number if newest else draft.number}: comment on that version instead"
        )
    if newest.is_final:
        raise ActionError(
            f"Version {draft.number} is the agreed final draft: it is no longer open for comment"
        )


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
    check_length(text, limit=max_length(DraftComment, "text"), label="The comment", field="text")
    check_length(where, limit=max_length(DraftComment, "where"), label="Where", field="where")
    if topic not in DraftComment.Topic.values:
        raise ActionError("Choose what the comment is about", field="topic")
    if organisation is not None and organisation not in organisations_spoken_for(by, review):
        raise ActionError(
            f"You do not speak for {organisation.name} on this review", field="organisation"
        )
    with transaction.atomic():
        locked_open_lcspr(review)
        _check_open_for_comment(review, draft)
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
        emails.draft_commented(draft, to=_emails(review, (ReviewRole.INDEPENDENT_AUTHOR,)))
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
    check_length(
        response,
        limit=max_length(DraftComment, "response"),
        label="The response",
        field="response",
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
    emails.draft_comment_answered(
        draft, to=[saved.author.email] if saved.author.is_active else [], status=label
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
                f"{long_date(current.presented_on)}",
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
            presented_on=long_date(presented_on),
        )
        complete_if_open(review, key=DRAFT_PRESENTED, by=by, on=presented_on)
    return current


def _check_may_be_final(review: Review, current: DraftReport) -> None:
    """Refuse a version as the final draft while another is, when a newer one exists, or
    while a comment on it is open."""
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


def agree_final_draft(
    draft: DraftReport, *, by: User, agreed_on: dt.date, reason: str = ""
) -> DraftReport:
    """Record the review panel's agreement of the newest version as the final draft.

    Refused while any comment on it is open, while another version is the final, and, while
    some of the panel have not agreed it, without a reason (kept on the event). Completes
    "draft-report" and "final-draft-agreed"; the organisations that sign off are told.
    """
    from reviews.actions.lcspr.drafts.sign_off import (  # noqa: PLC0415  sign-off builds on drafts
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
        _check_may_be_final(review, current)
        without = checked_reason_for_final(current, reason)
        current.final_agreed_on = agreed_on
        current.final_agreed_by = by
        saved_by(current, by)
        current.save(update_fields=["final_agreed_on", "final_agreed_by"])
        record_event(
            review,
            EventType.FINAL_DRAFT_AGREED,
            by=by,
            number=current.number,
            agreed_on=long_date(agreed_on),
            **without,
        )
        complete_if_open(review, key=DRAFT_REPORT, by=by, on=agreed_on)
        complete_if_open(review, key=FINAL_DRAFT_AGREED, by=by, on=agreed_on)
        # Agreed again unchanged (after a withdrawal), its earlier sign-offs may already suffice.
        complete_sign_off_if_done(review, current, by=by)
        emails.draft_final(current, to=sign_off_emails(review))
    return current
