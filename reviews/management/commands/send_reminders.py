"""Send the reminders that fall due: `manage.py send_reminders` (run it daily, from cron or
a scheduler).

For now one kind: an LCSPR published a year ago has been published for the minimum period,
so its business team is told the report may be taken down. Each reminder goes once, so
running the command again, or twice in a day, sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews import moment
from reviews.actions.lcspr.publication.publishing import send_publication_reminders

# Exit status for bad input, as argparse uses for usage errors.
BAD_INPUT = 2


class Command(BaseCommand):
    help = "Email the reminders that are due (an LCSPR's minimum publication period passed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD); for catching up after downtime.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = moment.today()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today must be a real date written YYYY-MM-DD, not {options['today']!r}.",
                    returncode=BAD_INPUT,
                ) from None
        sent = send_publication_reminders(today=today)
        noun = "reminder" if sent == 1 else "reminders"
        self.stdout.write(f"Sent {sent} publication {noun}.")
