"""Backups of the database and the media together, and their restore (README, "Backups").

``take_backup`` writes one archive directory (archive.py): a consistent snapshot of the
database (sqlite.py, postgres.py), MEDIA_ROOT, and a manifest of checksums. ``restore_backup``
checks every checksum before it touches anything, restores only into an empty database and an
empty MEDIA_ROOT, then checks what it restored (checks.py). ADR 0014 says why.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from reviews import moment
from reviews.backups import archive, postgres, sqlite
from reviews.backups.archive import MEDIA, ArchiveError
from reviews.backups.checks import (
    applied_migrations_query,
    file_reference_queries,
    problems_after_restore,
)

__all__ = [
    "ArchiveError",
    "RestoreRefusedError",
    "RestoreUnverifiedError",
    "restore_backup",
    "take_backup",
]


class RestoreRefusedError(Exception):
    """Nothing was written: the archive is altered, or the target is not empty."""


class RestoreUnverifiedError(Exception):
    """The restore ran but what it restored fails a check."""


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    checked: list[str]


def _engine(db: BaseDatabaseWrapper) -> ModuleType:
    engines = {"sqlite": sqlite, "postgresql": postgres}
    if db.vendor not in engines:
        raise ArchiveError(f"Backups support SQLite and PostgreSQL, not {db.vendor}.")
    return engines[db.vendor]


def _version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text())["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "unknown"


def _archive_path(destination: Path) -> Path:
    if destination.is_dir() and not (destination / archive.SUMS).exists():
        stamp = moment.now().strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"reviews-backup-{stamp}"
    if destination.exists():
        raise ArchiveError(f"{destination} already exists: a backup never overwrites.")
    if not destination.parent.is_dir():
        raise ArchiveError(f"{destination.parent} is not a folder.")
    return destination


def _fill(work: Path, db: BaseDatabaseWrapper) -> dict[str, Any]:
    """Write the snapshot and the media into ``work``; return the manifest's facts."""
    engine, media_root = _engine(db), Path(settings.MEDIA_ROOT)
    # Media before and after the snapshot: a file committed before it is in the first pass or
    # the second; one removed after it was copied in the first.
    archive.copy_media(media_root, work / MEDIA)
    started = moment.now()
    with engine.snapshot(db, work / engine.FILENAME) as query:
        finished = moment.now()
        migrations = [f"{app}.{name}" for app, name in query(applied_migrations_query())]
        references = {name for sql in file_reference_queries() for (name,) in query(sql)}
    archive.copy_media(media_root, work / MEDIA)
    if missing := sorted(name for name in references if not (work / MEDIA / name).is_file()):
        raise ArchiveError(
            f"Documents the database refers to are missing from MEDIA_ROOT: {missing[:5]}."
        )
    return {
        "engine": db.vendor,
        "database_file": engine.FILENAME,
        **engine.describe(db),
        "migrations": migrations,
        "snapshot_started_at": started.isoformat(),
        "snapshot_finished_at": finished.isoformat(),
        "version": _version(),
    }


def take_backup(destination: Path, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Write an archive at ``destination`` (or a dated one inside it, if it is a folder)."""
    target = _archive_path(destination)
    work = target.with_name(f".{target.name}.partial-{os.getpid()}")
    work.mkdir()
    try:
        manifest = _fill(work, connections[using])
        manifest["created_at"] = moment.now().isoformat()
        archive.seal(work, manifest)
        if target.exists():
            raise ArchiveError(f"{target} appeared while the backup ran: not overwritten.")
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    descriptor = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return target


def _refusal(manifest: dict[str, Any], db: BaseDatabaseWrapper, media_root: Path) -> str | None:
    if manifest.get("engine") != db.vendor:
        return f"The archive is of a {manifest.get('engine')} database; this one is {db.vendor}."
    try:
        why = _engine(db).why_not_empty(db)
    except DatabaseError as error:
        return f"The database cannot be reached: {error}"
    if why:
        return f"{why} A restore goes only into an empty database."
    if files := archive.files_under(media_root):
        return f"MEDIA_ROOT ({media_root}) already holds {len(files)} files; it must be empty."
    return None


def restore_backup(source: Path, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Restore an archive into an empty database and MEDIA_ROOT, then check the result."""
    db, media_root = connections[using], Path(settings.MEDIA_ROOT)
    try:
        manifest = archive.verify(source)
    except ArchiveError as error:
        raise RestoreRefusedError(str(error)) from error
    if why := _refusal(manifest, db, media_root):
        raise RestoreRefusedError(why)
    _engine(db).restore(db, source / manifest["database_file"])
    archive.copy_media(source / MEDIA, media_root)
    problems, checked = problems_after_restore(db, manifest, media_root)
    if problems:
        raise RestoreUnverifiedError("\n".join(problems))
    return Restored(manifest=manifest, checked=checked)
