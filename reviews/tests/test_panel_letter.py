"""The National Panel's response and its letter: checked by its contents, size counted as it
arrives, kept under a random name, downloaded as an attachment and logged, and nothing already
saved lost when a letter is refused or an edit clashes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, PanelResponse, Review, StepRecord
from reviews.process import Step
from reviews.tests.form_data import date_fields
from reviews.tests.panel_setup import (
    PDF,
    RECEIVED_ON,
    TODAY,
    Cast,
    acknowledge,
    open_with_people,
    respond,
    send_to_panel,
)
from reviews.tests.request_helpers import docx_bytes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    """A rapid review whose report the Panel has acknowledged."""
    review = open_with_people(partnership, cast, school=school)
    send_to_panel(review, cast)
    acknowledge(review, cast)
    return review


def _stored(settings: Settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file() and "panel" in path.parts)


def _post(
    client: Client, review: Review, letter: SimpleUploadedFile | None, **changes: str
) -> tuple[int, str]:
    data: dict[str, object] = {
        "version": "0",
        "more_information_needed": "no",
        "agrees_with_conclusions": "yes",
        "national_review": "no",
        "summary": "The Panel agrees with the partners.",
        **date_fields("received_on", RECEIVED_ON),
    }
    if letter is not None:
        data["letter"] = letter
    data.update(changes)
    response = client.post(reverse("reviews:panel-respond", kwargs={"pk": review.pk}), data)
    return response.status_code, response.content.decode()


def test_the_response_with_its_letter_is_kept_under_a_random_name(
    client: Client, settings: Settings, review: Review, cast: Cast
) -> None:
    sign_in(client, cast.team)

    status, _page = _post(client, review, SimpleUploadedFile("../../etc/passwd.pdf", PDF))

    assert status == 302
    response = PanelResponse.objects.get(review=review)
    assert response.letter_name == "passwd.pdf"
    assert (response.agrees_with_conclusions, response.national_review) == (True, "no")
    folder = f"reviews/{review.pk}/panel/"
    assert re.fullmatch(re.escape(folder) + r"[0-9a-f]{32}\.pdf", response.letter.name or "")
    (stored,) = _stored(settings)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored.read_bytes() == PDF
    record = StepRecord.objects.get(review=review, key=Step.PANEL_RESPONSE)
    assert record.completed_on == RECEIVED_ON
    assert review.events.get(type=EventType.PANEL_RESPONDED).detail["letter"] == "passwd.pdf"


def test_the_first_response_needs_the_letter(client: Client, review: Review, cast: Cast) -> None:
    sign_in(client, cast.team)

    status, page = _post(client, review, None)

    assert status == 400
    assert '<a href="#id_letter">Select the Panel&#39;s letter</a>' in page
    assert not PanelResponse.objects.filter(review=review).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.exe", PDF, "The selected file must be a PDF or Word document"),
        ("../../../etc/cron.d/job", PDF, "The selected file must be a PDF or Word document"),
        ("letter.pdf", b"<html><script>alert(1)</script></html>", "its contents are not one"),
        ("letter.docx", b"PK\x03\x04 not a zip", "its contents are not one"),
        ("letter.pdf", b"", "The selected file is empty"),
    ],
)
def test_a_bad_letter_is_refused_and_the_response_already_held_is_kept(
    client: Client,
    settings: Settings,
    review: Review,
    cast: Cast,
    name: str,
    content: bytes,
    message: str,
) -> None:
    kept = respond(review, cast, agrees=True)
    before = _stored(settings)
    sign_in(client, cast.team)

    status, page = _post(
        client,
        review,
        SimpleUploadedFile(name, content),
        version=str(kept.version),
        summary="Changed, but must not be saved",
    )

    assert status == 400
    assert "<title>Error: National Panel" in page
    assert message in page
    assert 'href="#id_letter"' in page
    response = PanelResponse.objects.get(review=review)
    assert (response.version, response.letter_name) == (kept.version, "panel-letter.pdf")
    assert response.summary == kept.summary
    assert _stored(settings) == before


def test_a_letter_over_the_limit_is_refused_as_it_arrives(
    client: Client, settings: Settings, review: Review, cast: Cast
) -> None:
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = 2048
    sign_in(client, cast.team)

    status, page = _post(client, review, SimpleUploadedFile("big.pdf", PDF + b"0" * 4096))

    assert status == 400
    assert '<a href="#id_letter">The selected file must be smaller than 2 KB</a>' in page
    assert not PanelResponse.objects.filter(review=review).exists()
    assert _stored(settings) == []


def test_a_word_letter_downloads_as_word_as_an_attachment_and_is_logged(
    client: Client, review: Review, cast: Cast, police: Organisation
) -> None:
    sign_in(client, cast.team)
    _post(client, review, SimpleUploadedFile("Panel reply.docx", docx_bytes("Dear partners")))
    reader = cast.partner_leads[police]
    sign_in(client, reader)

    download = client.get(reverse("reviews:panel-letter", kwargs={"pk": review.pk}))

    assert download.status_code == 200
    assert download["Content-Type"] == DOCX_TYPE
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="Panel reply.docx"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == docx_bytes("Dear partners")  # type: ignore[attr-defined]
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT)
    assert (entry.user, entry.review) == (reader, review)
    assert "Panel reply.docx" in entry.target


def test_there_is_no_letter_to_download_before_the_response(
    client: Client, review: Review, cast: Cast
) -> None:
    sign_in(client, cast.team)

    response = client.get(reverse("reviews:panel-letter", kwargs={"pk": review.pk}))

    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    ).exists()


def test_agencies_and_outsiders_cannot_download_the_letter(
    client: Client, review: Review, cast: Cast, outsider: User
) -> None:
    respond(review, cast, agrees=True)
    url = reverse("reviews:panel-letter", kwargs={"pk": review.pk})
    sign_in(client, cast.school_contributor)
    agency = client.get(url).status_code
    sign_in(client, outsider)
    other = client.get(url).status_code

    assert (agency, other) == (403, 404)
    assert not AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    ).exists()


def test_a_correction_keeps_the_letter_and_a_stale_one_overwrites_nothing(
    client: Client, settings: Settings, review: Review, cast: Cast
) -> None:
    first = respond(review, cast, agrees=True)
    sign_in(client, cast.team)

    corrected, _page = _post(
        client,
        review,
        None,
        version=str(first.version),
        agrees_with_conclusions="no",
        **date_fields("received_on", RECEIVED_ON + dt.timedelta(days=1)),
    )
    stale, page = _post(
        client,
        review,
        SimpleUploadedFile("other.pdf", PDF),
        version=str(first.version),
        summary="A stale summary",
    )

    assert corrected == 302
    response = PanelResponse.objects.get(review=review)
    assert response.agrees_with_conclusions is False
    assert response.letter_name == "panel-letter.pdf"
    record = StepRecord.objects.get(review=review, key=Step.PANEL_RESPONSE)
    assert record.completed_on == RECEIVED_ON + dt.timedelta(days=1)
    assert stale == 409
    assert 'data-testid="conflict"' in page
    assert "A stale summary" in page  # their values stay in the form, to save again
    assert response.summary == "The Panel agrees with the partners."  # the correction's
    assert len(_stored(settings)) == 1
    assert review.events.filter(type=EventType.EDIT_REFUSED).count() == 1
