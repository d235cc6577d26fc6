"""Sending a password reset link, in the background worker, through the service's outbox.

The page that asks for a link does the same work whatever address it is given: it queues this
task with the address and answers. Looking the address up, rendering and sending the email all
happen in the worker, so how long the page takes says nothing about whether the address belongs
to an account (and a slow mail server never slows the page).

The worker writes one outbox row per account through the function
``settings.ACCOUNTS_SEND_RESET_MAIL`` names (``reviews.mail.send_password_reset``: accounts
imports nothing from reviews) and tries it at once; a mail server that refuses leaves the row
to the outbox's sweep, which retries it (ADR 0015). The row keeps the account's id, the domain
and the template, never a token: ``render_reset_body`` makes the token as each attempt is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string
from django_tasks import task

SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/email/password_reset.txt"


def _context(email: str, domain: str, use_https: bool) -> dict[str, Any]:
    """What Django's PasswordResetForm gives its templates, but the account and its token."""
    return {
        "email": email,
        "domain": domain,
        "site_name": domain,
        "protocol": "https" if use_https else "http",
    }


@task()
def send_reset_link(
    *,
    email: str,
    domain: str,
    use_https: bool,
    subject_template_name: str = SUBJECT_TEMPLATE,
    email_template_name: str = BODY_TEMPLATE,
) -> None:
    """Queue a reset link for each active account with a usable password at this address (none
    for an unknown address: Django's PasswordResetForm finds the accounts)."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    send = import_string(settings.ACCOUNTS_SEND_RESET_MAIL)
    email_field = get_user_model().get_email_field_name()
    for user in form.get_users(form.cleaned_data["email"]):
        address = getattr(user, email_field)
        context = _context(address, domain, use_https)
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        send(
            to=address,
            subject=subject,
            context={**context, "user": user.pk, "template": email_template_name},
        )


def render_reset_body(stored: Mapping[str, Any]) -> str | None:
    """The email's body with a new token, as it is sent (None when the account can no longer
    reset its password: the message is then withdrawn)."""
    user = get_user_model()._default_manager.filter(pk=stored["user"], is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    context = {
        **{key: stored[key] for key in ("email", "domain", "site_name", "protocol")},
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
    }
    return render_to_string(stored["template"], context)
