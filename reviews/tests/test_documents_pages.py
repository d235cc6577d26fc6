"""The combined report page and the download of its files: who may do what, and what is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation, make_user
from conftest import sign_in
from reviews.actions.documents import circulate_combined_report, generate_combined_report
from reviews.models import AccessLogEntry, GeneratedDocument, RequestStatus, Review, ReviewRole
from reviews.tests.conftest import ask_agency
from reviews.tests.documents_setup import generate_ready
from reviews.tests.factories import join, make_review


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(partnership=partnership, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    ask_agency(
        review,
        police,
        by=team,
        status=RequestStatus.RETURNED,
        entries=[(dt.date(2025, 5, 1), "Visited the home", "Log 9")],
    )
    ask_agency(review, school, by=team, contributor=agency_contributor)
    return review


def _page(review: Review) -> str:
    return reverse("reviews:combined-report", kwargs={"pk": review.pk})


def _download(document: GeneratedDocument, file_format: str) -> str:
    return reverse(
        "reviews:document-download",
        kwargs={"pk": document.review_id, "document_pk": document.pk, "format": file_format},
    )


def test_the_business_team_sees_how_many_have_returned_and_can_generate(
    client: Client,
    review: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    before = client.get(_page(review))
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the queued task
        generated = client.post(_page(review), {"action": "generate"})
    after = client.get(_page(review))

    assert "1 of 2 agencies have returned" in before.content.decode()
    assert "No version has been generated yet." in before.content.decode()
    assert "Generate a new version" in before.content.decode()
    assert generated.status_code == 302
    page = after.content.decode()
    assert 'data-version="1"' in page
    assert "by Priya Test" in page
    assert "Not circulated" in page
    assert "Circulate version 1 to partners and legal services" in page
    assert "Version 1 is being generated from the returns as they stand now." in page
    assert _download(GeneratedDocument.objects.get(review=review), "pdf") in page
    assert "data-unfinished" not in page
    assert GeneratedDocument.objects.get(review=review).created_by == business_team_member


def test_until_the_worker_has_written_the_files_the_page_says_so_and_offers_no_files(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    client.post(_page(review), {"action": "generate"})  # the worker has not run yet
    page = client.get(_page(review)).content.decode()

    document = GeneratedDocument.objects.get(review=review)
    assert 'data-status="queued"' in page
    assert "Waiting to be generated" in page
    assert "data-unfinished" in page
    assert f'href="{_page(review)}#versions">Check again</a>' in page
    assert _download(document, "pdf") not in page
    assert "Circulate version 1" not in page
    assert client.get(_download(document, "pdf")).status_code == 404


def test_generating_twice_keeps_both_versions_newest_first(
    client: Client,
    review: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_page(review), {"action": "generate"})
        client.post(_page(review), {"action": "generate"})
    page = client.get(_page(review)).content.decode()

    assert page.index('data-version="2"') < page.index('data-version="1"')
    assert "Circulate version 2 to partners" in page


def test_circulating_asks_for_confirmation_naming_who_will_receive_it(
    client: Client,
    review: Review,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    document = generate_ready(review, by=business_team_member)
    sign_in(client, business_team_member)

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.get(_page(review), {"circulate": document.pk})
    sent_by_asking = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_page(review), {"action": "circulate", "document": document.pk})

    assert "Circulate version 1?" in confirm.content.decode()
    assert "Hannah Test" in confirm.content.decode()
    assert sent_by_asking == 0
    assert done.status_code == 302
    assert [message.to for message in mail.outbox] == [["lead@police.example"]]
    page = client.get(_page(review)).content.decode()
    assert "by Priya Test" in page
    assert "Not circulated" not in page


def test_circulating_an_older_version_is_refused_with_a_clear_message(
    client: Client, review: Review, business_team_member: User
) -> None:
    older = generate_ready(review, by=business_team_member)
    generate_combined_report(review, by=business_team_member)
    sign_in(client, business_team_member)

    response = client.post(_page(review), {"action": "circulate", "document": older.pk})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Version 1 is not the newest: version 2 has been asked for since." in page
    older.refresh_from_db()
    assert older.circulated_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose whether to generate a new version or circulate one."),
        ({"action": "delete"}, "Choose whether to generate a new version or circulate one."),
        ({"action": "circulate"}, "Choose a version of the report to circulate."),
        (
            {"action": "circulate", "document": "abc"},
            "Choose a version of the report to circulate.",
        ),
        (
            {"action": "circulate", "document": "9" * 30},
            "Choose a version of the report to circulate.",
        ),
        ({"action": "<script>x</script>"}, "Choose whether to generate"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    client: Client,
    review: Review,
    business_team_member: User,
    data: dict[str, str],
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = client.post(_page(review), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>x</script>" not in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_another_reviews_document_cannot_be_circulated_from_this_one(
    client: Client,
    review: Review,
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    ask_agency(other, police, by=business_team_member, status=RequestStatus.NO_INVOLVEMENT)
    theirs = generate_ready(other, by=business_team_member)
    sign_in(client, business_team_member)

    response = client.post(_page(review), {"action": "circulate", "document": theirs.pk})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.circulated_at is None


def test_a_partner_lead_reads_and_downloads_but_cannot_generate_or_circulate(
    client: Client, review: Review, business_team_member: User, partner_lead: User
) -> None:
    document = generate_ready(review, by=business_team_member)
    sign_in(client, partner_lead)

    page = client.get(_page(review))
    generate = client.post(_page(review), {"action": "generate"})
    circulate = client.post(_page(review), {"action": "circulate", "document": document.pk})

    assert page.status_code == 200
    assert "Generate a new version" not in page.content.decode()
    assert "Circulate version" not in page.content.decode()
    assert _download(document, "pdf") in page.content.decode()
    assert (generate.status_code, circulate.status_code) == (403, 403)
    assert GeneratedDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("file_format", "content_type", "magic"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_a_download_is_an_attachment_named_by_case_code_and_version_and_is_logged(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    file_format: str,
    content_type: str,
    magic: bytes,
) -> None:
    generate_ready(review, by=business_team_member)
    document = generate_ready(review, by=business_team_member)
    sign_in(client, partner_lead)

    response = client.get(
        _download(document, file_format), REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT="Test browser"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="AWT26-combined-agency-report-v2.{file_format}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(magic)  # type: ignore[attr-defined]
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT)
    assert (entry.user, entry.review, entry.ip_address) == (partner_lead, review, "192.0.2.44")
    assert entry.target.startswith(f"AWT26-combined-agency-report-v2.{file_format}")


def test_downloads_are_refused_to_agencies_outsiders_and_other_reviews_and_not_logged(
    client: Client,
    review: Review,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    outsider: User,
    police: Organisation,
) -> None:
    document = generate_ready(review, by=business_team_member)
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    ask_agency(other, police, by=business_team_member, status=RequestStatus.NO_INVOLVEMENT)
    theirs = generate_ready(other, by=business_team_member)
    wrong_review = reverse(
        "reviews:document-download",
        kwargs={"pk": review.pk, "document_pk": theirs.pk, "format": "pdf"},
    )

    sign_in(client, agency_contributor)
    as_agency = client.get(_download(document, "pdf"))
    agency_page = client.get(_page(review))
    sign_in(client, outsider)
    as_outsider = client.get(_download(document, "pdf"))
    sign_in(client, business_team_member)
    mixed_up = client.get(wrong_review)
    unknown_format = client.get(_download(document, "exe"))

    assert (as_agency.status_code, agency_page.status_code) == (403, 403)
    assert as_outsider.status_code == 404
    assert mixed_up.status_code == 404
    assert unknown_format.status_code == 404
    assert not AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    ).exists()


def test_a_file_missing_from_storage_is_not_found_rather_than_an_error(
    client: Client, review: Review, business_team_member: User
) -> None:
    document = generate_ready(review, by=business_team_member)
    document.pdf.storage.delete(str(document.pdf.name))
    sign_in(client, business_team_member)

    assert client.get(_download(document, "pdf")).status_code == 404


def test_the_page_makes_the_same_queries_however_many_agencies_and_versions(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sign_in(client, business_team_member)

    def queries_for(agencies: int, versions: int) -> int:
        review = make_review(partnership=partnership, by=business_team_member)
        for _n in range(agencies):
            ask_agency(
                review,
                make_organisation(partnership=partnership),
                by=business_team_member,
                status=RequestStatus.RETURNED,
            )
        for _n in range(versions):
            document = generate_ready(review, by=business_team_member)
        if versions:
            legal = make_user(partnership=partnership)
            join(review, legal, ReviewRole.LEGAL_REPRESENTATIVE, by=business_team_member)
            with django_capture_on_commit_callbacks(execute=True):
                circulate_combined_report(document, by=business_team_member)
        client.get(_page(review))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_page(review)).status_code == 200
        return len(captured)

    small, large = queries_for(1, 1), queries_for(5, 4)
    assert small == large


def test_generating_before_any_request_is_sent_says_why_it_cannot(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    empty = make_review(partnership=partnership, by=business_team_member, pseudonym="Child C")
    sign_in(client, business_team_member)

    response = client.post(_page(empty), {"action": "generate"})

    assert response.status_code == 400
    assert "nothing to combine" in response.content.decode()
    assert "0 of 0 agencies have returned" in response.content.decode()
    assert not GeneratedDocument.objects.exists()
