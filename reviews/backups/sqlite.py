"""SQLite: a snapshot by the online backup API, restored by it too.

``Connection.backup()`` with its default of all pages copies the database in one step under one
read transaction. With the write-ahead log (config/settings/base.py) writers carry on meanwhile,
and the copy holds exactly the transactions committed before that read began: the consistency
point. (Copying the file instead can lose writes still in the -wal file.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from reviews.backups.archive import ArchiveError

FILENAME = "database.sqlite3"
Rows = list[tuple[Any, ...]]


def _path(db: BaseDatabaseWrapper) -> Path:
    return Path(str(db.settings_dict["NAME"]))


def _check_integrity(connection: sqlite3.Connection, what: str) -> None:
    (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise ArchiveError(f"The {what} failed SQLite's integrity check: {result}.")


@contextmanager
def snapshot(db: BaseDatabaseWrapper, target: Path) -> Iterator[Any]:
    """Write the snapshot to ``target``; yield a query function that reads the snapshot."""
    with (
        closing(sqlite3.connect(_path(db), timeout=60)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    with closing(sqlite3.connect(target)) as copy:
        # A single self-contained file: no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        _check_integrity(copy, "snapshot")

        def query(sql: str) -> Rows:
            return copy.execute(sql).fetchall()

        yield query


def describe(db: BaseDatabaseWrapper) -> dict[str, str]:
    return {"sqlite_version": sqlite3.sqlite_version}


def why_not_empty(db: BaseDatabaseWrapper) -> str | None:
    """Why the database cannot take a restore, or None when it is empty (or does not exist)."""
    path = _path(db)
    if not path.exists() or path.stat().st_size == 0:
        return None
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as target:
        tables = target.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    return f"{path} already has {tables} tables." if tables else None


def restore(db: BaseDatabaseWrapper, snapshot_file: Path) -> None:
    db.close()
    source_uri = f"{snapshot_file.resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(source_uri, uri=True)) as source,
        closing(sqlite3.connect(_path(db), timeout=60)) as target,
    ):
        source.backup(target)
        _check_integrity(target, "restored database")
