"""The business team's page of emails the service could not send: their partnership's only, no
body, and "try again" sends the message (through real SMTP)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from conftest import WebAs
from reviews.models import MailStatus, OutgoingEmail, Review
from reviews.tests.conftest import SmtpServer
from reviews.tests.factories import make_review

BODY = "A secret-free body that the page must not show."


def _failed(review: Review, to: str) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        review=review,
        to=to,
        subject=f"{review.case_code}: request for information",
        body=BODY,
        template="request_sent",
        status=MailStatus.FAILED,
        attempts=30,
        last_error="SMTPRecipientsRefused: no such mailbox",
        message_id=f"<{to}.{review.pk}@reviews.example>",
    )


@pytest.fixture
def other_team(other_partnership: Partnership) -> User:
    user = make_user(partnership=other_partnership, email="team@other.example")
    give_role(user, PartnershipRole.Role.BUSINESS_TEAM)
    return user


def test_the_team_sees_its_failed_mail_and_tries_again(
    web_as: WebAs,
    business_team_member: User,
    partnership: Partnership,
    other_partnership: Partnership,
    other_team: User,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ours = make_review(partnership=partnership, by=business_team_member)
    theirs = make_review(partnership=other_partnership, by=other_team)
    _failed(ours, "head@school.example")
    _failed(theirs, "someone@elsewhere.example")
    app = web_as(business_team_member)

    page = app.get(reverse("reviews:failed-mail"))

    table = page.text
    assert "head@school.example" in table
    assert ours.case_code in table
    assert "no such mailbox" in table
    assert "someone@elsewhere.example" not in page.text
    assert BODY not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        after = page.forms[1].submit().follow()
    assert "will be sent again" in after.text
    assert 'data-testid="no-failed-mail"' in after.text
    assert [received.rcpt_tos for received in smtp_server.received] == [("head@school.example",)]
    sent = OutgoingEmail.objects.get(to="head@school.example")
    assert (sent.status, sent.attempts) == (MailStatus.SENT, 1)
    assert OutgoingEmail.objects.get(review=theirs).status == MailStatus.FAILED


def test_others_are_refused_and_another_partnership_sees_only_its_own(
    web_as: WebAs,
    business_team_member: User,
    partnership: Partnership,
    auditor: User,
    other_team: User,
) -> None:
    ours = make_review(partnership=partnership, by=business_team_member)
    _failed(ours, "head@school.example")

    web_as(auditor).get(reverse("reviews:failed-mail"), status=403)
    page = web_as(other_team).get(reverse("reviews:failed-mail"))
    assert 'data-testid="no-failed-mail"' in page.text
    assert "head@school.example" not in page.text


def test_the_page_takes_the_same_queries_for_one_message_or_many(
    web_as: WebAs, business_team_member: User, partnership: Partnership
) -> None:
    app = web_as(business_team_member)
    review = make_review(partnership=partnership, by=business_team_member)
    _failed(review, "one@school.example")
    app.get(reverse("reviews:failed-mail"))
    with CaptureQueriesContext(connection) as one:
        app.get(reverse("reviews:failed-mail"))
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    for number in range(4):
        _failed(other, f"more{number}@school.example")
    with CaptureQueriesContext(connection) as many:
        page = app.get(reverse("reviews:failed-mail"))
    assert page.text.count(">Try again<") == 5
    assert len(many) == len(one)
