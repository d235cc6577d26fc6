"""The LCSPR's draft reports: every version kept, read and announced."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.anonymisation import draft_text
from reviews.actions.lcspr.drafts.versions import upload_draft
from reviews.event_types import EventType
from reviews.models import DraftReport, Event, StepRecord
from reviews.tests import lcspr_drafts_setup as setup
from reviews.tests.lcspr_drafts_setup import Capture, LcsprCase, upload, word_bytes, word_file


@pytest.fixture
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
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
    )


def test_it_keeps_every_version_and_numbers_them(case: LcsprCase) -> None:
    first = upload(case.lcspr, case.author, "First draft about Child G.")
    second = upload(case.lcspr, case.team, "Second draft about Child G.")

    assert (first.number, second.number) == (1, 2)
    assert DraftReport.objects.filter(review=case.lcspr).count() == 2
    first.refresh_from_db()
    assert "First draft" in first.text
    assert first.docx.name != second.docx.name
    assert len(first.sha256) == 64
    assert Event.objects.filter(review=case.lcspr, type=EventType.DRAFT_UPLOADED).count() == 2


def test_it_reads_paragraphs_tables_headers_and_footers() -> None:
    text = draft_text(
        word_bytes(
            ["A paragraph about Child G."],
            header="Header line",
            footer="Footer line",
            table=[["Agency", "Finding"], ["Police", "Late referral"]],
        )
    )

    for expected in ("A paragraph", "Police | Late referral", "Header line", "Footer line"):
        assert expected in text


def test_it_emails_the_panel_and_partner_leads_that_a_draft_is_ready(
    case: LcsprCase, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(case.lcspr, case.author, "A draft.")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([case.police_lead.email, case.panel_member.email])
    assert "ready for comment" in mail.outbox[0].subject
    assert case.lcspr.case_code in mail.outbox[0].body
    assert "Child G" not in mail.outbox[0].body


def test_it_completes_nothing_on_upload(case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")

    assert not StepRecord.objects.filter(review=case.lcspr, completed_on__isnull=False).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.pdf", b"%PDF-1.7 not a word file", "must be a Word document (.docx)"),
        ("draft.docx", b"plain text pretending", "contents are not one"),
        ("draft.docx", b"", "is empty"),
    ],
)
def test_it_refuses_anything_but_a_word_document(
    case: LcsprCase, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ActionError, match=re.escape(message)):
        upload_draft(case.lcspr, by=case.author, upload=SimpleUploadedFile(name, content), note="")

    assert not DraftReport.objects.exists()


def test_it_refuses_the_same_file_twice(case: LcsprCase) -> None:
    content = word_bytes(["Same text."])
    upload_draft(case.lcspr, by=case.author, upload=SimpleUploadedFile("a.docx", content))

    with pytest.raises(ActionError, match="same as version 1"):
        upload_draft(case.lcspr, by=case.author, upload=SimpleUploadedFile("b.docx", content))


def test_it_refuses_drafts_on_a_rapid_review(case: LcsprCase) -> None:
    with pytest.raises(ActionError, match="belong to an LCSPR"):
        upload_draft(case.rapid_review, by=case.team, upload=word_file())
