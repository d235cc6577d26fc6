"""The digest over real SMTP; two runs at the same moment; a run killed half-way."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from reviews.actions.reminders import RemindersSent, send_reminders
from reviews.dates_in_words import long_date
from reviews.mail import absolute_url
from reviews.models import ReminderDigest, Review, ReviewRole, SentReminder
from reviews.reminder_plan import Digest
from reviews.tests.conftest import SmtpServer, ask_agency
from reviews.tests.factories import join, make_review

ESCALATION_DAY = dt.date(2026, 3, 17)  # the school's return (due 13 March) two days late


def _world(partnership: Partnership, team: User, contributor: User, school: Organisation) -> Review:
    review = make_review(partnership=partnership, by=team)
    join(review, team, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
    ask_agency(review, school, by=team, contributor=contributor)
    second = make_review(partnership=partnership, by=team, pseudonym="Child B")
    ask_agency(second, school, by=team, contributor=contributor)
    return review


@pytest.mark.django_db
def test_the_digest_reaches_a_real_mail_server_with_its_items_in_due_order(
    smtp_server: SmtpServer,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    review = _world(partnership, business_team_member, agency_contributor, school)

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=ESCALATION_DAY)

    to_lead = [r for r in smtp_server.received if r.rcpt_tos == (business_team_member.email,)]
    (received,) = to_lead
    message = received.message
    assert message["Subject"].startswith("Reminders: ")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Child A" not in text
    assert "Child B" not in text
    assert absolute_url(f"/reviews/{review.pk}/") in text
    # Every item once, in due order (dates read in the order they appear).
    sent = list(
        SentReminder.objects.filter(recipient=business_team_member).order_by("due_on", "pk")
    )
    # Each item's date line ("Due Tuesday 17 March 2026"), not its stage ("Due today: ...").
    due_lines = [line for line in text.splitlines() if line.startswith("Due ") and ":" not in line]
    assert due_lines == [f"Due {long_date(row.due_on)}" for row in sent]
    assert "Overdue, for you to follow up: " + review.case_code in text


def _race(count: int) -> list[RemindersSent]:
    start = threading.Barrier(count)
    results: list[RemindersSent] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            results.append(send_reminders(today=ESCALATION_DAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    _world(partnership, business_team_member, agency_contributor, school)

    results = _race(2)

    assert len(results) == 2
    digests = ReminderDigest.objects.filter(day=ESCALATION_DAY)
    assert sum(result.digests for result in results) == digests.count() >= 2
    assert digests.values("recipient").distinct().count() == digests.count()
    rows = list(SentReminder.objects.values_list("recipient_id", "key", "stage", "due_on"))
    assert len(rows) == len(set(rows))


class CrashError(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_half_way_then_run_again_sends_the_rest_and_nothing_twice(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    _world(partnership, business_team_member, agency_contributor, school)
    done: list[Digest] = []

    def crash_after_the_first(digest: Digest) -> None:
        done.append(digest)
        raise CrashError

    with pytest.raises(CrashError):
        send_reminders(today=ESCALATION_DAY, after_each=crash_after_the_first)
    (first,) = done
    assert list(ReminderDigest.objects.values_list("recipient_id", flat=True)) == [
        first.recipient_id
    ]

    again = send_reminders(today=ESCALATION_DAY)

    recipients = list(ReminderDigest.objects.values_list("recipient_id", flat=True))
    assert len(recipients) == len(set(recipients)) == again.digests + 1
    assert first.recipient_id in recipients
    assert send_reminders(today=ESCALATION_DAY).digests == 0
