"""`manage.py backup` while people edit, then `manage.py restore` into an empty database.

Runs on the engine DATABASE_URL chooses (SQLite file or PostgreSQL). The restore runs as an
operator runs it: `manage.py restore` in its own process, pointed by DATABASE_URL and
MEDIA_ROOT at an empty database and an empty folder. The restored database is then read
directly.

The consistency point: the snapshot holds exactly the transactions committed before it began.
The manifest brackets that moment (snapshot_started_at .. snapshot_finished_at), so an edit
committed before the start must be in the restore, one begun after the finish must not be, and
every edit is there whole (its change and its event) or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import Organisation, Partnership, User
from reviews import actions
from reviews.actions.requests import attachments
from reviews.backups import archive, take_backup
from reviews.event_types import EventType
from reviews.models import Review, SupportingDocument
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import PDF, docx_bytes, send_request

pytestmark = pytest.mark.django_db(transaction=True)

EDITS = 20
Rows = Callable[[str], list[tuple[Any, ...]]]


@dataclass
class Target:
    """An empty database and media folder to restore into, and a way to read them back."""

    url: str
    media: Path
    rows: Rows
    tables: Callable[[], int]


def _sqlite_target(tmp_path: Path, name: str) -> Iterator[Target]:
    path = tmp_path / f"{name}.sqlite3"

    def rows(sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(path)) as db:
            return db.execute(sql).fetchall()

    def tables() -> int:
        if not path.exists():
            return 0
        return len(rows("SELECT name FROM sqlite_master WHERE type = 'table'"))

    yield Target(f"sqlite:///{path}", tmp_path / f"{name}-media", rows, tables)


def _postgres_target(tmp_path: Path, name: str) -> Iterator[Target]:
    own = connection.settings_dict
    database = f"test_restore_{os.getpid()}_{name}"
    server = {
        "host": own["HOST"] or "localhost",
        "port": own["PORT"] or 5432,
        "user": own["USER"],
        "password": own["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')

    def rows(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(dbname=database, **server) as db:
            return db.execute(sql).fetchall()

    def tables() -> int:
        return len(rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))

    password = f":{own['PASSWORD']}" if own["PASSWORD"] else ""
    url = f"postgres://{own['USER']}{password}@{server['host']}:{server['port']}/{database}"
    try:
        yield Target(url, tmp_path / f"{name}-media", rows, tables)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[Callable[[str], Target]]:
    """Make empty restore targets on this test's engine; PostgreSQL ones are dropped after."""
    opened: list[Iterator[Target]] = []

    def make(name: str) -> Target:
        maker = _postgres_target if connection.vendor == "postgresql" else _sqlite_target
        made = maker(tmp_path, name)
        opened.append(made)
        return next(made)

    yield make
    for made in opened:
        next(made, None)


