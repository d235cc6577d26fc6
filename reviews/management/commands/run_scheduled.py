"""Run the scheduled commands (config.scheduled): once each, or in a loop for the demo.

`manage.py run_scheduled` runs every job once; `--loop` runs each at start and then every
``every`` seconds until stopped (`make run` starts it beside the web service and the worker).
Production uses cron or a systemd timer instead (README, "Scheduled jobs"). A job that fails
is reported and the loop goes on: each job is safe to run again.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from config.scheduled import SCHEDULED_JOBS, ScheduledJob
from reviews import moment


class Command(BaseCommand):
    help = "Run the scheduled commands once, or with --loop each every so often."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running them on time.")

    def handle(self, *args: Any, **options: Any) -> None:
        due: dict[str, float] = {job.command: 0.0 for job in SCHEDULED_JOBS}
        while True:
            for job in SCHEDULED_JOBS:
                if time.monotonic() >= due[job.command]:
                    self._run(job)
                    due[job.command] = time.monotonic() + job.every
            if not options["loop"]:
                return
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))

    def _run(self, job: ScheduledJob) -> None:
        self.stdout.write(f"[{moment.now():%H:%M:%S}] {job.command}")
        try:
            call_command(job.command, stdout=self.stdout, stderr=self.stderr)
        except Exception as error:
            self.stderr.write(f"{job.command} failed: {error!r}")
