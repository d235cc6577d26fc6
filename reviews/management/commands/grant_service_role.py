"""Give the service's PostgreSQL role what it needs and nothing more:
``manage.py grant_service_role reviews_service``, run as the owner role after ``migrate``.

Rows only (SELECT, INSERT, UPDATE, DELETE on every table, the sequences for new ids): no
TRUNCATE, no ownership, so the role cannot alter, disable or drop the audit tables' triggers
(deploy/postgres-roles.sql, docs/adr/0013). UPDATE and DELETE are granted on every table
because the service changes its own rows; on audit tables the triggers refuse them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction


def grants(role: str) -> list[str]:
    name = connection.ops.quote_name(role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {name}",
    ]


class Command(BaseCommand):
    help = "Grant the service's PostgreSQL role row access only (run as the owner role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role")

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Roles are PostgreSQL's: SQLite has one user, the file's owner.")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in grants(role):
                cursor.execute(statement)
        self.stdout.write(f"{role} may read and write rows; it owns nothing.")
