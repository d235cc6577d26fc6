"""The rapid review report's Word file: versions kept with their hash, hostile text, refusals,
queries, sign-offs, and reading the text back."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator

import docx
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.report import generate_report_version
from reviews.documents.rapid_review_report import (
    SignOff,
    UnreadableDocument,
    build_rapid_review_report,
    document_text,
)
from reviews.documents.rapid_review_report import word as word_module
from reviews.event_types import EventType
from reviews.models import Event, ReportVersion, RequestStatus, Review, ReviewKind
from reviews.reads.report import signatories
from reviews.tests.conftest import ask_agency
from reviews.tests.report_content_setup import everything_in, opened
from reviews.tests.report_setup import PSEUDONYM, WORKING_DAY_TWELVE, ReportCase, word_file


@pytest.fixture(autouse=True)
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


def test_a_version_keeps_its_file_its_hash_and_its_text_and_says_so(case: ReportCase) -> None:
    version = generate_report_version(case.review, by=case.team)

    with version.docx.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == version.sha256
    assert (version.number, version.source) == (1, ReportVersion.Source.GENERATED)
    assert "1. Case reference and pseudonym" in version.text.splitlines()
    # A table row is one line, its cells separated by bars.
    assert (
        "30 June 2025 | Wexmoor ICB | Follow-up clinic appointment not attended | HV records"
        in (version.text.splitlines())
    )
    event = Event.objects.get(review=case.review, type=EventType.REPORT_GENERATED.value)
    assert event.detail["number"] == 1
    assert event.actor == case.team


def test_each_generation_is_a_new_numbered_version_and_none_is_overwritten(
    case: ReportCase,
) -> None:
    first = generate_report_version(case.review, by=case.team)
    second = generate_report_version(case.review, by=case.team)

    assert (first.number, second.number) == (1, 2)
    assert first.docx.name != second.docx.name
    with first.docx.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == first.sha256


def test_hostile_text_from_an_agency_is_written_as_plain_text(
    partnership: Partnership, business_team_member: User, police: Organisation
) -> None:
    review = actions.open_review(
        partnership=partnership,
        kind=ReviewKind.RAPID_REVIEW,
        pseudonym="Child C",
        origin=dt.date(2026, 3, 6),
        ruleset="wt2023",
        by=business_team_member,
    )
    ask_agency(
        review,
        police,
        by=business_team_member,
        status=RequestStatus.RETURNED,
        involvement="<script>alert(1)</script> \x07bell </w:t></w:r>",
        analysis="Analysis.",
    )

    version = generate_report_version(review, by=business_team_member)

    assert "<script>alert(1)</script> bell </w:t></w:r>" in everything_in(opened(version))


def test_generating_is_refused_for_an_lcspr_and_for_a_closed_review(
    case: ReportCase, business_team_member: User
) -> None:
    lcspr = actions.open_review(
        partnership=case.review.partnership,
        kind=ReviewKind.LCSPR,
        pseudonym=PSEUDONYM,
        origin=dt.date(2026, 3, 23),
        ruleset="wt2023",
        by=business_team_member,
        rapid_review=case.review,
    )
    with pytest.raises(ActionError, match="belongs to a rapid review"):
        generate_report_version(lcspr, by=business_team_member)
    Review.objects.filter(pk=case.review.pk).update(closed_at=dt.datetime.now(tz=dt.UTC))
    case.review.refresh_from_db()
    with pytest.raises(ActionError, match="is closed"):
        generate_report_version(case.review, by=business_team_member)
    assert not ReportVersion.objects.exists()


def test_reading_the_report_takes_the_same_queries_however_much_the_case_holds(
    case: ReportCase, partnership: Partnership
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_rapid_review_report(case.review, version=1, generated_at=WORKING_DAY_TWELVE)
        return len(captured)

    before = queries()
    for number in range(4):
        organisation = make_organisation(partnership=partnership, name=f"Extra agency {number}")
        ask_agency(
            case.review,
            organisation,
            by=case.team,
            status=RequestStatus.RETURNED,
            involvement="Involved.",
            analysis="Analysed.",
            entries=[(dt.date(2025, 5, day), f"Entry {day}", "Notes") for day in range(1, 6)],
        )

    assert queries() == before


def test_sign_offs_given_to_a_version_are_written_with_name_and_date(case: ReportCase) -> None:
    needed = signatories(case.review)
    given = [
        SignOff(
            role=needed[0].label,
            person="Sam Chair",
            verdict="Approved",
            given_at=WORKING_DAY_TWELVE,
        )
    ]

    report = build_rapid_review_report(
        case.review, version=2, generated_at=WORKING_DAY_TWELVE, sign_offs=given
    )

    assert report.sign_offs[0].date_text == "24 March 2026 at 10:00am"
    assert report.file_name == "AWT26-rapid-review-report-v2.docx"


def test_reading_text_counts_a_merged_cell_once_and_skips_empty_lines() -> None:
    document = docx.Document()
    document.add_paragraph("First paragraph")
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged"
    table.cell(0, 2).text = "Right"
    buffer = io.BytesIO()
    document.save(buffer)

    assert document_text(buffer.getvalue()) == "First paragraph\nMerged | Right"


def test_a_file_that_is_not_a_word_document_or_unpacks_too_large_is_unreadable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(UnreadableDocument, match="could not be opened"):
        document_text(b"%PDF-1.7 not a Word file")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnreadableDocument, match="could not be opened"):
        document_text(broken.getvalue())
    monkeypatch.setattr(word_module, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UnreadableDocument, match="too large once unpacked"):
        document_text(word_file("A real document, larger than a thousand bytes unpacked"))
