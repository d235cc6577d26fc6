"""Serve the demo on this machine: the web service, its worker, and the scheduled commands
(reminders, every minute: config.scheduled) (used by `make run`).

The database is prepared only when it needs it, so a second start is quick: migrations run
only when some are unapplied, and the demo partnership is loaded only when it is missing.
Ctrl+C stops both processes and ends quietly.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from demo import seed_mail
from demo.partnership import OUTSIDER, PARTNERSHIP, PEOPLE, account_lines, load_demo_data
from reviews.models import Review

# How often the worker looks for queued mail and documents, in seconds.
WORKER_INTERVAL = "2"


class Command(BaseCommand):
    help = "Prepare the database if needed, then serve the demo with its background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("serve_demo is for a development machine: DEBUG is off.")
        started = time.monotonic()
        address = f"{options['host']}:{options['port']}"
        if "SITE_URL" not in os.environ:
            # Links in emails and calendar invitations point at where the service really is,
            # for the mail the demo queues now and for the two processes started below.
            os.environ["SITE_URL"] = settings.SITE_URL = f"http://{address}"
        self._prepare_database()
        for line in account_lines([*PEOPLE, OUTSIDER]):
            self.stdout.write(line)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        # Stopped with SIGTERM (by a supervisor, or `kill`), stop the processes all the same.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        # This command ran the system checks already. The service starts first, and the worker
        # and the reminders once it answers: on a busy machine the page is ready sooner.
        processes = [_start([*manage, "runserver", "--skip-checks", address])]
        try:
            _wait_until_answering(processes[0], options["host"], int(options["port"]))
            processes += [
                _start([*manage, "db_worker", "--interval", WORKER_INTERVAL]),
                # The reminders: the worker prints each digest to this console as it sends it.
                _start([*manage, "run_scheduled", "--loop", "--skip-checks"]),
            ]
            self.stdout.write(
                f"\nSign in at http://{address}/sign-in/  (ready in "
                f"{time.monotonic() - started:.1f} s; Ctrl+C stops the service, its worker and "
                "the reminders)\n"
            )
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            _stop(processes)
        self.stdout.write("Stopped the service, its worker and the reminders.")

    def _prepare_database(self) -> None:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stdout.write(f"Preparing the database: {len(plan)} migrations to apply...")
            call_command("migrate", interactive=False, verbosity=0)
        emails = [person.email for person in PEOPLE]
        demo_present = (
            User.objects.filter(email__in=emails).count() == len(emails)
            and Review.objects.filter(partnership__short_name=PARTNERSHIP["short_name"]).exists()
        )
        if not demo_present:
            self.stdout.write("Loading the demo partnership and its reviews (once)...")
            loaded = time.monotonic()
            before = seed_mail.mark()
            load_demo_data()
            withdrawn = seed_mail.withdraw_since(before)
            self.stdout.write(
                f"Loaded the demo in {time.monotonic() - loaded:.0f} s (the {withdrawn} messages "
                "of its story are kept in the outbox, not sent: the console shows what comes next)."
            )


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a command in a session of its own, so that Ctrl+C reaches only this command,
    which then stops each quietly, even one still starting up (SIGINT there prints a
    traceback)."""
    return subprocess.Popen(command, start_new_session=True)  # noqa: S603


def _wait_until_answering(server: subprocess.Popen[bytes], host: str, port: int) -> None:
    """Wait until the service accepts connections (or has stopped), for two minutes at most."""
    host = "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104
    deadline = time.monotonic() + 120
    while server.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Ask each process group to stop (the worker finishes the task in hand), then wait."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
