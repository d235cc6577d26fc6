"""Versions of the rapid review report: uploading edited files, downloading any version, and
comparing two; every version kept, and a refused upload losing nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.report import (
    approve_report_version,
    generate_report_version,
    upload_report_version,
)
from reviews.documents.rapid_review_report import document_text
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    Event,
    ReportVersion,
    ReviewKind,
    ReviewMember,
    ReviewRole,
)
from reviews.reads.report import signatories
from reviews.tests.factories import make_review
from reviews.tests.report_setup import (
    WORKING_DAY_TWELVE,
    ReportCase,
    upload_of,
    word_file,
)
from reviews.tests.request_helpers import PDF, docx_bytes

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


@pytest.fixture
def first(case: ReportCase) -> ReportVersion:
    return generate_report_version(case.review, by=case.team)


def upload_url(case: ReportCase) -> str:
    return reverse("reviews:report-upload", kwargs={"pk": case.review.pk})


def page_url(case: ReportCase) -> str:
    return reverse("reviews:report", kwargs={"pk": case.review.pk})


def stored_files(review_pk: int) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reviews" / str(review_pk) / "report"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_business_team_uploads_an_edited_version_saying_what_changed(
    client: Client, case: ReportCase, first: ReportVersion
) -> None:
    sign_in(client, case.team)
    content = word_file("Amended with the partners' decision.", "Key practice episode one.")

    response = client.post(
        upload_url(case),
        {"file": upload_of(content, "Child Z report edited.docx"), "note": "Added the episodes."},
    )

    assert response.status_code == 302
    version = ReportVersion.objects.get(review=case.review, number=2)
    assert version.source == ReportVersion.Source.UPLOADED
    assert (version.original_name, version.note) == (
        "Child Z report edited.docx",
        "Added the episodes.",
    )
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.text == "Amended with the partners' decision.\nKey practice episode one."
    assert version.created_by == case.team
    event = Event.objects.get(review=case.review, type=EventType.REPORT_UPLOADED.value)
    assert (event.detail["number"], event.detail["note"]) == (2, "Added the episodes.")
    page = client.get(page_url(case)).content.decode()
    assert "Version 2 has been uploaded." in page
    assert "Added the episodes." in page


def test_an_upload_must_say_what_changed_and_loses_nothing_when_refused(
    client: Client, case: ReportCase, first: ReportVersion
) -> None:
    sign_in(client, case.team)
    files_before = stored_files(case.review.pk)

    response = client.post(upload_url(case), {"file": upload_of(word_file("Edited")), "note": " "})

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Enter what changed in this version" in html
    assert list(ReportVersion.objects.filter(review=case.review)) == [first]
    assert stored_files(case.review.pk) == files_before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", PDF, "The selected file must be a Word document (.docx)"),
        (
            "report.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
            "must be a Word document",
        ),
        ("report.docx", PDF, "its contents are not one"),
        ("report.docx", docx_bytes(), "could not be opened as a Word document"),
        ("report.docx", b"", "The selected file is empty"),
    ],
)
def test_files_that_are_not_word_documents_are_refused_with_nothing_lost(
    client: Client,
    case: ReportCase,
    first: ReportVersion,
    name: str,
    content: bytes,
    message: str,
) -> None:
    sign_in(client, case.team)
    files_before = stored_files(case.review.pk)

    response = client.post(
        upload_url(case), {"file": upload_of(content, name), "note": "My careful note"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "My careful note" in html  # what the person typed is still in the box
    assert ReportVersion.objects.filter(review=case.review).count() == 1
    assert stored_files(case.review.pk) == files_before


def test_a_file_over_the_size_limit_is_refused_as_it_arrives(
    client: Client, case: ReportCase, first: ReportVersion, settings: Settings
) -> None:
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = 20 * 1024
    sign_in(client, case.team)
    big = word_file(*(f"Paragraph {n} " + "words " * 40 for n in range(400)))
    assert len(big) > 20 * 1024

    response = client.post(upload_url(case), {"file": upload_of(big), "note": "Big"})

    assert response.status_code == 400
    assert "The selected file must be smaller than 20 KB" in response.content.decode()
    assert ReportVersion.objects.filter(review=case.review).count() == 1
    with first.docx.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == first.sha256


def test_a_name_with_folders_never_becomes_a_path(
    client: Client, case: ReportCase, first: ReportVersion
) -> None:
    sign_in(client, case.team)

    response = client.post(
        upload_url(case),
        {"file": upload_of(word_file("Edited"), "../../../../etc/cron.d/evil.docx"), "note": "x"},
    )

    assert response.status_code == 302
    version = ReportVersion.objects.get(review=case.review, number=2)
    assert version.original_name == "evil.docx"
    assert str(version.docx.name).startswith(f"reviews/{case.review.pk}/report/")
    assert ".." not in str(version.docx.name)
    assert len(stored_files(case.review.pk)) == 2
    # Called directly with a name that still holds folders, the action refuses it.
    with pytest.raises(ActionError, match="must not include folders"):
        upload_report_version(
            case.review,
            by=case.team,
            upload=upload_of(word_file("Edited again"), "..\\..\\evil.docx"),
            note="x",
        )
    assert ReportVersion.objects.filter(review=case.review).count() == 2


def test_uploading_the_same_file_as_the_newest_version_is_refused(
    case: ReportCase, first: ReportVersion
) -> None:
    content = word_file("Edited once")
    upload_report_version(case.review, by=case.team, upload=upload_of(content), note="One")

    with pytest.raises(ActionError, match="the same as version 2"):
        upload_report_version(case.review, by=case.team, upload=upload_of(content), note="Two")
    assert ReportVersion.objects.filter(review=case.review).count() == 2


def test_every_version_is_kept_and_downloads_as_a_named_attachment_logged(
    client: Client, case: ReportCase, first: ReportVersion, partner_lead: User
) -> None:
    second = upload_report_version(
        case.review, by=case.team, upload=upload_of(word_file("Second")), note="Second"
    )
    third = generate_report_version(case.review, by=case.team)
    sign_in(client, partner_lead)

    for version in (first, second, third):
        response = client.get(
            reverse(
                "reviews:report-download", kwargs={"pk": case.review.pk, "version_pk": version.pk}
            )
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        # The copy carries the sign-offs as recorded now; the stored file is as it was made.
        downloaded = document_text(body).splitlines()
        stored = version.text.splitlines()
        ends = [n for n, line in enumerate(stored) if line.endswith(". Sign-offs")] or [len(stored)]
        body_text = stored[: ends[0]]
        assert downloaded[: len(body_text)] == body_text
        assert any(
            line.startswith("CSPR subgroup chair |") and "Not yet given" in line
            for line in downloaded
        )
        assert "Not sent yet." in downloaded
        with version.docx.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == version.sha256
        assert response["Content-Disposition"] == (
            f'attachment; filename="AWT26-rapid-review-report-v{version.number}.docx"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
    logged = AccessLogEntry.objects.filter(
        review=case.review, user=partner_lead, action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    )
    assert sorted(entry.target for entry in logged) == [
        f"AWT26-rapid-review-report-v{n}.docx (rapid review report, version {n})" for n in (1, 2, 3)
    ]


def test_another_reviews_version_is_not_found_and_an_outsider_sees_nothing(
    client: Client,
    case: ReportCase,
    first: ReportVersion,
    partnership: Partnership,
    outsider: User,
) -> None:
    other = make_review(partnership=partnership, by=case.team, pseudonym="Child Other")
    sign_in(client, case.team)

    mixed = reverse("reviews:report-download", kwargs={"pk": other.pk, "version_pk": first.pk})
    assert client.get(mixed).status_code == 404

    sign_in(client, outsider)
    own = reverse("reviews:report-download", kwargs={"pk": case.review.pk, "version_pk": first.pk})
    assert client.get(own).status_code == 404
    assert client.get(page_url(case)).status_code == 404
    assert not AccessLogEntry.objects.filter(user=outsider).exists()


def test_comparing_shows_paragraphs_added_and_removed_with_hostile_text_escaped(
    client: Client, case: ReportCase, partner_lead: User
) -> None:
    upload_report_version(
        case.review,
        by=case.team,
        upload=upload_of(word_file("Kept", "Removed paragraph", "Also kept")),
        note="One",
    )
    upload_report_version(
        case.review,
        by=case.team,
        upload=upload_of(word_file("Kept", HOSTILE, "Also kept")),
        note="Two",
    )
    sign_in(client, partner_lead)

    response = client.get(reverse("reviews:report-compare", kwargs={"pk": case.review.pk}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Changes from version 1 to version 2" in html
    assert "1 paragraph added, 1 removed." in html
    assert '<li data-change="removed">' in html
    assert "<del>Removed paragraph</del>" in html
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    )
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert AccessLogEntry.objects.filter(
        user=partner_lead, target__contains="compared versions 1 and 2"
    ).exists()


def test_comparing_any_two_versions_and_refusing_versions_that_do_not_exist(
    client: Client, case: ReportCase, first: ReportVersion
) -> None:
    upload_report_version(case.review, by=case.team, upload=upload_of(word_file("B")), note="B")
    sign_in(client, case.team)
    url = reverse("reviews:report-compare", kwargs={"pk": case.review.pk})

    backwards = client.get(url, {"from": "2", "to": "1"})
    missing = client.get(url, {"from": "1", "to": "9"})
    same = client.get(url, {"from": "2", "to": "2"})
    junk = client.get(url, {"from": "one", "to": "2"})

    assert backwards.status_code == 200
    assert "Changes from version 2 to version 1" in backwards.content.decode()
    assert missing.status_code == 400
    assert "There is no version 9" in missing.content.decode()
    assert "Choose two different versions to compare" in same.content.decode()
    assert "Choose the version to compare from" in junk.content.decode()
    assert "<title>Error: " in junk.content.decode()


def test_with_one_version_there_is_nothing_to_compare(
    client: Client, case: ReportCase, first: ReportVersion
) -> None:
    sign_in(client, case.team)

    response = client.get(reverse("reviews:report-compare", kwargs={"pk": case.review.pk}))

    assert response.status_code == 200
    assert "only one version" in response.content.decode()


def test_the_report_page_takes_the_same_queries_however_many_versions_and_approvals(
    client: Client, case: ReportCase
) -> None:
    generate_report_version(case.review, by=case.team)
    sign_in(client, case.team)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(case)).status_code == 200
        return len(captured)

    few = queries()
    chair = signatories(case.review)[0]
    for number in range(2, 6):
        version = upload_report_version(
            case.review, by=case.team, upload=upload_of(word_file(f"v{number}")), note=f"{number}"
        )
        approve_report_version(version, by=case.subgroup_chair, signatory=chair, number=number)

    assert queries() == few


def test_an_lcspr_has_no_rapid_review_report_page(
    client: Client, case: ReportCase, partnership: Partnership
) -> None:
    lcspr = make_review(
        partnership=partnership, by=case.team, kind=ReviewKind.LCSPR, rapid_review=case.review
    )
    sign_in(client, case.team)

    assert client.get(reverse("reviews:report", kwargs={"pk": lcspr.pk})).status_code == 404
    generate = reverse("reviews:report-generate", kwargs={"pk": lcspr.pk})
    assert client.post(generate).status_code == 404
    assert not ReportVersion.objects.exists()


def test_a_new_version_brings_in_the_partnerships_chairs_and_asks_the_subgroup_chair(
    case: ReportCase,
    partnership: Partnership,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    chair = give_role(
        make_user(partnership=partnership, email="new.chair@wtp.example"),
        PartnershipRole.Role.PARTNERSHIP_CHAIR,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        version = generate_report_version(case.review, by=case.team)

    assert ReviewMember.objects.filter(
        review=case.review, user=chair, role=ReviewRole.PARTNERSHIP_CHAIR, active=True
    ).exists()
    asked = [message for message in mail.outbox if "to approve" in message.subject]
    assert [message.to for message in asked] == [[case.subgroup_chair.email]]
    assert f"version {version.number}" in asked[0].subject
    assert case.review.pseudonym not in asked[0].body
