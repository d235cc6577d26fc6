"""The rapid review report's content and Word file: every section of the review's ruleset, the
partners' rationales and the joint decision, the children without their identities."""

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
from reviews.actions.report import generate_report_version, signatories
from reviews.documents.rapid_review_report import (
    SignOff,
    UnreadableDocument,
    build_rapid_review_report,
    document_text,
)
from reviews.documents.rapid_review_report import word as word_module
from reviews.event_types import EventType
from reviews.models import (
    LCSPR_CRITERIA,
    Event,
    ReportVersion,
    RequestStatus,
    Review,
    ReviewKind,
)
from reviews.process.rulesets import WORKING_TOGETHER_2018, WORKING_TOGETHER_2023
from reviews.tests.conftest import ask_agency
from reviews.tests.report_setup import (
    IDENTITY_VALUES,
    PSEUDONYM,
    WORKING_DAY_TWELVE,
    ReportCase,
    rationale,
    word_file,
)


@pytest.fixture(autouse=True)
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


def opened(version: ReportVersion) -> docx.document.Document:
    with version.docx.open("rb") as handle:
        return docx.Document(io.BytesIO(handle.read()))


def everything_in(document: docx.document.Document) -> str:
    """Every piece of text in the file: body, tables, headers, footers and properties."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    properties = document.core_properties
    parts.extend([properties.title, properties.author, properties.comments, properties.subject])
    return "\n".join(parts)


def headings(document: docx.document.Document) -> list[str]:
    return [
        paragraph.text
        for paragraph in document.paragraphs
        if paragraph.style is not None
        and paragraph.style.name is not None
        and paragraph.style.name == "Heading 1"
    ]


def test_the_report_opens_in_word_with_every_section_of_its_ruleset_in_order(
    case: ReportCase,
) -> None:
    version = generate_report_version(case.review, by=case.team)

    document = opened(version)

    expected = WORKING_TOGETHER_2023.rapid_review_report_sections
    assert headings(document) == [f"{n}. {title}" for n, title in enumerate(expected, start=1)]
    assert "Key practice episodes" in expected
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    footer_xml = document.sections[0].footer._element.xml
    assert "OFFICIAL-SENSITIVE" in header
    assert f"{case.review.case_code} Rapid review report" in header
    assert "NUMPAGES" in footer_xml
    assert "PAGE" in footer_xml


def test_it_holds_each_partners_answers_and_rationale_against_every_criterion(
    case: ReportCase,
) -> None:
    text = everything_in(opened(generate_report_version(case.review, by=case.team)))

    for kind in ("csc", "icb", "police"):
        for prefix, words in LCSPR_CRITERIA:
            assert rationale(kind, prefix) in text
            assert words in text
        assert rationale(kind, "lcspr_criteria_met") in text
        assert rationale(kind, "national_criteria_may_be_met") in text
    for name in ("Wexmoor Police", "Wexmoor ICB", "Wexmoor Children's Services"):
        assert name in text


def test_it_holds_the_joint_decision_and_the_partner_that_disagreed_but_not_legal_advice(
    case: ReportCase,
) -> None:
    document = opened(generate_report_version(case.review, by=case.team))
    text = everything_in(document)

    assert "Joint rationale: two agencies did not share what they knew." in text
    assert "ICB dissent: a single-agency review would do." in text
    assert "An LCSPR will start" in text
    assert "23 March 2026" in text
    # Legal advice is privileged: it is recorded in the service, not copied into the report.
    assert "Privileged advice" not in text


def test_it_describes_the_children_and_holds_no_value_of_any_identity_record(
    case: ReportCase,
) -> None:
    document = opened(generate_report_version(case.review, by=case.team))
    text = everything_in(document)

    children = next(
        table for table in document.tables if table.rows[0].cells[0].text == "Pseudonym"
    )
    assert [cell.text for cell in children.rows[1].cells] == [
        PSEUDONYM,
        "4 years",
        "Female",
        "Mixed White and Black Caribbean",
        "Hearing impairment",
        "No",
        "Child protection plan",
    ]
    for value in IDENTITY_VALUES:
        assert value not in text
    with ReportVersion.objects.get(review=case.review).docx.open("rb") as handle:
        raw = handle.read()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for member in archive.namelist():
            unpacked = archive.read(member).decode("utf-8", errors="replace")
            for value in IDENTITY_VALUES:
                assert value not in unpacked, (member, value)


def test_it_gives_the_incident_the_dates_and_what_each_agency_returned(case: ReportCase) -> None:
    text = everything_in(opened(generate_report_version(case.review, by=case.team)))

    for fact in (
        "1 March 2026",  # the incident
        "2 March 2026",  # the local authority became aware
        "5 March 2026",  # the Panel was notified
        "6 March 2026",  # the partnership was told
        "Calderbridge",
        "Officers attended the home twice after neighbours reported shouting.",
        "A missed follow-up appointment was not chased.",
        "Said it had no involvement with the child or family.",
        "Immediate action of police: a practice reminder to all teams.",
        "Learning of icb: see and hear the child at every visit.",
    ):
        assert fact in text


def test_the_chronology_is_merged_in_date_order_with_the_agency_of_each_entry(
    case: ReportCase,
) -> None:
    document = opened(generate_report_version(case.review, by=case.team))

    table = next(table for table in document.tables if table.rows[0].cells[0].text == "Date")
    rows = [[cell.text for cell in row.cells][:3] for row in table.rows[1:]]
    assert rows == [
        ["30 June 2025", "Wexmoor ICB", "Follow-up clinic appointment not attended"],
        ["3 November 2025", "Wexmoor Police", "Officers attended a report of shouting"],
        ["1 December 2025", "Wexmoor Children's Services", "Contact closed with no further action"],
    ]


def test_sections_with_no_records_are_headings_with_guidance_to_complete(
    case: ReportCase,
) -> None:
    document = opened(generate_report_version(case.review, by=case.team))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]

    for section in (
        "Key practice episodes",
        "Analysis of what went well and what must improve",
        "Context, equality and protected characteristics",
        "How racism, inequality and protected characteristics shaped the child's experience "
        "and practice",
    ):
        heading = next(i for i, text in enumerate(paragraphs) if text.endswith(f". {section}"))
        assert paragraphs[heading + 1].startswith("To be completed: ")


def test_the_sign_offs_list_who_signs_and_the_panel_date_is_not_given_yet(
    case: ReportCase,
) -> None:
    document = opened(generate_report_version(case.review, by=case.team))

    table = next(table for table in document.tables if table.rows[0].cells[0].text == "Role")
    assert [cell.text for cell in table.rows[0].cells] == [
        "Role",
        "Organisation",
        "Name",
        "Decision",
        "Date and time",
    ]
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
        [role, organisation, "", "Not yet given", ""]
        for role, organisation in (
            ("CSPR subgroup chair", case.review.partnership.name),
            ("Partnership independent chair", case.review.partnership.name),
            ("Statutory partner", "Wexmoor Children's Services"),
            ("Statutory partner", "Wexmoor ICB"),
            ("Statutory partner", "Wexmoor Police"),
        )
    ]
    assert "Not sent yet." in everything_in(document)


def test_a_review_under_working_together_2018_has_its_own_sections(
    partnership: Partnership, business_team_member: User
) -> None:
    review = actions.open_review(
        partnership=partnership,
        kind=ReviewKind.RAPID_REVIEW,
        pseudonym="Child B",
        origin=dt.date(2023, 3, 6),
        ruleset="wt2018",
        by=business_team_member,
    )

    document = opened(generate_report_version(review, by=business_team_member))

    expected = WORKING_TOGETHER_2018.rapid_review_report_sections
    assert headings(document) == [f"{n}. {title}" for n, title in enumerate(expected, start=1)]
    assert not any("Key practice episodes" in heading for heading in headings(document))
    text = everything_in(document)
    assert "No notification has been recorded for this review." in text
    assert "No statutory partner has recorded its decision yet." in text


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
