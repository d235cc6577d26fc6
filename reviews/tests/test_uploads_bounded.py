"""Parsing an upload runs in a child process held to a memory, CPU and wall-clock bound
(reviews.bounded; issue 18, item 3).

The zip checks (test_uploads_bombs) refuse a file that unpacks to too much before any parser
opens it. These tests cover what passes them yet costs far more to parse than a real document:
the child is stopped, the web worker (this test process) carries on, the person reads why, and
nothing is saved.
"""

from __future__ import annotations

import io
import random
import resource
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from docx.oxml.parser import parse_xml
from pytest_django import Settings
from webtest import Upload

from accounts.models import User
from conftest import WebAs
from reviews.bounded import ParseLimitExceeded, run_bounded
from reviews.documents.rapid_review_report import UnreadableDocument, document_text
from reviews.event_types import EventType
from reviews.imports import UnreadableFile, read_chronology
from reviews.models import Event, ReportVersion
from reviews.tests.report_setup import WORKING_DAY_TWELVE, ReportCase, word_file
from reviews.uploads import MB, WORD_LIMITS, check_zip

LETTERS = "abcdefghijklmnopqrstuvwxyz"


# Run in the child: module-level, so the child finds them by name.
def _echo(value: object) -> object:
    return value


def _allocate_forever() -> None:
    held = []
    while True:
        held.append(bytearray(32 * MB))


def _parse_a_huge_tree() -> int:
    """lxml's memory, which tracemalloc never sees: two million elements, about 300 MB."""
    return len(parse_xml(b"<a>" + b"<b>x</b>" * 2_000_000 + b"</a>"))


def _spin() -> None:
    while True:
        pass


def _sleep() -> None:
    time.sleep(60)


@pytest.fixture(scope="module", autouse=True)
def _forkserver_started() -> None:
    """A web worker starts its forkserver on its first upload (a few seconds); the costs
    measured here are those of every upload after it."""
    assert run_bounded(_echo, "ready") == "ready"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_result_and_the_functions_own_refusal_come_back_as_they_were() -> None:
    assert run_bounded(document_text, word_file("Child Z was seen.", "A second line.")) == (
        "Child Z was seen.\nA second line."
    )
    with pytest.raises(UnreadableDocument, match="could not be opened as a Word document"):
        run_bounded(document_text, b"PK\x03\x04 not really a zip")


@pytest.mark.parametrize("allocate", [_allocate_forever, _parse_a_huge_tree])
def test_a_function_using_more_memory_than_the_limit_is_stopped_and_the_parent_goes_on(
    allocate: object,
) -> None:
    before = _peak_rss_mb()
    started = time.monotonic()

    with pytest.raises(ParseLimitExceeded) as stopped:
        run_bounded(allocate, memory_mb=200)  # type: ignore[arg-type]

    assert stopped.value.message == (
        "The file is too large or complex to read: reading it needs more than 200 MB of memory"
    )
    assert time.monotonic() - started < 10
    assert _peak_rss_mb() - before < 50
    assert run_bounded(_echo, 42) == 42


def test_a_function_spinning_the_processor_is_stopped_by_the_cpu_limit() -> None:
    started = time.monotonic()

    with pytest.raises(ParseLimitExceeded) as stopped:
        run_bounded(_spin, cpu_seconds=1, wall_seconds=30)

    assert stopped.value.reason == "reading it took more than 1 seconds of processing"
    # One second of processing; the machine may be shared, so allow for waiting.
    assert time.monotonic() - started < 10


def test_a_function_waiting_without_working_is_stopped_by_the_wall_clock() -> None:
    started = time.monotonic()

    with pytest.raises(ParseLimitExceeded) as stopped:
        run_bounded(_sleep, wall_seconds=1)

    assert stopped.value.reason == "reading it took longer than 1 seconds"
    # Starting the child is not counted; on a shared, busy machine it can take seconds.
    assert 1 <= time.monotonic() - started < 10


