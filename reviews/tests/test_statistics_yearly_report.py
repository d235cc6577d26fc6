"""The reviews section of the yearly report (issue 15): its Word file read back with
python-docx (real heading styles, the key sentences, every table's cells), its PDF read back with
pdftotext, the learning and improvements of the period with case codes only, who may download
it, and the access log.

The learning, recommendations and actions are written by reviews.tests.learning_rows (an ORM
stand-in for the learning actions), their days set with moment.at or an update of the dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from io import BytesIO
from zoneinfo import ZoneInfo

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, Partnership, User
from reviews import moment
from reviews.documents.yearly_report import (
    build_yearly_report,
    render_yearly_report_docx,
    render_yearly_report_pdf,
)
from reviews.models import ActionStatus, PlanAction, Review, ReviewKind
from reviews.reads.statistics import Figure, Period, Section, Statistics, Table
from reviews.tests.factories import make_review
from reviews.tests.learning_rows import add_action, add_learning, add_recommendation, theme
from reviews.tests.test_documents_combined_report_files import pdf_text, word_text

YEAR = Period.financial_year(2025)  # 1 April 2025 to 31 March 2026
LONDON = ZoneInfo("Europe/London")
GENERATED = dt.datetime(2026, 4, 20, 9, 30, tzinfo=LONDON)
LEAD = "Ottoline Varga"  # a fictional named lead: never in the document


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11), tzinfo=LONDON)


@dataclass(frozen=True)
class World:
    rapid: Review  # origin in the year, pseudonym "Child Q"
    lcspr: Review  # origin in the year, pseudonym "Child R"
    old: Review  # origin the year before, pseudonym "Child S"


def _done(action: PlanAction, completed: dt.date) -> None:
    PlanAction.objects.filter(pk=action.pk).update(completed_on=completed, lead_name=LEAD)


@pytest.fixture
def world(
    partnership: Partnership, business_team_member: User, police: Organisation, icb: Organisation
) -> World:
    by = business_team_member
    rapid = make_review(
        partnership=partnership, by=by, pseudonym="Child Q", origin=dt.date(2025, 6, 2)
    )
    lcspr = make_review(
        partnership=partnership,
        by=by,
        kind=ReviewKind.LCSPR,
        pseudonym="Child R",
        origin=dt.date(2025, 9, 1),
        rapid_review=rapid,
    )
    old = make_review(
        partnership=partnership, by=by, pseudonym="Child S", origin=dt.date(2024, 11, 4)
    )
    neglect, safe_sleep = theme(partnership, "Neglect"), theme(partnership, "Safe sleep")
    with moment.at(at(dt.date(2025, 7, 10))):
        add_learning(
            rapid,
            by=by,
            summary="Child Q's health visits were not shared with the school",
            themes=[neglect],
        )
    with moment.at(at(dt.date(2025, 5, 1))):
        add_learning(
            old,
            by=by,
            summary="Referrals were not escalated",
            organisation=police,
            themes=[theme(partnership, "Domestic abuse")],
        )
    with moment.at(at(dt.date(2025, 3, 20))):
        add_learning(rapid, by=by, summary="Learning recorded before the year began")
    recommendation = add_recommendation(
        lcspr, by=by, text="Share safe sleep advice", themes=[neglect, safe_sleep]
    )
    on_time = add_action(
        rapid,
        by=by,
        organisation=icb,
        due_on=dt.date(2025, 10, 31),
        status=ActionStatus.CONFIRMED,
        description="Brief every health visiting team",
    )
    _done(on_time, dt.date(2025, 10, 15))
    PlanAction.objects.filter(pk=on_time.pk).update(
        evidence_note="Briefing for Child Q's case given to 40 practitioners"
    )
    late = add_action(
        lcspr,
        by=by,
        organisation=police,
        due_on=dt.date(2025, 12, 1),
        recommendation=recommendation,
        status=ActionStatus.AWAITING_CONFIRMATION,
        description="Add safe sleep to the police vulnerability checklist",
    )
    _done(late, dt.date(2026, 1, 20))
    add_action(
        rapid,
        by=by,
        organisation=icb,
        due_on=dt.date(2025, 11, 1),
        status=ActionStatus.IN_PROGRESS,
        description="Still being worked on",
    )
    before = add_action(
        old,
        by=by,
        organisation=icb,
        due_on=dt.date(2025, 2, 1),
        status=ActionStatus.CONFIRMED,
        description="Done the year before",
    )
    _done(before, dt.date(2025, 2, 10))
    add_action(
        rapid,
        by=by,
        organisation=icb,
        due_on=dt.date(2025, 8, 1),
        status=ActionStatus.WITHDRAWN,
        description="Withdrawn action",
    )
    return World(rapid=rapid, lcspr=lcspr, old=old)


def hand_built_statistics(partnership: Partnership, world: World) -> Statistics:
    """Statistics written out by hand, in the shape every section returns (tables.py)."""
    ids = frozenset({world.rapid.pk})
    notifications = Table(
        key="notifications-summary",
        caption="Notifications received",
        headings=("", "Number", "Share"),
        rows=(
            (Figure.label("Notifications"), Figure(3, "3", ids)),
            (
                Figure.label("Notified to the National Panel within 5 working days"),
                Figure(2, "2", ids),
                Figure(2 / 3, "67%", ids),
            ),
        ),
        summary="Two of the three notifications reached the Panel within 5 working days.",
    )
    lcsprs = Table(
        key="lcsprs-summary",
        caption="LCSPRs",
        headings=("", "LCSPRs"),
        rows=(
            (Figure.label("Commissioned in the period"), Figure(1, "1", ids)),
            (Figure.label("Published in the period"), Figure(0, "0")),
        ),
        summary="",
    )
    return Statistics(
        partnership_id=partnership.pk,
        period=YEAR,
        sections=(
            Section("notifications", "Notifications", (notifications,), ("Counted by origin.",)),
            Section("lcsprs", "LCSPRs", (lcsprs,)),
        ),
    )


def headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style is not None and paragraph.style.name.startswith(("Title", "Heading"))
    ]


def table_cells(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_file_has_headings_key_sentences_and_tables(
    partnership: Partnership, world: World
) -> None:
    report = build_yearly_report(
        partnership, hand_built_statistics(partnership, world), generated_at=GENERATED
    )
    document = docx.Document(BytesIO(render_yearly_report_docx(report)))
    assert headings(document) == [
        ("Title", "Reviews section of the yearly report: April 2025 to March 2026"),
        ("Heading 1", "Introduction"),
        ("Heading 1", "Notifications"),
        ("Heading 2", "Notifications received"),
        ("Heading 1", "LCSPRs"),
        ("Heading 2", "LCSPRs"),
        ("Heading 1", "Themes"),
        ("Heading 1", "Learning identified"),
        ("Heading 1", "Improvements made"),
        ("Heading 1", "The coming year"),
    ]
    text = [paragraph.text for paragraph in document.paragraphs]
    assert (
        "In April 2025 to March 2026 the partnership received 3 notifications of serious child "
        "safeguarding incidents, and carried out a rapid review of each." in text
    )
    assert (
        "The local authority notified the National Panel within 5 working days of becoming "
        "aware in 2 of them." in text
    )
    assert "The partnership commissioned 1 local child safeguarding practice review." in text
    assert "No local child safeguarding practice review was published." in text  # none: 0
    # No rapid reviews table yet: the partnership fills the figure in.
    assert (
        "[Partnership to add: how many rapid reviews were sent to the National Panel by "
        "working day 15]" in text
    )
    assert "Counted by origin." in text
    notifications, lcsprs, themes, learning, improvements = document.tables
    assert table_cells(notifications) == [
        ["", "Number", "Share"],
        ["Notifications", "3", ""],  # a short row is filled out to the headings
        ["Notified to the National Panel within 5 working days", "2", "67%"],
    ]
    assert table_cells(lcsprs) == [
        ["", "LCSPRs"],
        ["Commissioned in the period", "1"],
        ["Published in the period", "0"],
    ]
    assert table_cells(themes) == [
        ["Theme", "Rapid reviews", "LCSPRs", "Reviews in all"],
        ["Neglect", "1", "1", "2"],
        ["Safe sleep", "0", "1", "1"],
    ]
    code, old = world.rapid.case_code, world.old.case_code
    assert table_cells(learning) == [
        ["Case code", "Learning", "Themes", "Scope"],
        [old, "Referrals were not escalated", "Domestic abuse", "Single-agency: Wexmoor Police"],
        [
            code,
            f"{code}'s health visits were not shared with the school",
            "Neglect",
            "Multi-agency",
        ],
    ]
    assert table_cells(improvements) == [
        ["Case code", "Organisation", "Action", "Completed", "Evidence", "Status"],
        [
            code,
            "Wexmoor ICB",
            "Brief every health visiting team",
            "15 October 2025",
            f"Briefing for {code}'s case given to 40 practitioners",
            "Confirmed",
        ],
        [
            world.lcspr.case_code,
            "Wexmoor Police",
            "Add safe sleep to the police vulnerability checklist",
            "20 January 2026 (due 1 December 2025)",
            "Minutes of the briefing sessions.",
            "Awaiting confirmation",
        ],
    ]
    assert (
        "2 actions were completed in April 2025 to March 2026, 1 of them by their due date; "
        "the business team has confirmed 1 of them against the evidence." in text
    )
    assert (
        "2 pieces of learning were identified in April 2025 to March 2026, from 2 reviews." in text
    )


def test_case_codes_only_never_a_pseudonym_or_a_name(
    partnership: Partnership, world: World
) -> None:
    report = build_yearly_report(
        partnership, hand_built_statistics(partnership, world), generated_at=GENERATED
    )
    word = word_text(docx.Document(BytesIO(render_yearly_report_docx(report))))
    pdf = pdf_text(render_yearly_report_pdf(report))
    for text in (word, " ".join(pdf.split())):
        for absent in (
            "Child Q",
            "Child R",
            "Child S",
            LEAD,
            "Priya Test",
            "Learning recorded before the year began",
            "Still being worked on",
            "Done the year before",
            "Withdrawn action",
        ):
            assert absent not in text
        assert world.rapid.case_code in text


def test_the_pdf_says_what_the_word_file_says(partnership: Partnership, world: World) -> None:
    report = build_yearly_report(
        partnership, hand_built_statistics(partnership, world), generated_at=GENERATED
    )
    text = " ".join(pdf_text(render_yearly_report_pdf(report)).split())
    for expected in (
        "Reviews section of the yearly report: April 2025 to March 2026",
        "In April 2025 to March 2026 the partnership received 3 notifications",
        "Notified to the National Panel within 5 working days 2 67%",
        "Neglect 1 1 2",
        "Learning identified",
        "Improvements made",
        "[Partnership to add: the partnership's priorities for reviews in the coming year]",
        "OFFICIAL-SENSITIVE",
    ):
        assert expected in text


def _queries(partnership: Partnership, statistics: Statistics) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_yearly_report(partnership, statistics, generated_at=GENERATED)
    return len(queries)


def test_learning_and_improvements_in_a_fixed_number_of_queries(
    partnership: Partnership, world: World, business_team_member: User, icb: Organisation
) -> None:
    statistics = hand_built_statistics(partnership, world)
    few = _queries(partnership, statistics)
    for number in range(4):
        review = make_review(
            partnership=partnership, by=business_team_member, pseudonym=f"C{number}"
        )
        with moment.at(at(dt.date(2025, 8, 1))):
            add_learning(
                review,
                by=business_team_member,
                summary="More",
                themes=[theme(partnership, f"T{number}")],
            )
        done = add_action(
            review,
            by=business_team_member,
            organisation=icb,
            due_on=dt.date(2025, 9, 1),
            status=ActionStatus.CONFIRMED,
        )
        _done(done, dt.date(2025, 9, 1))
    report = build_yearly_report(partnership, statistics, generated_at=GENERATED)
    assert (len(report.learning), len(report.improvements)) == (6, 6)
    assert _queries(partnership, statistics) == few <= 7  # themes 4, learning 2, actions 1


def test_one_improvement_is_said_in_the_singular(partnership: Partnership, world: World) -> None:
    report = build_yearly_report(
        partnership, hand_built_statistics(partnership, world), generated_at=GENERATED
    )
    assert replace(report, improvements=report.improvements[1:]).improvements_summary == (
        "1 action was completed in April 2025 to March 2026, after its due date; the business "
        "team has not confirmed it yet against the evidence."
    )
