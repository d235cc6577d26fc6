"""`manage.py backup DESTINATION`: the database and MEDIA_ROOT in one checked archive.

DESTINATION is a folder (a dated archive is made inside it) or the archive's own path, which
must not exist yet. README, "Backups".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.backups import ArchiveError, take_backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT together into one archive with checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", help="A folder, or the new archive's path.")
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = take_backup(Path(options["destination"]), using=options["database"])
        except ArchiveError as error:
            raise CommandError(f"No backup written: {error}") from error
        self.stdout.write(f"Backup written to {archive}")
