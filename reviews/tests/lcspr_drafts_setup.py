"""An LCSPR with its people, and real Word files, for the drafts, sign-off and anonymisation
tests and the authorisation matrix. Everything is made through the real actions.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from reviews.actions.lcspr.drafts.versions import agree_final_draft, comment_on_draft, upload_draft
from reviews.models import DraftComment, DraftReport, Review, ReviewKind, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests.factories import join, make_review

# Why the business team records a final draft that not every member agreed on its page (the
# action asks for a reason then: most set-ups record the panel meeting's agreement directly).
PANEL_REASON = "Agreed at the review panel meeting."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_bytes(
    paragraphs: Sequence[str],
    *,
    header: str = "",
    footer: str = "",
    table: Sequence[Sequence[str]] = (),
) -> bytes:
    """A real Word document, written with python-docx."""
    document = docx.Document()
    document.add_heading("Local child safeguarding practice review", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    section = document.sections[0]
    if header:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.is_linked_to_previous = False
        section.footer.paragraphs[0].text = footer
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def word_file(
    paragraphs: Sequence[str] = ("Child G lived with her mother.",),
    *,
    name: str = "draft.docx",
    header: str = "",
    footer: str = "",
    table: Sequence[Sequence[str]] = (),
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        word_bytes(paragraphs, header=header, footer=footer, table=table),
        content_type=DOCX_TYPE,
    )


@dataclass
class LcsprCase:
    """An LCSPR after a rapid review: the business team, the author, the police lead, the
    school's contributor (who speaks for the school but cannot read the review), a review panel
    member, and a chair who reads but speaks for nobody."""

    rapid_review: Review
    lcspr: Review
    team: User
    author: User
    police_lead: User
    school_contributor: User
    panel_member: User
    chair: User


def lcspr_case(
    partnership: Partnership,
    *,
    team: User,
    author: User,
    police_lead: User,
    police: Organisation,
    school: Organisation,
) -> LcsprCase:
    rapid = make_review(partnership=partnership, by=team, pseudonym="Child G")
    lcspr = make_review(
        partnership=partnership,
        by=team,
        kind=ReviewKind.LCSPR,
        rapid_review=rapid,
        pseudonym="Child G",
    )
    contributor = make_user(
        partnership=partnership, email="head@school.example", full_name="Rhona Test"
    )
    member = make_user(partnership=partnership, email="panel@wtp.example", full_name="Ezra Test")
    chair = make_user(partnership=partnership, email="chair@wtp.example", full_name="Ada Test")
    join(lcspr, author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(lcspr, police_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(lcspr, contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    join(lcspr, member, ReviewRole.PANEL_MEMBER, by=team)
    join(lcspr, chair, ReviewRole.SUBGROUP_CHAIR, by=team)
    return LcsprCase(rapid, lcspr, team, author, police_lead, contributor, member, chair)


def upload(
    review: Review,
    by: User,
    *paragraphs: str,
    header: str = "",
    table: Sequence[Sequence[str]] = (),
) -> DraftReport:
    return upload_draft(
        review,
        by=by,
        upload=word_file(
            paragraphs or (f"Draft text {timezone.now().isoformat()}",), header=header, table=table
        ),
    )


def final_version(review: Review, *, author: User, team: User) -> DraftReport:
    """Upload a version and record it as the agreed final draft, today."""
    draft = upload(review, author, "The final draft about Child G.")
    return agree_final_draft(draft, by=team, agreed_on=timezone.localdate(), reason=PANEL_REASON)


Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]

TODAY = timezone.localdate


def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> LcsprCase:
    return lcspr_case(
        partnership,
        team=business_team_member,
        author=independent_author,
        police_lead=partner_lead,
        police=police,
        school=school,
    )


def done(case: LcsprCase, key: Step) -> dt.date | None:
    record = StepRecord.objects.filter(review=case.lcspr, key=key).first()
    return record.completed_on if record else None


def comment_on(
    case: LcsprCase, draft: DraftReport, text: str = "The date is wrong."
) -> DraftComment:
    return comment_on_draft(
        draft,
        by=case.police_lead,
        topic=DraftComment.Topic.FACTUAL_ACCURACY,
        text=text,
        where="Section 3",
    )
