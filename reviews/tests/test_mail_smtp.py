"""Mail through a real SMTP server (aiosmtpd on 127.0.0.1), as production sends it.

The in-memory outbox used elsewhere never encodes a message; these tests check that what
reaches a mail server is whole: sender, recipient, subject, body and attachments.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import transaction
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from reviews.actions.documents import (
    circulate_combined_report,
    generate_combined_report,
    write_combined_report_files,
)
from reviews.mail import Attachment, absolute_url, send_email
from reviews.models import RequestStatus, ReviewRole
from reviews.tests.conftest import SmtpServer, ask_agency
from reviews.tests.factories import join, make_review

CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REQUEST\r\n"
    b"BEGIN:VEVENT\r\nUID:test-1@example.invalid\r\nDTSTART:20260320T100000Z\r\n"
    b"SUMMARY:AWT26 decision meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
LINK = absolute_url("/reviews/1/combined-report/")


def _send(to: list[str], attachments: list[Attachment] | None = None) -> None:
    send_email(
        to=to,
        subject="AWT26: combined agency information report, version 1",
        template="combined_report_circulated",
        context={"case_code": "AWT26", "number": 1, "link": LINK},
        attachments=attachments or [],
    )


@pytest.mark.django_db
def test_each_recipient_receives_the_message_whole_with_its_attachment(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    invitation = Attachment(filename="meeting.ics", content=CALENDAR, mimetype="text/calendar")

    with django_capture_on_commit_callbacks(execute=True):
        _send(["Lead@Police.example", "legal@la.example"], [invitation])

    assert sorted(received.rcpt_tos for received in smtp_server.received) == [
        ("lead@police.example",),
        ("legal@la.example",),
    ]
    for received in smtp_server.received:
        message = received.message
        assert received.mail_from == settings.DEFAULT_FROM_EMAIL
        assert message["From"] == settings.DEFAULT_FROM_EMAIL
        assert message["To"] == received.rcpt_tos[0]
        assert message["Subject"] == "AWT26: combined agency information report, version 1"
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        assert "AWT26" in text
        assert LINK in text
        assert "Child A" not in text
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "meeting.ics"
        assert attachment.get_content_type() == "text/calendar"
        content = attachment.get_payload(decode=True)
        assert isinstance(content, bytes)
        assert content.replace(b"\r\n", b"\n") == CALENDAR.replace(b"\r\n", b"\n")


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    class SaveFailedError(Exception):
        pass

    with (  # noqa: PT012  the failure must happen inside the transaction that queued the mail
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(SaveFailedError),
        transaction.atomic(),
    ):
        _send(["lead@police.example"])
        raise SaveFailedError

    assert smtp_server.received == []


def test_circulating_the_report_sends_a_link_and_no_file_through_smtp(
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, pseudonym="Child Z")
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    give_role(
        make_user(partnership=partnership, email="counsel@la.example"),
        PartnershipRole.Role.LEGAL_REPRESENTATIVE,
    )
    ask_agency(
        review,
        police,
        by=team,
        status=RequestStatus.RETURNED,
        entries=[(dt.date(2025, 4, 1), "Home visit", "Log 3")],
    )
    document = generate_combined_report(review, by=team)
    write_combined_report_files(document.pk)  # the worker writes its files

    with django_capture_on_commit_callbacks(execute=True):
        circulate_combined_report(document, by=team)

    assert sorted(received.rcpt_tos[0] for received in smtp_server.received) == [
        "counsel@la.example",
        "lead@police.example",
    ]
    for received in smtp_server.received:
        message = received.message
        assert not message.is_multipart()
        assert list(message.iter_attachments()) == []
        raw = message.as_string()
        assert ".docx" not in raw
        assert ".pdf" not in raw
        assert "Child Z" not in raw
        text = message.get_content()
        assert absolute_url(f"/reviews/{review.pk}/combined-report/") in text
        assert review.case_code in message["Subject"]
