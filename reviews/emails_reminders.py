"""The reminders' one message: a person's digest of everything due, due today or overdue.

Each line carries the case code, what is due, when, and a link: never a child's details
(WorkItem.what holds the case code's context only).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from accounts.models import User
from reviews.dates_in_words import long_date
from reviews.mail import absolute_url, send_email
from reviews.models import ReminderDigest, ReminderStage
from reviews.reminder_plan import Digest


@dataclass(frozen=True)
class DigestLine:
    stage: str
    case_code: str
    what: str
    due: str
    link: str


_SUBJECTS = {
    ReminderDigest.Kind.DAILY: "Reminders: {count} due or overdue",
    ReminderDigest.Kind.WEEKLY: "Your week: {count} due or overdue",
    ReminderDigest.Kind.OVERDUE: "Overdue: {count}",
}
_STAGE_WORDS = {
    ReminderStage.BEFORE: "Due soon",
    ReminderStage.DUE_TODAY: "Due today",
    ReminderStage.OVERDUE: "Overdue",
    ReminderStage.ESCALATION: "Overdue, for you to follow up",
}


def reminder_digest(digest: Digest, *, to: User) -> None:
    """Queue one person's digest, its items in due order."""
    count = len(digest.entries)
    noun = "item" if count == 1 else "items"
    subject = _SUBJECTS[digest.kind].format(count=f"{count} {noun}")
    lines = [
        DigestLine(
            stage=_STAGE_WORDS[entry.stage],
            case_code=entry.item.case_code,
            what=entry.item.what,
            due=long_date(entry.due_on),
            link=absolute_url(entry.item.url),
        )
        for entry in digest.entries
    ]
    send_email(
        to=[to.email],
        subject=subject,
        template="reminder_digest",
        context={
            "lines": lines,
            "weekly": digest.kind is ReminderDigest.Kind.WEEKLY,
            "settings_link": absolute_url(reverse("accounts:reminders")),
        },
    )
