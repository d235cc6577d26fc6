"""A password-reset email goes through the outbox (ADR 0015): a mail server that refuses it is
tried again until it accepts, the email arrives once, and no token is ever stored in the task
queue or the outbox (the worker makes it as each attempt is sent)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_webtest import DjangoTestApp
from pytest_django import Settings

from accounts.models import User
from accounts.password_reset import send_reset_link
from reviews import mail
from reviews.models import MailStatus, OutgoingEmail
from reviews.tests.conftest import SmtpServer, _free_port

TOKEN = re.compile(r"[0-9a-z]{1,13}-[0-9a-f]{20,}")
LINK = re.compile(r"https?://\S+/password-reset/\S+")


@dataclass
class RefusingServer(SmtpServer):
    """Refuses every message (451) until told to accept."""

    accepting: bool = False
    refused: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd's hook name
        if not self.accepting:
            self.refused += 1
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def refusing_smtp(settings: Settings) -> Iterator[RefusingServer]:
    server = RefusingServer(host="127.0.0.1", port=_free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def _stored(model: type[Model]) -> str:
    return json.dumps(list(model._default_manager.values()), default=str)


def _ask(app: DjangoTestApp, email: str) -> None:
    """Ask for a link on the page, as a person does (the task is only queued)."""
    page = app.get(reverse("accounts:password-reset"))
    [form] = [form for form in page.forms.values() if "email" in form.fields]
    form["email"] = email
    response = form.submit()
    assert response.location.endswith(reverse("accounts:password-reset-sent"))


def _run_queued_task() -> None:
    """What the worker does with the queued task: run it from its stored arguments."""
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == []
    send_reset_link.call(**queued.args_kwargs["kwargs"])


def test_a_refused_reset_email_is_retried_and_arrives_once_with_no_token_stored(
    django_app_factory: Callable[..., DjangoTestApp],
    business_team_member: User,
    refusing_smtp: RefusingServer,
    settings: Settings,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _ask(django_app_factory(csrf_checks=True), "Manager@WTP.example")
        assert OutgoingEmail.objects.count() == 0  # the page only queued the task
        _run_queued_task()

    row = OutgoingEmail.objects.get()
    assert (row.to, row.status, row.attempts) == ("manager@wtp.example", MailStatus.QUEUED, 1)
    assert refusing_smtp.refused == 1
    assert row.body == ""

    refusing_smtp.accepting = True
    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        assert mail.send_due_emails() == 1
        assert mail.send_due_emails() == 0

    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 2)
    [received] = refusing_smtp.received
    assert received.rcpt_tos == ("manager@wtp.example",)
    assert received.message["Message-ID"] == row.message_id
    assert received.message["Subject"] == "Reset your password for safeguarding practice reviews"
    body = received.message.get_content()
    link = LINK.search(body)
    assert link is not None
    sent_tokens = TOKEN.findall(link.group(0))
    assert sent_tokens
    assert any(default_token_generator.check_token(business_team_member, t) for t in sent_tokens)

    stored = _stored(OutgoingEmail) + _stored(DBTaskResult)
    assert "manager@wtp.example" in stored  # the tables were read
    for token in sent_tokens:
        assert token not in stored
    for candidate in TOKEN.findall(stored):
        assert not default_token_generator.check_token(business_team_member, candidate)


def test_the_link_from_the_outbox_lets_the_person_choose_a_password(
    django_app_factory: Callable[..., DjangoTestApp],
    business_team_member: User,
    refusing_smtp: RefusingServer,
) -> None:
    refusing_smtp.accepting = True
    app = django_app_factory(csrf_checks=True)
    _ask(app, "manager@wtp.example")  # the test settings run the task at once

    [received] = refusing_smtp.received
    link = LINK.search(received.message.get_content())
    assert link is not None
    page = app.get(link.group(0)).follow()
    [form] = [form for form in page.forms.values() if "new_password1" in form.fields]
    form["new_password1"] = form["new_password2"] = "lantern orchard pebble violet"
    response = form.submit()

    assert response.location.endswith(reverse("accounts:password-reset-complete"))
    business_team_member.refresh_from_db()
    assert business_team_member.check_password("lantern orchard pebble violet")


def test_an_unknown_address_writes_nothing_to_the_outbox(
    django_app_factory: Callable[..., DjangoTestApp],
    business_team_member: User,
    refusing_smtp: RefusingServer,
) -> None:
    refusing_smtp.accepting = True
    _ask(django_app_factory(csrf_checks=True), "nobody@wtp.example")

    assert OutgoingEmail.objects.count() == 0
    assert refusing_smtp.received == []


def test_a_reset_email_for_an_account_closed_before_it_went_is_withdrawn(
    business_team_member: User,
) -> None:
    mail.send_password_reset(
        to="manager@wtp.example",
        subject="Reset your password",
        context={
            "email": "manager@wtp.example",
            "domain": "reviews.example.org",
            "site_name": "reviews.example.org",
            "protocol": "https",
            "user": business_team_member.pk,
            "template": "accounts/email/password_reset.txt",
        },
    )
    row = OutgoingEmail.objects.get()
    assert row.status == MailStatus.SENT  # the locmem backend accepted it at once

    User.objects.filter(pk=business_team_member.pk).update(is_active=False)
    OutgoingEmail.objects.filter(pk=row.pk).update(status=MailStatus.QUEUED)
    assert not mail.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == MailStatus.WITHDRAWN
