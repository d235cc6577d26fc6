"""Sending a password reset link, in the background worker.

The page that asks for a link does the same work whatever address it is given: it queues this
task with the address and answers. Looking the address up, making the token, rendering and
sending the email all happen in the worker, so how long the page takes says nothing about
whether the address belongs to an account (and a slow mail server never slows the page).
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django_tasks import task

SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/email/password_reset.txt"


@task()
def send_reset_link(
    *,
    email: str,
    domain: str,
    use_https: bool,
    subject_template_name: str = SUBJECT_TEMPLATE,
    email_template_name: str = BODY_TEMPLATE,
) -> None:
    """Email a reset link to each active account with a usable password at this address (none
    for an unknown address: Django's PasswordResetForm finds the accounts and sends)."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    PasswordResetForm.save(
        form,
        domain_override=domain,
        use_https=use_https,
        subject_template_name=subject_template_name,
        email_template_name=email_template_name,
        token_generator=default_token_generator,
    )
