"""Mail is never lost nor sent twice: a worker killed mid-send, a mail server that refuses.

A real ``manage.py db_worker`` process sends through a real SMTP server (aiosmtpd on 127.0.0.1)
from the same database as the test; the worker is killed with SIGKILL while the server holds its
message, and restarted. The sweep (``manage.py send_outbox``) sends what the dead worker held,
once its lease has run out and not before.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from reviews import mail
from reviews.mail import send_email
from reviews.models import MailStatus, OutgoingEmail
from reviews.tests.conftest import SmtpServer, _free_port

ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = ["ash@school.example", "bo@police.example", "cy@health.example"]
WAIT = 120  # seconds: a busy machine starts Django slowly


@dataclass
class StallingServer(SmtpServer):
    """Holds the first message it is given until released, then refuses it (451): the sender
    never hears it accepted. Every later message is accepted."""

    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd's hook name
        if not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def stalling_smtp(settings: Settings) -> Iterator[StallingServer]:
    server = StallingServer(host="127.0.0.1", port=_free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.release.set()
        controller.stop()


def _worker(port: int, *extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reviews.tests.mail_worker_settings",
        "MAIL_TEST_DB_NAME": str(connection.settings_dict["NAME"]),
        "MAIL_TEST_SMTP_PORT": str(port),
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval=0.2"]
    return subprocess.Popen(  # noqa: S603  our own interpreter and manage.py
        [*command, *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def _queue(to: list[str]) -> None:
    send_email(
        to=to,
        subject="AWT26: combined agency information report, version 1",
        template="combined_report_circulated",
        context={"case_code": "AWT26", "number": 1, "link": "https://reviews.example/r/1/"},
    )


def _received(server: SmtpServer) -> list[str]:
    return sorted(received.rcpt_tos[0] for received in server.received)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_no_message_and_sends_none_twice(
    stalling_smtp: StallingServer, settings: Settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        _queue(ADDRESSES)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 3

    first = _worker(stalling_smtp.port)
    try:
        assert stalling_smtp.holding.wait(WAIT), "the worker never reached the mail server"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(WAIT)
    stalling_smtp.release.set()
    held = OutgoingEmail.objects.get(status=MailStatus.SENDING)
    assert held.attempts == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1

    second = _worker(stalling_smtp.port, "--batch")
    assert second.wait(WAIT) == 0, second.stdout.read() if second.stdout else ""
    others = sorted(set(ADDRESSES) - {held.to})
    assert _received(stalling_smtp) == others

    # While the dead worker's lease lasts, nobody sends its message again.
    call_command("send_outbox")
    assert _received(stalling_smtp) == others
    with time_machine.travel(timezone.now() + mail.lease() + dt.timedelta(seconds=1)):
        call_command("send_outbox")
        call_command("send_outbox")

    assert _received(stalling_smtp) == sorted(ADDRESSES)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {MailStatus.SENT}
    message_ids = {received.message["Message-ID"] for received in stalling_smtp.received}
    assert message_ids == set(OutgoingEmail.objects.values_list("message_id", flat=True))


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
def refusing_smtp(settings: Settings) -> RefusingServer:
    port = _free_port()
    server = RefusingServer(host="127.0.0.1", port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return server


def _start(server: SmtpServer) -> Controller:
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    return controller


@pytest.mark.django_db
def test_a_refusing_mail_server_is_retried_with_back_off_until_it_accepts(
    refusing_smtp: RefusingServer,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        # Nobody listening: connection refused.
        with django_capture_on_commit_callbacks(execute=True):
            _queue(["ash@school.example"])
        row = OutgoingEmail.objects.get()
        assert (row.status, row.attempts) == (MailStatus.QUEUED, 1)
        assert "Connection" in row.last_error or "refused" in row.last_error
        assert row.next_attempt_at == start + dt.timedelta(minutes=1)
        assert mail.send_due_emails() == 0  # not due yet
    controller = _start(refusing_smtp)
    try:
        with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
            assert mail.send_due_emails() == 0  # refused: 451
        row.refresh_from_db()
        assert (row.status, row.attempts) == (MailStatus.QUEUED, 2)
        assert row.next_attempt_at == start + dt.timedelta(minutes=3)
        assert refusing_smtp.refused == 1
        refusing_smtp.accepting = True
        with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
            assert mail.send_due_emails() == 0  # still backing off
        with time_machine.travel(start + dt.timedelta(minutes=3), tick=False):
            assert mail.send_due_emails() == 1
            assert mail.send_due_emails() == 0
    finally:
        controller.stop()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 3)
    assert row.sent_at == start + dt.timedelta(minutes=3)
    assert _received(refusing_smtp) == ["ash@school.example"]


@pytest.mark.django_db
def test_a_message_refused_for_a_day_is_marked_failed(
    refusing_smtp: RefusingServer,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    start = timezone.now()
    controller = _start(refusing_smtp)
    try:
        with (
            time_machine.travel(start, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            _queue(["ash@school.example"])
        moment = start
        while OutgoingEmail.objects.filter(status=MailStatus.QUEUED).exists():
            moment = OutgoingEmail.objects.get().next_attempt_at
            with time_machine.travel(moment, tick=False):
                mail.send_due_emails()
    finally:
        controller.stop()
    row = OutgoingEmail.objects.get()
    assert row.status == MailStatus.FAILED
    assert moment - start >= dt.timedelta(hours=mail.RETRY_HOURS)
    assert moment - start < dt.timedelta(hours=mail.RETRY_HOURS + 1)
    # Hourly at most after the first few minutes: 6 quick tries, then one an hour.
    assert row.attempts == refusing_smtp.refused < 40
    assert refusing_smtp.received == []
