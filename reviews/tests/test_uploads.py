"""Supporting documents: checked by their contents, size counted as they arrive, names made
safe, downloads logged, and nothing already saved lost when a file is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.requests import attachments as return_attachments
from reviews.actions.requests import returns
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, InformationRequest, ReviewRole, SupportingDocument
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import OLE, PDF, docx_bytes, send_request
from reviews.uploads import RefusedFile, SizeLimit, check_document, safe_display_name


@pytest.fixture
def school_request(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> InformationRequest:
    review = make_review(partnership=partnership, by=business_team_member)
    return send_request(review, school, by=business_team_member, contributor=agency_contributor)


@pytest.fixture
def kept(school_request: InformationRequest, agency_contributor: User) -> SupportingDocument:
    """A document and a draft already saved, which no refused upload may disturb."""
    returns.save_return_draft(
        school_request,
        by=agency_contributor,
        expected_version=1,
        involvement="Seen daily",
        analysis="Shared late",
        immediate_actions="",
        learning="",
    )
    return return_attachments.add_supporting_document(
        school_request, by=agency_contributor, upload=SimpleUploadedFile("plan.pdf", PDF)
    )


def _kwargs(info_request: InformationRequest) -> dict[str, int]:
    return {"pk": info_request.review_id, "request_pk": info_request.pk}


def _upload(client: Client, info_request: InformationRequest, file: SimpleUploadedFile) -> str:
    response = client.post(
        reverse("reviews:request-document-add", kwargs=_kwargs(info_request)), {"file": file}
    )
    return f"{response.status_code} {response.get('Location', '')}\n{response.content.decode()}"


def _stored_files(settings: Settings) -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\report.pdf", "report.pdf"),
        ("C:report.pdf", "report.pdf"),
        ("..", "document"),
        (".hidden.pdf", "hidden.pdf"),
        ("evil\u202egpj.pdf", "evilgpj.pdf"),
        ("line\r\nbreak\x00.pdf", "line break.pdf"),
        ('what?"<is>|this*.docx', "what___is__this_.docx"),
        ("  lots   of\tspace .pdf ", "lots of space .pdf"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_a_file_name_is_made_safe_to_show(name: str, expected: str) -> None:
    assert safe_display_name(name) == expected


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("r.pdf", PDF, "application/pdf"),
        ("r.DOCX", docx_bytes(), "wordprocessingml"),
        ("r.doc", OLE, "application/msword"),
    ],
)
def test_real_pdfs_and_word_documents_are_accepted(name: str, content: bytes, kind: str) -> None:
    checked = check_document(SimpleUploadedFile(name, content))

    assert kind in checked.kind.content_type
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "report.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
            "application/pdf",
            "The selected file is named as a PDF but its contents are not one. "
            "Upload a PDF or Word document",
        ),
        (
            "report.docx",
            b"Just some notes typed in a text editor.\n",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "The selected file is named as a Word document but its contents are not one. "
            "Upload a PDF or Word document",
        ),
        (
            "report.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "application/pdf",
            "The selected file is named as a PDF but its contents are not one. "
            "Upload a PDF or Word document",
        ),
        (
            "report.docx",
            b"PK\x03\x04 a zip header and nothing else",
            "application/zip",
            "The selected file is named as a Word document but its contents are not one. "
            "Upload a PDF or Word document",
        ),
        (
            "setup.exe",
            b"MZ\x90\x00",
            "application/pdf",
            "The selected file must be a PDF or Word document",
        ),
        ("notes.txt", PDF, "text/plain", "The selected file must be a PDF or Word document"),
        ("empty.pdf", b"", "application/pdf", "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_saved_is_lost(
    client: Client,
    settings: Settings,
    school_request: InformationRequest,
    agency_contributor: User,
    kept: SupportingDocument,
    name: str,
    content: bytes,
    content_type: str,
    message: str,
) -> None:
    sign_in(client, agency_contributor)
    before = _stored_files(settings)

    result = _upload(client, school_request, SimpleUploadedFile(name, content, content_type))

    assert result.startswith("400 ")
    assert "<title>Error: Request for information" in result
    assert f'<a href="#id_file">{message}</a>' in result
    assert list(school_request.documents.all()) == [kept]
    assert _stored_files(settings) == before
    school_request.refresh_from_db()
    assert school_request.involvement == "Seen daily"
    assert "plan.pdf</a>" in result


def test_a_pdf_is_kept_under_a_random_name_with_its_safe_name_for_show(
    client: Client, settings: Settings, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    result = _upload(
        client, school_request, SimpleUploadedFile("../../etc/passwd.pdf", PDF, "text/html")
    )

    assert result.startswith("302 ")
    document = school_request.documents.get()
    assert document.original_name == "passwd.pdf"
    assert document.content_type == "application/pdf"  # from the contents, not the browser
    assert document.size == len(PDF)
    folder = f"reviews/{school_request.review_id}/requests/{school_request.pk}/"
    assert re.fullmatch(re.escape(folder) + r"[0-9a-f]{32}\.pdf", document.file.name or "")
    stored = _stored_files(settings)
    assert len(stored) == 1
    assert stored[0].is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored[0].read_bytes() == PDF
    event = school_request.review.events.get(type=EventType.SUPPORTING_DOCUMENT_ADDED)
    assert event.detail["filename"] == "passwd.pdf"


def test_a_file_over_the_limit_is_refused(
    client: Client,
    settings: Settings,
    school_request: InformationRequest,
    agency_contributor: User,
    kept: SupportingDocument,
) -> None:
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = 2048
    sign_in(client, agency_contributor)
    before = _stored_files(settings)

    just_under = _upload(
        client, school_request, SimpleUploadedFile("ok.pdf", PDF + b"0" * (2048 - len(PDF)))
    )
    over = _upload(client, school_request, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))

    assert just_under.startswith("302 ")
    assert over.startswith("400 ")
    assert '<a href="#id_file">The selected file must be smaller than 2 KB</a>' in over
    assert [each.original_name for each in school_request.documents.all()] == ["plan.pdf", "ok.pdf"]
    assert len(_stored_files(settings)) == len(before) + 1


def test_the_size_is_counted_as_bytes_arrive_whatever_length_the_client_declares(
    client: Client, settings: Settings, school_request: InformationRequest, agency_contributor: User
) -> None:
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = 2048
    sign_in(client, agency_contributor)
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="small.pdf"\r\n'
            "Content-Type: application/pdf\r\n"
            "Content-Length: 10\r\n"  # a lie: the part is 5,000 bytes
            "\r\n"
        ).encode()
        + PDF
        + b"0" * 5000
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = client.generic(
        "POST",
        reverse("reviews:request-document-add", kwargs=_kwargs(school_request)),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code == 400
    assert "The selected file must be smaller than 2 KB" in response.content.decode()
    assert not school_request.documents.exists()
    assert _stored_files(settings) == []


def test_the_size_limit_stops_a_file_mid_stream() -> None:
    limit = SizeLimit(RequestFactory().post("/"), limit=100)
    limit.new_file("file", "x.pdf", "application/pdf", 1)  # declares 1 byte

    assert limit.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(SkipFile):
        limit.receive_data_chunk(b"x" * 60, 60)
    assert limit.refused == {"file"}


def test_a_download_is_an_attachment_with_a_safe_name_and_is_logged(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
) -> None:
    document = return_attachments.add_supporting_document(
        school_request, by=agency_contributor, upload=SimpleUploadedFile('say "hi".pdf', PDF)
    )
    url = reverse(
        "reviews:request-document", kwargs=_kwargs(school_request) | {"document_pk": document.pk}
    )
    sign_in(client, business_team_member)

    response = client.get(url, REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'attachment; filename="say _hi_.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    look = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT)
    assert (look.user, look.review, look.ip_address) == (
        business_team_member,
        school_request.review,
        "192.0.2.7",
    )
    assert look.target == f"{school_request.review.case_code}: say _hi_.pdf"


def test_nobody_downloads_another_organisations_document(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    outsider: User,
) -> None:
    police_request = send_request(
        school_request.review,
        police,
        by=business_team_member,
        contributor=partner_lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
    )
    police_document = return_attachments.add_supporting_document(
        police_request, by=partner_lead, upload=SimpleUploadedFile("police.pdf", PDF)
    )
    own = _kwargs(school_request) | {"document_pk": police_document.pk}
    theirs = _kwargs(police_request) | {"document_pk": police_document.pk}
    statuses = {}
    for who, kwargs in [
        ("contributor, police id under own request", own),
        ("contributor, police request", theirs),
    ]:
        sign_in(client, agency_contributor)
        statuses[who] = client.get(reverse("reviews:request-document", kwargs=kwargs)).status_code
    sign_in(client, outsider)
    statuses["outsider"] = client.get(
        reverse("reviews:request-document", kwargs=theirs)
    ).status_code

    assert statuses == {
        "contributor, police id under own request": 404,
        "contributor, police request": 404,
        "outsider": 404,
    }
    assert not AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    ).exists()


def test_a_document_is_removed_only_by_its_answerers_and_only_while_the_return_is_open(
    client: Client,
    settings: Settings,
    school_request: InformationRequest,
    agency_contributor: User,
    business_team_member: User,
    kept: SupportingDocument,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    url = reverse(
        "reviews:request-document-remove", kwargs=_kwargs(school_request) | {"document_pk": kept.pk}
    )
    sign_in(client, business_team_member)
    by_the_team = client.post(url)
    current = InformationRequest.objects.get(pk=school_request.pk)
    returns.submit_return(current, by=agency_contributor, expected_version=current.version)
    sign_in(client, agency_contributor)
    after_submission = client.post(url, follow=True)
    still_there = _stored_files(settings)
    returns.ask_for_more_detail(current, by=business_team_member, reason="Add the care plan")
    with django_capture_on_commit_callbacks(execute=True):
        after_more_detail = client.post(url)

    assert by_the_team.status_code == 403
    assert (
        "This return has been submitted, so it cannot be changed."
        in after_submission.content.decode()
    )
    assert len(still_there) == 1
    assert after_more_detail.status_code == 302
    assert not school_request.documents.exists()
    assert _stored_files(settings) == []
    assert (
        school_request.review.events.filter(type=EventType.SUPPORTING_DOCUMENT_REMOVED).count() == 1
    )


def test_the_upload_still_needs_the_csrf_token(
    school_request: InformationRequest, agency_contributor: User
) -> None:
    strict = sign_in(Client(enforce_csrf_checks=True), agency_contributor)

    response = strict.post(
        reverse("reviews:request-document-add", kwargs=_kwargs(school_request)),
        {"file": SimpleUploadedFile("r.pdf", PDF)},
    )

    assert response.status_code == 403
    assert not school_request.documents.exists()


def test_refused_file_carries_its_message() -> None:
    with pytest.raises(RefusedFile) as raised:
        check_document(SimpleUploadedFile("r.pdf", b"not a pdf"))

    assert raised.value.message.startswith("The selected file is named as a PDF")
