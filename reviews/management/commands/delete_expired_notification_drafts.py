"""Delete the notification drafts nobody came back to: `manage.py
delete_expired_notification_drafts` (on a schedule, config/scheduled.py).

A draft holds a child's real name and date of birth until it is saved; one left for
``DRAFT_LIFETIME`` after its last answer is abandoned. Safe to run again at any moment.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reviews.actions.notification_draft import delete_expired_notification_drafts


class Command(BaseCommand):
    help = "Delete abandoned notification drafts (past their expiry)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = delete_expired_notification_drafts()
        self.stdout.write(f"Deleted {deleted} expired notification draft(s).")
