"""An LCSPR's drafts: versions uploaded by the author, checked for identifying details,
commented on and answered, the final draft agreed and signed off."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from demo.days import on_day
from demo.lcsprs.cases import LCSPRS
from demo.lcsprs.cast import ICB, POLICE, Run
from demo.lcsprs.events import events_done
from reviews.actions.lcspr.drafts.anonymisation import check_anonymisation
from reviews.actions.lcspr.drafts.sign_off import sign_off_final_draft
from reviews.actions.lcspr.drafts.versions import (
    agree_final_draft,
    answer_draft_comment,
    comment_on_draft,
    record_draft_presented,
    upload_draft,
)
from reviews.actions.lcspr.publication.monitoring import ask_author, record_author_reply
from reviews.models import DraftComment, DraftReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _word(paragraphs: Sequence[str]) -> bytes:
    document = docx.Document()
    document.add_heading("Local child safeguarding practice review", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def draft(run: Run, n: int, *, naming: str = "", note: str = "") -> DraftReport:
    """The author uploads the next version; ``naming`` slips a real name into it."""
    pseudonym = run.review.pseudonym
    paragraphs = [
        f"This review considers the experiences of {pseudonym} and the help the agencies gave.",
        f"{naming or pseudonym} was seen by the health visitor, the school and the police in "
        "the year before the incident; each saw part of the picture.",
        "Learning: ask who lives in the household, and share what is seen when it is seen.",
    ]
    number = DraftReport.objects.filter(review=run.review).count() + 1
    if number > 1:
        paragraphs.append("Officers attended the home twice: in the winter and in the spring.")
    upload = SimpleUploadedFile(
        f"{pseudonym.lower().replace(' ', '-')}-draft-{number}.docx",
        _word(paragraphs),
        content_type=DOCX_TYPE,
    )
    with on_day(run.day(n)):
        return upload_draft(run.review, by=run.cast.author, upload=upload, note=note)


def _drafts(run: Run, *, leave_open: bool) -> DraftReport:
    """Version 1 (naming the child, unless drafting only), a factual accuracy comment resolved,
    version 2; on the drafting stage a comment on version 2 stays open."""
    cast = run.cast
    first = draft(run, 50, naming="" if leave_open else _real_child_name(run))
    with on_day(run.day(51)):
        check_anonymisation(first, by=cast.team)
    with on_day(run.day(52)):
        comment = comment_on_draft(
            first,
            by=cast.lead(POLICE),
            topic=DraftComment.Topic.FACTUAL_ACCURACY,
            where="Chronology, second paragraph",
            text="Officers attended twice, not once: the second visit was in the spring.",
            organisation=cast.organisations[POLICE],
        )
    with on_day(run.day(55)):
        answer_draft_comment(
            comment,
            by=cast.author,
            expected_version=comment.version,
            status=DraftComment.Status.RESOLVED,
            response="Corrected in version 2: both visits are now in the chronology.",
        )
    second = draft(run, 58, note="Police visits corrected; the child's name removed.")
    with on_day(run.day(59)):
        check_anonymisation(second, by=cast.team)
    if leave_open:
        with on_day(run.day(60)):
            comment_on_draft(
                second,
                by=cast.lead(ICB),
                topic=DraftComment.Topic.PRESENTATION,
                where="Learning, point 3",
                text="Could the learning about the missed appointment be written for GPs too?",
                organisation=cast.organisations[ICB],
            )
    return second


def _real_child_name(run: Run) -> str:
    return next(spec.identities[0][2] for spec in LCSPRS if spec.pseudonym == run.review.pseudonym)


def to_drafting(run: Run) -> None:
    events_done(run)
    _drafts(run, leave_open=True)
    with on_day(run.day(61)):
        entry = ask_author(
            run.review,
            by=run.cast.team,
            dated=run.day(61),
            text="Please send version 3 by the end of next month, answering the open comments.",
        )
    with on_day(run.day(63)):
        record_author_reply(
            run.review,
            by=run.cast.team,
            entry=entry,
            expected_version=entry.version,
            replied_on=run.day(63),
            reply="Version 3 will follow by then.",
        )


def final_and_signed(run: Run, signers: Sequence[tuple[User, str]]) -> DraftReport:
    events_done(run)
    final = _drafts(run, leave_open=False)
    cast = run.cast
    with on_day(run.day(62)):
        record_draft_presented(final, by=cast.team, presented_on=run.day(62))
    with on_day(run.day(66)):
        final = agree_final_draft(
            final,
            by=cast.team,
            agreed_on=run.day(66),
            reason="Agreed at the review panel meeting; the school lead's agreement follows.",
        )
    for offset, (person, organisation) in enumerate(signers):
        with on_day(run.day(68 + offset)):
            sign_off_final_draft(final, by=person, organisation=cast.organisations[organisation])
    return final
