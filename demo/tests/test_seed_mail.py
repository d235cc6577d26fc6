"""The mail queued while the demo loads is kept, not sent: `make run` opens on the reminders."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from demo import seed_mail
from reviews.mail import send_due_emails, send_email
from reviews.models import MailStatus, OutgoingEmail


def _queue(to: str) -> None:
    send_email(
        to=[to],
        subject="A request",
        template="reminder_digest",
        context={"lines": [], "settings_link": ""},
    )


@pytest.mark.django_db
def test_what_the_load_queued_is_withdrawn_and_what_was_queued_before_still_goes(
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _queue("before@wexmoor.example")
    before = seed_mail.mark()
    with django_capture_on_commit_callbacks(execute=True):
        _queue("story.one@wexmoor.example")
        _queue("story.two@wexmoor.example")
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.count() == 3

    assert seed_mail.withdraw_since(before) == 2

    assert dict(OutgoingEmail.objects.values_list("to", "status")) == {
        "before@wexmoor.example": MailStatus.QUEUED,
        "story.one@wexmoor.example": MailStatus.WITHDRAWN,
        "story.two@wexmoor.example": MailStatus.WITHDRAWN,
    }
    assert waiting.count() == 1
    assert send_due_emails() == 1
    assert [message.to for message in mail.outbox] == [["before@wexmoor.example"]]
