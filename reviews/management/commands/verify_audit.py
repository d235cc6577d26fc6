"""Check the hash chain of every audit table: ``manage.py verify_audit``.

Prints each table's rows and last hash and exits 0 when every chain is intact; otherwise names
the first broken link (table, row id, expected and found hash) and exits 1 (CommandError), so
scripts and ``manage.py restore`` can stop on it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reviews.audit import check_all


class Command(BaseCommand):
    help = "Check the hash chains of the audit tables; exit 1 at the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checks = check_all()
        broken = [check.broken for check in checks if check.broken is not None]
        for check in checks:
            state = "broken" if check.broken else f"intact, last hash {check.head or '(empty)'}"
            self.stdout.write(f"{check.table}: {check.rows} rows {state}")
        if broken:
            raise CommandError("Audit chain broken. " + " ".join(str(item) for item in broken))
        self.stdout.write("Every audit chain is intact.")
