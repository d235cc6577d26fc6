"""Trying a failed email again (the business team's page of failed messages, ADR 0015)."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from accounts.models import User
from reviews import mail, moment
from reviews.actions.base import ActionError
from reviews.models import MailStatus, OutgoingEmail


def try_again(email: OutgoingEmail, *, by: User) -> None:
    """Queue a failed message again, retried for another day as if new. ``by`` is the business
    team member who asked (the page checks they may)."""
    del by  # who pressed the button is not kept: the message itself is the record
    with transaction.atomic():
        queued = OutgoingEmail.objects.filter(pk=email.pk, status=MailStatus.FAILED).update(
            status=MailStatus.QUEUED,
            attempts=0,
            next_attempt_at=moment.now(),
            failing_since=None,
            finished_at=None,
            last_error="",
        )
        if not queued:
            raise ActionError("This message is not waiting to be tried again.")
        transaction.on_commit(partial(mail.send_outgoing_email.enqueue, email.pk))
