"""Email from the service, through an outbox (ADR 0015).

Messages carry the case code and a link, never a child's details: the link leads to a page
behind sign-in and need to know. ``send_email`` writes one ``OutgoingEmail`` row per recipient
in the caller's transaction (a rolled-back action sends nothing) and, once it commits, queues a
background task that carries only the row's id. The task (``manage.py db_worker``) claims the
row with a lease, builds the message, sends it and marks it sent. A worker killed mid-send, or a
mail server that refuses, leaves the row to ``send_due_emails`` (``manage.py send_mail``, every
minute): it sends again once the lease has run out, with back-off after a failure, for
MAIL_RETRY_HOURS, and then marks the row failed for the business team to see and try again.

Delivery is at least once with a narrow window: a worker killed after the mail server accepted
the message but before the row was marked sent sends it again (with the same Message-ID). A
retry never starts while a lease is live, and the lease outlasts the mail server's timeout.

In tests, run on-commit callbacks (``django_capture_on_commit_callbacks(execute=True)``): the
test settings run the task at once.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import make_msgid
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from accounts.password_reset import render_reset_body
from reviews import moment
from reviews.models.outbox import MailStatus, OutgoingEmail

if TYPE_CHECKING:
    from reviews.models import FeedbackLink, Review

logger = logging.getLogger(__name__)

# How long one worker holds a message it is sending. Longer than the mail server's timeout
# (EMAIL_TIMEOUT, per network operation) several times over, so a retry never races a slow
# success; a killed worker's messages wait this long before they are sent again.
LEASE_SECONDS = 600
# How long a message that cannot be sent is retried, from its first failure, before it is
# marked failed and shown to the business team.
RETRY_HOURS = 24
# Back-off after each failure: 1, 2, 4 ... minutes, at most an hour between attempts.
FIRST_BACKOFF_SECONDS = 60
MAX_BACKOFF_SECONDS = 3600
# How many due messages one sweep sends at most (it runs every minute).
SWEEP_BATCH = 200


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "MAIL_LEASE_SECONDS", LEASE_SECONDS))


def retry_for() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "MAIL_RETRY_HOURS", RETRY_HOURS))


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next attempt after ``attempts`` attempts have failed."""
    seconds = FIRST_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def absolute_url(path: str) -> str:
    """Turn a path from reverse() into a link people can follow from their inbox."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def link_to(name: str, **kwargs: int | str) -> str:
    """Return the address of a page, to follow from an inbox."""
    return absolute_url(reverse(name, kwargs=kwargs))


def _message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain.strip(">"))


def send_email(
    *,
    to: Iterable[str],
    subject: str,
    template: str,
    context: Mapping[str, Any],
    attachments: Iterable[Attachment] = (),
    review: Review | None = None,
    feedback_link: FeedbackLink | None = None,
) -> None:
    """Queue one email to each address, sent once the current transaction commits.

    ``template`` names a plain-text Jinja template under ``reviews/email/`` (without ``.txt``).
    With ``feedback_link`` the message carries that link's secret: the worker issues it and
    renders the message as it sends, so ``context`` must hold plain values only (no ``link``).
    """
    recipients = sorted({address.strip().lower() for address in to if address.strip()})
    if not recipients:
        return
    body: str
    if feedback_link is None:
        body = render_to_string(
            f"reviews/email/{template}.txt", {**context, "site_url": settings.SITE_URL}
        )
        stored_context: dict[str, Any] = {}
    else:
        body = ""
        stored_context = json.loads(json.dumps(dict(context)))  # plain values, or TypeError
    encoded = [
        {
            "filename": attachment.filename,
            "content": base64.b64encode(attachment.content).decode("ascii"),
            "mimetype": attachment.mimetype,
        }
        for attachment in attachments
    ]
    for address in recipients:
        row = OutgoingEmail.objects.create(
            review=review,
            to=address,
            subject=subject,
            body=body,
            template=template,
            context=stored_context,
            feedback_link=feedback_link,
            attachments=encoded,
            message_id=_message_id(),
        )
        transaction.on_commit(partial(send_outgoing_email.enqueue, row.pk))


# accounts' password-reset email (settings.ACCOUNTS_SEND_RESET_MAIL): its row keeps the
# account's id and plain words; accounts.password_reset renders it with a new token as it goes.
RESET_LINK_EMAIL = "accounts:password-reset"


def send_password_reset(*, to: str, subject: str, context: Mapping[str, Any]) -> None:
    """Write the reset email to the outbox and try it now (called by accounts' worker task,
    outside any page): a refusal leaves it to ``send_due_emails``, like every other message."""
    row = OutgoingEmail.objects.create(
        to=to.strip().lower(),
        subject=subject,
        template=RESET_LINK_EMAIL,
        context=json.loads(json.dumps(dict(context))),
        message_id=_message_id(),
    )
    deliver(row.pk)


@task()
def send_outgoing_email(pk: int) -> None:
    """Send one outbox row (run by the background worker: ``manage.py db_worker``)."""
    deliver(pk)


def deliver(pk: int) -> bool:
    """Claim, send and mark one message; False when it was not ours to send (already sent, in
    another worker's hands, or not due yet) or the attempt failed."""
    now = moment.now()
    claimed = (
        OutgoingEmail.objects.due()
        .filter(pk=pk)
        .update(
            status=MailStatus.SENDING,
            claimed_until=now + lease(),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        message = _build(email)
        if message is None:
            _finish(email, MailStatus.WITHDRAWN, "The link was used or expired before it went.")
            return False
        message.send(fail_silently=False)
    except Exception as error:  # any failure is recorded and retried
        _failed(email, error)
        return False
    _finish(email, MailStatus.SENT)
    return True


def _build(email: OutgoingEmail) -> EmailMessage | None:
    body: str = email.body
    if email.feedback_link_id is not None:
        # The one message with a secret: its token is made now and never stored (only its hash).
        from reviews.actions.lcspr.events.feedback import issue_feedback_token  # noqa: PLC0415

        token = issue_feedback_token(email.feedback_link_id)
        if token is None:
            return None
        context = {**email.context, "link": link_to("feedback", token=token)}
        body = render_to_string(
            f"reviews/email/{email.template}.txt", {**context, "site_url": settings.SITE_URL}
        )
    elif email.template == RESET_LINK_EMAIL:
        rendered = render_reset_body(email.context)
        if rendered is None:
            return None
        body = rendered
    message = EmailMessage(
        subject=email.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    for attachment in email.attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return message


def _mine(email: OutgoingEmail) -> Any:
    """This worker's claim on the row: the status and attempt it claimed."""
    return OutgoingEmail.objects.filter(
        pk=email.pk, status=MailStatus.SENDING, attempts=email.attempts
    )


def _finish(email: OutgoingEmail, status: MailStatus, note: str = "") -> None:
    now = moment.now()
    _mine(email).update(
        status=status,
        claimed_until=None,
        last_error=note,
        sent_at=now if status == MailStatus.SENT else None,
        finished_at=now,
    )


def _failed(email: OutgoingEmail, error: Exception) -> None:
    now = moment.now()
    failing_since = email.failing_since or now
    note = f"{type(error).__name__}: {error}"[:500]
    logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, note)
    if now >= failing_since + retry_for():
        _mine(email).update(
            status=MailStatus.FAILED, claimed_until=None, last_error=note, finished_at=now
        )
        return
    _mine(email).update(
        status=MailStatus.QUEUED,
        claimed_until=None,
        last_error=note,
        next_attempt_at=now + backoff(email.attempts),
        failing_since=failing_since,
    )


def send_due_emails(limit: int = SWEEP_BATCH) -> int:
    """Send every message that is due (``manage.py send_mail``); return how many went."""
    due = list(
        OutgoingEmail.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in due)


# How long finished rows are kept: long enough to answer "was it sent?", no longer.
KEEP_FINISHED_DAYS = 7
KEEP_FAILED_DAYS = 30
# A mail task still "running" after this was run by a worker that died: its message is the
# outbox's to send again (send_due_emails), so the stale task row is only clutter.
STALE_TASK_HOURS = 24


def prune(*, days: int = KEEP_FINISHED_DAYS) -> dict[str, int]:
    """Delete finished outbox rows and task results older than ``days`` (failed messages after
    KEEP_FAILED_DAYS); return how many of each went (``manage.py prune_mail``)."""
    from django_tasks.base import TaskResultStatus  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    now = moment.now()
    before = now - dt.timedelta(days=days)
    emails, _ = OutgoingEmail.objects.filter(
        status__in=[MailStatus.SENT, MailStatus.WITHDRAWN], finished_at__lt=before
    ).delete()
    failed, _ = OutgoingEmail.objects.filter(
        status=MailStatus.FAILED, finished_at__lt=now - dt.timedelta(days=KEEP_FAILED_DAYS)
    ).delete()
    tasks, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=before
    ).delete()
    stale, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=send_outgoing_email.module_path,
        started_at__lt=now - dt.timedelta(hours=STALE_TASK_HOURS),
    ).delete()
    return {"emails": emails + failed, "tasks": tasks + stale}
