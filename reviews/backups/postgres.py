"""PostgreSQL: pg_dump's custom format from an exported snapshot, restored by pg_restore.

The backup opens a REPEATABLE READ transaction, exports its snapshot and runs
``pg_dump --snapshot`` on it, so the dump, the migrations list and the file references in the
manifest all see the same committed state: the transactions committed before that transaction
began (the consistency point). pg_dump must be the server's major version or newer.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

from reviews.backups.archive import ArchiveError

FILENAME = "database.pgdump"
Rows = list[tuple[Any, ...]]


def _environment(db: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the database: the password never appears on a command line."""
    settings = db.settings_dict
    _args, env = DatabaseClient.settings_to_cmd_args_env(settings, [])
    found = {**os.environ, **(env or {})}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            found[variable] = str(settings[key])
    return found


def _run(command: list[str], db: BaseDatabaseWrapper) -> str:
    try:
        done = subprocess.run(  # noqa: S603 (a fixed command, no shell)
            command, env=_environment(db), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise ArchiveError(f"{command[0]} is not installed on this machine.") from error
    if done.returncode != 0:
        raise ArchiveError(f"{command[0]} failed: {done.stderr.strip()}")
    return done.stdout


@contextmanager
def snapshot(db: BaseDatabaseWrapper, target: Path) -> Iterator[Any]:
    """Write the dump to ``target``; yield a query function that reads the same snapshot."""
    connection = db.get_new_connection(db.get_connection_params())
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                ],
                db,
            )

            def query(sql: str) -> Rows:
                cursor.execute(sql)
                return list(cursor.fetchall())

            yield query
            cursor.execute("COMMIT")
    finally:
        connection.close()


def describe(db: BaseDatabaseWrapper) -> dict[str, str]:
    with db.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server,) = cursor.fetchone()
    return {"server_version": server, "pg_dump": _run(["pg_dump", "--version"], db).strip()}


def why_not_empty(db: BaseDatabaseWrapper) -> str | None:
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        (tables,) = cursor.fetchone()
    name = db.settings_dict["NAME"]
    return f"The database {name} already has {tables} tables." if tables else None


def restore(db: BaseDatabaseWrapper, dump: Path) -> None:
    db.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={db.settings_dict['NAME']}",
            str(dump),
        ],
        db,
    )
