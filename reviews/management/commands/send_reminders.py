"""Send the reminders that fall due: `manage.py send_reminders` (run it every few minutes,
from cron or a systemd timer; README, "Scheduled jobs").

Two kinds: each person's digest of what is due soon, due today, overdue or escalated
(reviews.actions.reminders: at most one a person a day, on the partnership's working days);
and, once an LCSPR has been published for the minimum period, a note to its business team that
the report may be taken down. Each reminder goes once, so running the command again, twice at
the same moment, or after downtime sends only what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews import moment
from reviews.actions.lcspr.publication.publishing import send_publication_reminders
from reviews.actions.reminders import send_reminders

# Exit status for bad input, as argparse uses for usage errors.
BAD_INPUT = 2


class Command(BaseCommand):
    help = "Email the reminders that are due: each person's digest, and publication periods."

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
        digests = send_reminders(today=today)
        self.stdout.write(
            f"Sent {digests.digests} reminder {_plural(digests.digests, 'digest')} "
            f"({digests.items} {_plural(digests.items, 'item')})."
        )
        sent = send_publication_reminders(today=today)
        self.stdout.write(f"Sent {sent} publication {_plural(sent, 'reminder')}.")


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