def test_the_limits_come_from_settings(settings: Settings) -> None:
    # Each limit is checked with the other one far away: on a busy machine a spinning child
    # can get less than a second of processor in two seconds of wall clock.
    settings.UPLOAD_PARSE_CPU_SECONDS = 1
    settings.UPLOAD_PARSE_WALL_SECONDS = 60
    with pytest.raises(ParseLimitExceeded, match="more than 1 seconds of processing"):
        run_bounded(_spin)

    settings.UPLOAD_PARSE_CPU_SECONDS = 60
    settings.UPLOAD_PARSE_WALL_SECONDS = 2
    with pytest.raises(ParseLimitExceeded, match="longer than 2 seconds"):
        run_bounded(_sleep)


def test_a_chronology_taking_longer_than_the_limit_is_unreadable(settings: Settings) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "What happened", "Source"])
    for day in range(1, 1500):
        sheet.append([f"{day % 28 + 1:02}/02/2026", f"Seen at school, visit {day}", "School"])
    content = io.BytesIO()
    workbook.save(content)
    # Reading 1,500 rows takes a few tenths of a second: far more than this.
    settings.UPLOAD_PARSE_WALL_SECONDS = 0.01

    with pytest.raises(UnreadableFile) as refused:
        read_chronology(content.getvalue(), "chronology.xlsx")

    assert refused.value.message == (
        "The file is too large or complex to read: reading it took longer than 0.01 seconds"
    )


def _word_of_tiny_runs(paragraphs: int, runs: int = 1000) -> bytes:
    """A Word document of ``paragraphs`` times ``runs`` one-letter runs: 23 bytes of XML each, so
    a thousand paragraphs are 23 MB, under the 25 MB part limit, packed to about 1.3 MB.
    python-docx takes about 20 seconds of processing and 350 MB to read it."""
    base = io.BytesIO()
    docx.Document().save(base)
    letters = random.Random(18)  # noqa: S311  varied, so it packs like a real document, not a bomb
    body = "".join(
        "<w:p>"
        + "".join(f"<w:r><w:t>{letters.choice(LETTERS)}</w:t></w:r>" for _ in range(runs))
        + "</w:p>"
        for _ in range(paragraphs)
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(base) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            target.writestr(item.filename, content)
    return out.getvalue()


@pytest.fixture(scope="module")
def costly_word() -> bytes:
    content = _word_of_tiny_runs(1000)
    check_zip(content, WORD_LIMITS)  # passes every check made before parsing
    return content


@pytest.fixture
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=True):
        yield


def _stored_files(review_pk: int) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reviews" / str(review_pk) / "report"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.usefixtures("_on_working_day_twelve")
def test_the_report_page_refuses_a_word_file_too_costly_to_read_and_saves_nothing(
    web_as: WebAs, case: ReportCase, costly_word: bytes, settings: Settings
) -> None:
    # Tighter than the defaults (5 seconds of processing, 10 waited) to keep the test short:
    # the file needs about 20 seconds of processing, so either refuses it.
    settings.UPLOAD_PARSE_CPU_SECONDS = 1
    settings.UPLOAD_PARSE_WALL_SECONDS = 3
    assert len(costly_word) < 2 * MB
    url = reverse("reviews:report", kwargs={"pk": case.review.pk})
    page = web_as(case.team).get(url)
    form = page.forms[next(key for key, form in page.forms.items() if "file" in form.fields)]
    form["file"] = Upload("Child Z report edited.docx", costly_word)
    form["note"] = "Added the episodes."
    files_before = _stored_files(case.review.pk)
    started = time.monotonic()

    response = form.submit(expect_errors=True)

    # 3 seconds waited at most, and the page: longer only on a busy shared machine.
    assert time.monotonic() - started < 10
    assert response.status_code == 400
    assert "The file is too large or complex to read: reading it took " in response.text
    assert "Added the episodes." in response.text  # what the person typed is kept
    assert not ReportVersion.objects.filter(review=case.review).exists()
    assert not Event.objects.filter(review=case.review, type=EventType.REPORT_UPLOADED).exists()
    assert _stored_files(case.review.pk) == files_before


def test_a_person_with_no_part_in_the_review_cannot_reach_the_upload(
    web_as: WebAs, case: ReportCase, outsider: User
) -> None:
    url = reverse("reviews:report", kwargs={"pk": case.review.pk})

    assert web_as(outsider).get(url, expect_errors=True).status_code == 404