def _manage(target: Target, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "DATABASE_URL": target.url,
        "MEDIA_ROOT": str(target.media),
    }
    return subprocess.run(  # noqa: S603  fixed arguments, this repository's manage.py
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _documents(partnership: Partnership, by: User, contributor: User, org: Organisation) -> None:
    review = make_review(partnership=partnership, by=by, pseudonym="Child Z")
    request = send_request(review, org, by=by, contributor=contributor)
    for upload in (
        SimpleUploadedFile("plan.pdf", PDF),
        SimpleUploadedFile("notes.docx", docx_bytes("Seen at the fictional clinic")),
    ):
        attachments.add_supporting_document(request, by=contributor, upload=upload)


@dataclass
class Edit:
    review_pk: int
    pseudonym: str
    began: dt.datetime | None = None
    committed: dt.datetime | None = None
    errors: list[BaseException] = field(default_factory=list)


def _run_edits(
    edits: list[Edit], by: User, backup_called: threading.Event
) -> list[threading.Thread]:
    """Each edit in its own thread; the first half staggered, the second half only once the
    backup has been called, so they run while it does."""

    def edit(number: int, one: Edit) -> None:
        try:
            if number >= len(edits) // 2:
                backup_called.wait(timeout=60)
            time.sleep((number % (len(edits) // 2)) * 0.02)
            review = Review.objects.get(pk=one.review_pk)
            one.began = timezone.now()
            actions.update_review_details(
                review, by=by, expected_version=review.version, pseudonym=one.pseudonym, summary=""
            )
            one.committed = timezone.now()
        except BaseException as error:
            one.errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=pair) for pair in enumerate(edits)]
    for thread in threads:
        thread.start()
    return threads


def test_a_backup_taken_during_twenty_edits_restores_every_committed_edit(
    tmp_path: Path,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    empty_target: Callable[[str], Target],
) -> None:
    _documents(partnership, business_team_member, agency_contributor, school)
    reviews = [
        make_review(partnership=partnership, by=business_team_member, pseudonym=f"Child {n}")
        for n in range(EDITS)
    ]
    edits = [Edit(review.pk, f"Child {n} renamed") for n, review in enumerate(reviews)]
    backup_called = threading.Event()
    threads = _run_edits(edits, business_team_member, backup_called)
    while sum(edit.committed is not None for edit in edits) < 3:
        time.sleep(0.01)
    backup_called.set()
    path = take_backup(tmp_path / "archive")
    for thread in threads:
        thread.join(timeout=120)
    assert not [edit.errors for edit in edits if edit.errors]

    target = empty_target("restored")
    restored = _manage(target, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "audit chain verified" in restored.stdout

    manifest = archive.verify(path)
    started = dt.datetime.fromisoformat(manifest["snapshot_started_at"])
    finished = dt.datetime.fromisoformat(manifest["snapshot_finished_at"])
    names: dict[int, str] = dict(target.rows(f"SELECT id, pseudonym FROM {Review._meta.db_table}"))  # noqa: S608
    events = target.rows("SELECT review_id, type FROM reviews_event")
    changed = {review for review, kind in events if kind == EventType.DETAILS_CHANGED}
    present = {edit.review_pk for edit in edits if names[edit.review_pk] == edit.pseudonym}
    assert present == changed  # each edit whole: its change and its event, or neither
    for edit in edits:
        assert edit.began is not None
        assert edit.committed is not None
        if edit.committed < started:
            assert edit.review_pk in present
        if edit.began > finished:
            assert edit.review_pk not in present
    assert len(present) >= 3
    # The edits ran while the backup did: some committed after the snapshot began.
    assert any(edit.committed and edit.committed > started for edit in edits)

    media = Path(settings.MEDIA_ROOT)
    table = SupportingDocument._meta.db_table
    stored = [name for (name,) in target.rows(f"SELECT file FROM {table}")]  # noqa: S608
    assert len(stored) == 2
    for name in stored:
        assert (target.media / name).read_bytes() == (media / name).read_bytes()
        assert manifest["files"][f"media/{name}"]["sha256"] == archive.sha256_of(media / name)

    again = _manage(target, "restore", str(path))
    assert again.returncode == 2, again.stderr
    assert "only into an empty database" in again.stderr


def test_an_archive_with_one_byte_changed_is_refused_before_anything_is_written(
    tmp_path: Path,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    empty_target: Callable[[str], Target],
) -> None:
    _documents(partnership, business_team_member, agency_contributor, school)
    path = take_backup(tmp_path)
    database = path / archive.verify(path)["database_file"]
    tampered = tmp_path / "tampered"
    shutil.copytree(path, tampered)
    data = bytearray((tampered / database.name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (tampered / database.name).write_bytes(bytes(data))

    target = empty_target("tampered")
    refused = _manage(target, "restore", str(tampered))

    assert refused.returncode == 2, refused.stderr
    assert "does not match its checksum" in refused.stderr
    assert target.tables() == 0
    assert not target.media.exists()


def test_a_changed_or_added_media_file_fails_the_checksums(
    tmp_path: Path,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    _documents(partnership, business_team_member, agency_contributor, school)
    path = take_backup(tmp_path / "archive")
    archive.verify(path)
    (path / "media" / "extra.pdf").write_bytes(PDF)
    with pytest.raises(archive.ArchiveError, match="were added"):
        archive.verify(path)
    (path / "media" / "extra.pdf").unlink()
    one = next((path / "media").rglob("*.pdf"))
    one.write_bytes(one.read_bytes().replace(b"Catalog", b"Catalgo"))
    with pytest.raises(archive.ArchiveError, match="does not match its checksum"):
        archive.verify(path)


def test_a_backup_never_overwrites(tmp_path: Path, partnership: Partnership) -> None:
    call_command("backup", str(tmp_path / "taken"), stdout=StringIO())
    written = archive.verify(tmp_path / "taken")

    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", str(tmp_path / "taken"), stdout=StringIO())

    assert archive.verify(tmp_path / "taken") == written
    assert not list(tmp_path.glob(".*partial*"))
