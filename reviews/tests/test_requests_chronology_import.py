"""Importing a chronology from a spreadsheet on the request page: the report, and nothing lost."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.requests import attachments as return_attachments
from reviews.actions.requests import returns
from reviews.event_types import EventType
from reviews.models import ChronologyEntry, InformationRequest, ReviewRole
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import send_request

pytestmark = pytest.mark.usefixtures("_pinned_day")


@pytest.fixture
def _pinned_day() -> object:
    with time_machine.travel(dt.datetime(2026, 3, 27, 10, tzinfo=dt.UTC)) as traveller:
        yield traveller


@pytest.fixture
def school_request(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> InformationRequest:
    review = make_review(partnership=partnership, by=business_team_member)
    info_request = send_request(
        review, school, by=business_team_member, contributor=agency_contributor
    )
    return_attachments.add_chronology_entry(
        info_request,
        by=agency_contributor,
        happened_on=dt.date(2026, 3, 2),
        what_happened="Already saved before the import",
    )
    return info_request


def _url(info_request: InformationRequest) -> str:
    return reverse(
        "reviews:request-chronology-import",
        kwargs={"pk": info_request.review_id, "request_pk": info_request.pk},
    )


def _post(client: Client, info_request: InformationRequest, name: str, content: bytes) -> str:
    """Upload a file; return the status code and the page as people read it, in one string."""
    response = client.post(_url(info_request), {"file": SimpleUploadedFile(name, content)})
    return f"{response.status_code}\n{html.unescape(response.content.decode())}"


def _saved(info_request: InformationRequest) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(request=info_request)
        .order_by("pk")
        .values_list("what_happened", flat=True)
    )


def _report(page: str) -> list[str]:
    heading = re.search(r'notification-banner__heading">(.*?)</p>', page, re.DOTALL)
    assert heading is not None
    errors = re.search(r'data-testid="row-errors">(.*?)</ul>', page, re.DOTALL)
    items = re.findall(r"<li>(.*?)</li>", errors[1]) if errors else []
    return [heading[1], *items]


def test_readable_rows_are_imported_and_each_bad_row_is_reported(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)
    content = (
        "Date,What happened,Source\n"
        "02/03/2026,Seen at school,Register\n"
        "31/02/2026,Home visit,Case notes\n"
        "03/03/2026,,Case notes\n"
        f"04/03/2026,{'x' * 5001},Case notes\n"
        "\n"
        "2026-03-05,Call from the GP,Phone log\n"
    ).encode()

    result = _post(client, school_request, "chronology.csv", content)

    assert result.startswith("200\n")
    assert _report(result) == [
        "2 rows imported. 3 rows could not be read:",
        "Row 3: the date 31/02/2026 is not a real date",
        "Row 4: what happened is empty",
        "Row 5: what happened is longer than 5,000 characters",
    ]
    assert _saved(school_request) == [
        "Already saved before the import",
        "Seen at school",
        "Call from the GP",
    ]
    event = school_request.review.events.get(type=EventType.CHRONOLOGY_IMPORTED)
    assert event.detail["count"] == 2
    assert event.actor == agency_contributor


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "chronology.csv",
            b"Name,Address\nAnn,1 High Street\n",
            "The first row must name the columns “date”, “what happened” and “source”. "
            "No column is named “date”; the first row has “Name”, “Address”",
        ),
        (
            "chronology.csv",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
            "The selected file is not a CSV file. Save the sheet as CSV or as .xlsx",
        ),
        (
            "chronology.xlsx",
            b"PK\x03\x04 not really a workbook",
            "The selected file is not a readable Excel workbook (.xlsx)",
        ),
        (
            "chronology.pdf",
            b"%PDF-1.7",
            "The selected file must be a CSV file or an Excel workbook (.xlsx)",
        ),
        ("chronology.csv", b"", "The selected file is empty"),
    ],
)
def test_an_unreadable_file_imports_nothing_and_says_why(
    client: Client,
    school_request: InformationRequest,
    agency_contributor: User,
    name: str,
    content: bytes,
    message: str,
) -> None:
    sign_in(client, agency_contributor)

    result = _post(client, school_request, name, content)

    assert result.startswith("400\n")
    assert "<title>Error: Import a chronology" in result
    assert f'<a href="#id_file">{message}</a>' in result
    assert f"Error:</span> {message}" in result
    assert _saved(school_request) == ["Already saved before the import"]
    assert not school_request.review.events.filter(type=EventType.CHRONOLOGY_IMPORTED).exists()


def test_an_excel_workbook_with_date_cells_and_text_dates_is_imported(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Details", "Source"])
    sheet.append([dt.date(2026, 3, 3), "Seen at school", "Register"])
    sheet.append(["4 March 2026", "Home visit", None])
    sheet.append(["not a date", "Phone call", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sign_in(client, agency_contributor)

    result = _post(client, school_request, "chronology.xlsx", buffer.getvalue())

    assert _report(result) == [
        "2 rows imported. 1 row could not be read:",
        "Row 4: the date “not a date” is not in a form this service can read: "
        "write it like 27/03/2026",
    ]
    entries = ChronologyEntry.objects.filter(request=school_request).order_by("happened_on")
    assert [(entry.happened_on, entry.what_happened) for entry in entries] == [
        (dt.date(2026, 3, 2), "Already saved before the import"),
        (dt.date(2026, 3, 3), "Seen at school"),
        (dt.date(2026, 3, 4), "Home visit"),
    ]


def test_a_file_over_2_mb_is_refused_as_it_arrives(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)
    big = b"date,what happened\n" + b"01/03/2026,padding\n" * (2 * 1024 * 1024 // 19 + 1)

    result = _post(client, school_request, "chronology.csv", big)

    assert result.startswith("400\n")
    assert "The selected file must be smaller than 2 MB" in result
    assert _saved(school_request) == ["Already saved before the import"]


def test_posting_no_file_asks_for_one(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    sign_in(client, agency_contributor)

    response = client.post(_url(school_request), {})

    assert response.status_code == 400
    assert "Select a file" in response.content.decode()


def test_a_submitted_return_takes_no_import(
    client: Client, school_request: InformationRequest, agency_contributor: User
) -> None:
    saved = returns.save_return_draft(
        school_request,
        by=agency_contributor,
        expected_version=1,
        involvement="Seen daily",
        analysis="Shared late",
        immediate_actions="",
        learning="",
    )
    returns.submit_return(saved, by=agency_contributor, expected_version=saved.version)
    sign_in(client, agency_contributor)

    result = _post(client, school_request, "c.csv", b"date,what happened\n01/03/2026,Seen\n")

    assert result.startswith("400\n")
    assert "This return has been submitted, so it cannot be changed." in result
    assert _saved(school_request) == ["Already saved before the import"]


def test_the_import_still_needs_the_csrf_token(
    school_request: InformationRequest, agency_contributor: User
) -> None:
    # The view installs its size limit before the body is read, so it checks CSRF itself.
    strict = sign_in(Client(enforce_csrf_checks=True), agency_contributor)
    upload = SimpleUploadedFile("c.csv", b"date,what happened\n01/03/2026,Seen\n")

    refused = strict.post(_url(school_request), {"file": upload})
    page = strict.get(_url(school_request)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    upload.seek(0)
    accepted = strict.post(_url(school_request), {"csrfmiddlewaretoken": token[1], "file": upload})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert _saved(school_request) == ["Already saved before the import", "Seen"]


def test_the_outsider_and_other_organisations_cannot_import(
    client: Client,
    school_request: InformationRequest,
    outsider: User,
    partner_lead: User,
    police: Organisation,
    business_team_member: User,
) -> None:
    send_request(
        school_request.review,
        police,
        by=business_team_member,
        contributor=partner_lead,
        role=ReviewRole.STATUTORY_PARTNER_LEAD,
    )
    csv = b"date,what happened\n01/03/2026,Seen\n"
    statuses = []
    for who in (outsider, partner_lead, business_team_member):
        sign_in(client, who)
        response = client.post(_url(school_request), {"file": SimpleUploadedFile("c.csv", csv)})
        statuses.append(response.status_code)

    assert statuses == [404, 404, 403]
    assert _saved(school_request) == ["Already saved before the import"]
