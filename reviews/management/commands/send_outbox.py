"""Send every email that is due: `manage.py send_outbox` (every minute, from cron or the demo's
loop; config/scheduled.py).

The background worker sends each message as soon as its action commits; this sweep sends what
it could not: a message whose worker was killed mid-send (once its lease has run out) and a
message the mail server refused (after its back-off). Safe to run at any moment, and beside the
worker: each message is claimed by one sender at a time (reviews.mail, ADR 0015).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reviews.mail import send_due_emails


class Command(BaseCommand):
    help = "Send the emails that are due (retries, and those of a worker that died)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_emails()
        noun = "email" if sent == 1 else "emails"
        self.stdout.write(f"Sent {sent} {noun}.")
