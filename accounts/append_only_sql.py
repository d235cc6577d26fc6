"""The triggers that make the database itself refuse to change or remove audit rows.

Used by migrations (accounts 0005, reviews' "audit tables refuse change" migration) and by the
test that checks every audit table carries them. On each audit table:

- SQLite: ``<table>_no_update`` and ``<table>_no_delete`` (BEFORE UPDATE / BEFORE DELETE,
  RAISE(ABORT)). SQLite has no TRUNCATE; whoever holds the file can drop a trigger, which is
  why the chained tables are also hash-chained (accounts.chain).
- PostgreSQL: ``<table>_no_update``, ``<table>_no_delete`` (row-level) and
  ``<table>_no_truncate`` (statement-level BEFORE TRUNCATE), calling
  ``refuse_change_to_append_only_row()``. The tables and triggers belong to the owner role that
  runs migrations; the service's role cannot alter, disable or drop them
  (deploy/postgres-roles.sql, docs/adr/0013).

A SQLite table rebuilt by a later migration (AlterField, AddConstraint ...) loses its
triggers: such a migration must call ``protect`` again (tests/test_audit_triggers.py fails
until it does).
"""

from __future__ import annotations

from typing import Any

FUNCTION = "refuse_change_to_append_only_row"

CREATE_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;"
)


def trigger_names(table: str, vendor: str) -> list[str]:
    kinds = ["update", "delete"] + (["truncate"] if vendor == "postgresql" else [])
    return [f"{table}_no_{kind}" for kind in kinds]


def protect(schema_editor: Any, table: str) -> None:
    """Create the refusing triggers on one table (idempotent)."""
    vendor = schema_editor.connection.vendor
    unprotect(schema_editor, table)
    if vendor == "sqlite":
        for kind in ("update", "delete"):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_{kind} BEFORE {kind.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION, params=None)  # the % belongs to PL/pgSQL
        for kind in ("update", "delete"):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_{kind} BEFORE {kind.upper()} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();"
            )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();"
        )


def unprotect(schema_editor: Any, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        return
    on = f" ON {table}" if vendor == "postgresql" else ""
    for name in trigger_names(table, "postgresql"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{on};")


def drop_original_trigger(schema_editor: Any, table: str) -> None:
    """Remove the first, narrower trigger (``<table>_append_only``) that ``protect`` replaces."""
    vendor = schema_editor.connection.vendor
    if vendor in {"sqlite", "postgresql"}:
        on = f" ON {table}" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only{on};")


def restore_original_trigger(schema_editor: Any, table: str) -> None:
    """The first trigger again (for migrating backwards)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();"
        )
