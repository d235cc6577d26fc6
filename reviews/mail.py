"""Email from the service.

Messages carry the case code and a link, never a child's details: the link leads to a page
behind sign-in and need to know. Mail is sent by the background worker after the action's
transaction commits, so a failed save never sends mail and a slow mail server never slows a
page. In tests, run on-commit callbacks (``django_capture_on_commit_callbacks(execute=True)``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task


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


def send_email(
    *,
    to: Iterable[str],
    subject: str,
    template: str,
    context: Mapping[str, Any],
    attachments: Iterable[Attachment] = (),
) -> None:
    """Queue one email to each address once the current transaction commits.

    ``template`` names a plain-text Jinja template under ``reviews/email/`` (without ``.txt``).
    """
    recipients = sorted({address.strip().lower() for address in to if address.strip()})
    if not recipients:
        return
    body = render_to_string(
        f"reviews/email/{template}.txt", {**context, "site_url": settings.SITE_URL}
    )
    encoded = [
        {
            "filename": attachment.filename,
            "content": base64.b64encode(attachment.content).decode("ascii"),
            "mimetype": attachment.mimetype,
        }
        for attachment in attachments
    ]
    for address in recipients:
        transaction.on_commit(
            partial(
                deliver_email.enqueue,
                to=address,
                subject=subject,
                body=body,
                attachments=encoded,
            )
        )


@task()
def deliver_email(*, to: str, subject: str, body: str, attachments: list[dict[str, str]]) -> None:
    """Send one message (run by the background worker: ``manage.py db_worker``)."""
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    for attachment in attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    message.send(fail_silently=False)
