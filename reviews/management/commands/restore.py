"""`manage.py restore ARCHIVE`: restore a backup into an empty database, then check it.

Exit status 2: refused, nothing written (an altered archive, a database or MEDIA_ROOT that is
not empty). Exit status 1: the restore failed, or it ran but a check failed (migrations,
documents, audit chain).
README, "Backups".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.backups import (
    ArchiveError,
    RestoreRefusedError,
    RestoreUnverifiedError,
    restore_backup,
)

REFUSED = 2


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and MEDIA_ROOT, and verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive folder `manage.py backup` wrote.")
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_backup(Path(options["archive"]), using=options["database"])
        except RestoreRefusedError as refusal:
            raise CommandError(f"Refused, nothing written: {refusal}", returncode=REFUSED) from None
        except RestoreUnverifiedError as failure:
            raise CommandError(f"Restored, but it does not check out:\n{failure}") from None
        except ArchiveError as failure:
            raise CommandError(f"The restore failed: {failure}") from None
        self.stdout.write(f"Restored the backup of {restored.manifest['created_at']}.")
        for line in restored.checked:
            self.stdout.write(f"  {line}")
