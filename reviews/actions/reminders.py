"""Send each person's reminders for today: `manage.py send_reminders` calls this.

One transaction a person: their digest row for the day, a row for each item at its stage, and
the email queued on commit. The unique constraints make each (person, day) and each (person,
item, stage, due date) happen once, so two runs at the same moment, a run after a crash half-way
or a run after downtime send what is missing and nothing twice (ADR 0019).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from accounts.models import User
from reviews import moment
from reviews.actions.json_insert import insert_rows
from reviews.emails_reminders import reminder_digest
from reviews.models import ReminderDigest, SentReminder
from reviews.reads import reminders as reads
from reviews.reads.work import work_in_partnership
from reviews.reminder_plan import Digest, plan


@dataclass(frozen=True)
class RemindersSent:
    digests: int
    items: int
    # People another run reached first (at the same moment), so this one sent them nothing.
    skipped: int = 0


def send_reminders(
    *, today: dt.date, after_each: Callable[[Digest], None] | None = None
) -> RemindersSent:
    """Email everyone their digest of what is due soon, due today, overdue or escalated.

    ``after_each`` runs after each person's transaction commits (tests stop a run half-way).
    """
    digests = plan_for(today)
    people = reads.active_people({digest.recipient_id for digest in digests})
    sent = items = skipped = 0
    for digest in digests:
        person = people.get(digest.recipient_id)
        if person is None:
            continue
        if _send_one(digest, person, today=today):
            sent += 1
            items += len(digest.entries)
        else:
            skipped += 1
        if after_each is not None:
            after_each(digest)
    return RemindersSent(digests=sent, items=items, skipped=skipped)


def plan_for(today: dt.date) -> list[Digest]:
    """Today's digests from everyone's work (a fixed number of queries)."""
    work = [item for item in work_in_partnership(None, today) if item.due_on is not None]
    if not work:
        return []
    partnership_ids = {item.partnership_id for item in work}
    earliest = min(item.due_on for item in work if item.due_on is not None)
    return plan(
        work,
        today=today,
        rules=reads.rules_for(partnership_ids),
        contacts=reads.contacts_for(partnership_ids),
        sent=reads.sent_since(earliest),
        preferences=reads.preferences_on(today),
    )


def _send_one(digest: Digest, person: User, *, today: dt.date) -> bool:
    """Record and queue one person's digest; False when another run got there first."""
    try:
        with transaction.atomic():
            record = ReminderDigest.objects.create(
                recipient=person, day=today, kind=digest.kind, sent_at=moment.now()
            )
            # One statement whatever the number of items (bench/reminders.py).
            insert_rows(
                SentReminder,
                [
                    SentReminder(
                        digest=record,
                        recipient=person,
                        partnership_id=entry.item.partnership_id,
                        review_id=entry.item.review_id,
                        key=entry.item.key,
                        stage=entry.stage,
                        what=entry.item.what[:300],
                        due_on=entry.due_on,
                    )
                    for entry in digest.entries
                ],
            )
            reminder_digest(digest, to=person)
    except IntegrityError:
        return False
    return True
