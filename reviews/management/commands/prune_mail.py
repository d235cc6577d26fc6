"""Delete finished emails and background-task results: `manage.py prune_mail` (daily, from
cron or the demo's loop; config/scheduled.py).

Sent and withdrawn outbox rows and finished task results go after 7 days (``--days``), failed
messages after 30, and a mail task left "running" by a worker that died after a day (its
message is the outbox's to send again). Safe to run at any moment.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reviews.mail import KEEP_FINISHED_DAYS, prune


class Command(BaseCommand):
    help = "Delete sent emails and finished background-task results older than a week."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_FINISHED_DAYS,
            help=f"Keep finished rows this many days (default {KEEP_FINISHED_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pruned = prune(days=max(options["days"], 0))
        self.stdout.write(
            f"Deleted {pruned['emails']} finished emails and {pruned['tasks']} task results."
        )
