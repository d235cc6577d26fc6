"""SQLite for the tests: flush lifts the refusing triggers, deletes, and puts them back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self,
        style: Any,
        tables: Iterable[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        tables = list(tables)
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not tables:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = [
                (name, sql) for name, table, sql in cursor.fetchall() if table in set(tables)
            ]
        drops = [f'DROP TRIGGER "{name}";' for name, _ in triggers]
        return drops + statements + [f"{sql};" for _, sql in triggers]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
