"""A digest's statements do not grow with its items; its rows go in at once or not at all."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Partnership, User
from reviews.actions.json_insert import insert_rows
from reviews.actions.reminders import send_reminders
from reviews.models import ReminderDigest, ReminderStage, Review, ReviewRole, SentReminder
from reviews.tests.factories import join, make_review

ORIGIN = dt.date(2026, 3, 2)
DAY = dt.date(2026, 3, 17)  # a Tuesday, with items due soon, due today and overdue


def _reviews(partnership: Partnership, lead: User, count: int) -> None:
    for number in range(count):
        review = make_review(
            partnership=partnership, by=lead, pseudonym=f"Child {number}", origin=ORIGIN
        )
        join(review, lead, ReviewRole.BUSINESS_TEAM_LEAD, by=lead)


def _send(today: dt.date) -> tuple[int, int, int]:
    """(digests, items, queries) of one run."""
    at = dt.datetime.combine(today, dt.time(7), tzinfo=dt.UTC)
    with time_machine.travel(at, tick=False), CaptureQueriesContext(connection) as queries:
        sent = send_reminders(today=today)
    return sent.digests, sent.items, len(queries)


@pytest.mark.django_db
def test_a_digest_of_hundreds_of_items_takes_as_many_statements_as_a_digest_of_a_few(
    partnership: Partnership, business_team_member: User
) -> None:
    _reviews(partnership, business_team_member, 1)
    few = _send(DAY)
    SentReminder.objects.all().delete()
    ReminderDigest.objects.all().delete()
    _reviews(partnership, business_team_member, 39)

    many = _send(DAY)

    assert few[0] == many[0] == 1
    # Beyond what SQLite could take in one statement of ordinary parameters (999 / 8 columns).
    assert many[1] >= 40 * few[1] > 125
    assert many[2] == few[2]
    assert SentReminder.objects.count() == many[1]


def _rows(digest: ReminderDigest, review: Review, keys: list[str]) -> list[SentReminder]:
    return [
        SentReminder(
            digest=digest,
            recipient=digest.recipient,
            partnership=review.partnership,
            review=review,
            key=key,
            stage=ReminderStage.OVERDUE,
            what='Information return: "Hollin" \\ école — 13 March',
            due_on=dt.date(2026, 3, 13),
        )
        for key in keys
    ]


@pytest.mark.django_db
def test_rows_read_back_as_written_and_a_repeated_row_writes_none_of_the_statement(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    digest = ReminderDigest.objects.create(
        recipient=business_team_member, day=DAY, kind=ReminderDigest.Kind.DAILY
    )
    insert_rows(SentReminder, _rows(digest, review, ["request:1"]))
    (row,) = SentReminder.objects.all()
    assert (row.digest, row.recipient, row.review, row.key, row.due_on) == (
        digest,
        business_team_member,
        review,
        "request:1",
        dt.date(2026, 3, 13),
    )
    assert row.what == 'Information return: "Hollin" \\ école — 13 March'
    assert row.partnership_id == partnership.pk
    assert row.stage == ReminderStage.OVERDUE

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(SentReminder, _rows(digest, review, ["request:2", "request:3", "request:1"]))

    assert list(SentReminder.objects.values_list("key", flat=True)) == ["request:1"]
    with CaptureQueriesContext(connection) as queries:
        insert_rows(SentReminder, [])
    assert len(queries) == 0
