"""A backup archive on disk: one directory, every file's checksum, the media copied beside.

The layout (ADR 0014)::

    reviews-backup-20261207T210800Z/
        manifest.json       engine, applied migrations, times, version, every file's sha256 and size
        SHA256SUMS          the same checksums, and the manifest's, as ``sha256sum -c`` reads them
        database.sqlite3    or database.pgdump (pg_dump's custom format)
        media/...           MEDIA_ROOT as it was

Pure file work: no database, no Django settings.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA = "media"
FORMAT = 1
_CHUNK = 1024 * 1024
_HEX_DIGEST = 64


class ArchiveError(Exception):
    """The archive is incomplete, altered or not an archive at all."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(root: Path) -> list[str]:
    """Every regular file under ``root``, as sorted POSIX paths relative to it."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def copy_media(media_root: Path, into: Path) -> None:
    """Copy every file of MEDIA_ROOT not copied yet (a second pass adds only the new ones)."""
    for name in files_under(media_root):
        if "\n" in name or "\\" in name:
            raise ArchiveError(f"A media file's name cannot be kept safely: {name!r}.")
        target = into / name
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(media_root / name, target)
        except FileNotFoundError:
            continue  # removed since it was listed; the references check decides if it mattered


def checksums(root: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    return {
        name: {"sha256": sha256_of(root / name), "size": (root / name).stat().st_size}
        for name in names
    }


def seal(root: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest (with every file's checksum) and SHA256SUMS, and flush them to disk."""
    manifest["format"] = FORMAT
    manifest["files"] = checksums(root, files_under(root))
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    listed = {**manifest["files"], MANIFEST: {"sha256": sha256_of(root / MANIFEST)}}
    lines = [f"{entry['sha256']}  {name}\n" for name, entry in sorted(listed.items())]
    (root / SUMS).write_text("".join(lines))
    for name in [*listed, SUMS]:
        with (root / name).open("rb") as handle:
            os.fsync(handle.fileno())


def read_sums(root: Path) -> dict[str, str]:
    try:
        text = (root / SUMS).read_text()
    except (OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{root} has no readable {SUMS}: is it a backup?") from error
    sums = {}
    for line in text.splitlines():
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != _HEX_DIGEST or not name:
            raise ArchiveError(f"{SUMS} has a line that is not a checksum: {line!r}.")
        sums[name] = digest
    return sums


def verify(root: Path) -> dict[str, Any]:
    """Check every byte of the archive against its checksums; return the manifest.

    Raises ArchiveError on a missing, extra or altered file. Reads only; writes nothing.
    """
    if not root.is_dir():
        raise ArchiveError(f"{root} is not a backup archive (a directory).")
    sums = read_sums(root)
    present = set(files_under(root)) - {SUMS}
    if missing := sorted(set(sums) - present):
        raise ArchiveError(f"Files listed in {SUMS} are missing: {', '.join(missing[:5])}.")
    if extra := sorted(present - set(sums)):
        raise ArchiveError(f"Files not in {SUMS} were added: {', '.join(extra[:5])}.")
    for name, digest in sums.items():
        if sha256_of(root / name) != digest:
            raise ArchiveError(f"{name} does not match its checksum: the archive was altered.")
    try:
        manifest: dict[str, Any] = json.loads((root / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise ArchiveError(f"{MANIFEST} cannot be read.") from error
    listed = {name: entry["sha256"] for name, entry in manifest.get("files", {}).items()}
    if listed != {name: digest for name, digest in sums.items() if name != MANIFEST}:
        raise ArchiveError(f"{MANIFEST} and {SUMS} disagree: the archive was altered.")
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"This archive's format ({manifest.get('format')}) is not {FORMAT}.")
    return manifest


def media_mismatches(manifest: dict[str, Any], media_root: Path) -> list[str]:
    """The media files of the manifest that are missing or differ under ``media_root``."""
    prefix = f"{MEDIA}/"
    wrong = []
    for name, entry in manifest["files"].items():
        if name.startswith(prefix):
            path = media_root / name.removeprefix(prefix)
            if not path.is_file() or sha256_of(path) != entry["sha256"]:
                wrong.append(name.removeprefix(prefix))
    return wrong
