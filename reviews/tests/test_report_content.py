"""The rapid review report's content: every section of the review's ruleset, the partners'
rationales and the joint decision, the children without their identities."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

import docx
import pytest
import time_machine

from accounts.models import Partnership, User
from reviews import actions
from reviews.actions.report import generate_report_version
from reviews.models import LCSPR_CRITERIA, ReportVersion, ReviewKind
from reviews.process.rulesets import WORKING_TOGETHER_2018, WORKING_TOGETHER_2023
from reviews.tests.report_content_setup import everything_in, opened
from reviews.tests.report_setup import (
    IDENTITY_VALUES,
    PSEUDONYM,
    WORKING_DAY_TWELVE,
    ReportCase,
    rationale,
)


@pytest.fixture(autouse=True)
def _on_working_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


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
