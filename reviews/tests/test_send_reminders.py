"""`manage.py send_reminders`: a year after an LCSPR is published, its business team lead (or
else the partnership's business team) is told once that the report may be taken down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from reviews.actions.lcspr.publication.publishing import (
    plan_publication,
    record_pre_publication_notice,
    record_published,
    send_publication_reminders,
)
from reviews.event_types import EventType
from reviews.models import (
    AnonymisationCheck,
    DraftReport,
    Publication,
    Review,
    ReviewKind,
    ReviewRole,
)
from reviews.reads.lcspr.publication import minimum_period_ends
from reviews.tests.factories import join, make_review

ORIGIN = dt.date(2026, 3, 6)
PUBLISHED_ON = dt.date(2026, 5, 20)


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with _at(PUBLISHED_ON):
        yield


def _published(review: Review, by: User, *, on: dt.date) -> Publication:
    """Publish through the real actions (the final draft is an ORM stand-in for the drafts
    actions written alongside)."""
    with _at(on):
        plan_publication(review, by=by, expected_version=0, planned_on=on)
        record_pre_publication_notice(review, by=by, sent_on=on, sent_to="The National Panel")
        final = DraftReport(
            review=review,
            number=1,
            original_name="final.docx",
            sha256="0" * 64,
            text="The review of Child A",
            uploaded_by=by,
            final_agreed_on=on,
            final_agreed_by=by,
        )
        final.docx.save("final.docx", ContentFile(b"PK\x03\x04"), save=False)
        final.save()
        AnonymisationCheck.objects.create(draft=final, hits=0, values_checked=1, run_by=by)
        return record_published(
            review, by=by, published_on=on, where="Website", gaps_confirmed=True, gaps_reason="Yes"
        )


@pytest.fixture
def lcspr(partnership: Partnership, business_team_member: User) -> Review:
    review = make_review(
        partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR, origin=ORIGIN
    )
    _published(review, business_team_member, on=PUBLISHED_ON)
    return review


def _run(day: dt.date, capture: DjangoCaptureOnCommitCallbacks) -> str:
    """Run the command on a day; its mail leaves the outbox on that day too (a row queued in
    the future is not due yet)."""
    out = StringIO()
    with _at(day), capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_the_lead_is_reminded_once_a_year_after_publication(
    partnership: Partnership,
    lcspr: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lead = make_user(partnership=partnership, email="lead@wtp.example", full_name="Nadia Test")
    join(lcspr, lead, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member)

    early = _run(dt.date(2027, 5, 19), django_capture_on_commit_callbacks)
    due = _run(dt.date(2027, 5, 20), django_capture_on_commit_callbacks)
    again = _run(dt.date(2027, 5, 21), django_capture_on_commit_callbacks)

    assert early == "Sent 0 reminder digests (0 items).\nSent 0 publication reminders.\n"
    assert due.endswith("Sent 1 publication reminder.\n")
    assert again.endswith("Sent 0 publication reminders.\n")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@wtp.example"]
    assert lcspr.case_code in message.subject
    assert "Wednesday 20 May 2026" in message.body
    assert "may now be taken down" in message.body
    assert f"/reviews/{lcspr.pk}/publication/" in message.body
    assert Publication.objects.get(review=lcspr).minimum_period_reminder_sent_at is not None
    event = lcspr.events.get(type=EventType.PUBLICATION_REMINDER_SENT)
    assert event.actor is None
    assert event.detail["published_on"] == "Wednesday 20 May 2026"


def test_without_a_lead_the_partnerships_business_team_is_reminded(
    partnership: Partnership,
    other_partnership: Partnership,
    lcspr: Review,
    business_team_member: User,
    outsider: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    colleague = give_role(
        make_user(partnership=partnership, email="second@wtp.example", full_name="Omar Test"),
        PartnershipRole.Role.BUSINESS_TEAM,
    )

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_publication_reminders(today=dt.date(2027, 6, 1))

    assert sent == 1
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [business_team_member.email, colleague.email]
    )
    assert outsider.email not in {address for message in mail.outbox for address in message.to}


def test_a_report_published_on_29_february_is_due_on_28_february(
    partnership: Partnership, business_team_member: User
) -> None:
    leap = dt.date(2028, 2, 29)
    review = make_review(
        partnership=partnership,
        by=business_team_member,
        kind=ReviewKind.LCSPR,
        origin=dt.date(2027, 9, 1),
        pseudonym="Child L",
    )
    _published(review, business_team_member, on=leap)

    assert minimum_period_ends(leap) == dt.date(2029, 2, 28)
    assert send_publication_reminders(today=dt.date(2029, 2, 27)) == 0
    assert send_publication_reminders(today=dt.date(2029, 2, 28)) == 1


def test_an_unpublished_review_is_never_reminded(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(
        partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR, origin=ORIGIN
    )
    plan_publication(
        review, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 6, 1)
    )

    assert send_publication_reminders(today=dt.date(2030, 1, 1)) == 0


def test_a_bad_date_is_refused_with_a_one_line_error() -> None:
    with pytest.raises(CommandError, match="--today must be a real date"):
        call_command("send_reminders", "--today", "2027-02-30", stdout=StringIO())


def test_the_date_can_be_given_to_catch_up(
    lcspr: Review, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2027-05-20", stdout=out)

    assert out.getvalue().endswith("Sent 1 publication reminder.\n")
    assert len(mail.outbox) == 1
