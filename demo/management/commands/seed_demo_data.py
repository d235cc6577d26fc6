"""Load the fictional demo partnership (used by `make run`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.partnership import account_lines, load_demo_data


class Command(BaseCommand):
    help = "Create the fictional demo partnership and one person for each role. Safe to rerun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load demo accounts even though DEBUG is off (never on a live service).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DEBUG is off."
            )
        for line in account_lines(load_demo_data()):
            self.stdout.write(line)
