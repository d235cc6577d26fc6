"""The LCSPRs section of the statistics: every figure of the hand-built world
(statistics_lcspr_setup) against numbers written out by hand."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.reads.statistics import lcsprs
from reviews.reads.statistics.tables import ChartKind, Period, Section, Table
from reviews.tests import statistics_lcspr_setup
from reviews.tests.statistics_lcspr_setup import (
    DELAY_REASON,
    LATE_REASON,
    PERIOD,
    TODAY,
    StatisticsLcsprWorld,
    grow,
)

statistics_lcspr_world = statistics_lcspr_setup.statistics_lcspr_world


def _section(world: StatisticsLcsprWorld, period: Period = PERIOD) -> Section:
    return lcsprs.section(world.partnership, period, today=TODAY)


def _table(world: StatisticsLcsprWorld, key: str) -> Table:
    return next(table for table in _section(world).tables if table.key == key)


def _column(table: Table, column: int = 1) -> list[tuple[str, object, set[int]]]:
    return [(row[0].text, row[column].value, set(row[column].reviews)) for row in table.rows]


def test_the_summary_counts_commissioned_published_and_in_progress(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "lcsprs-summary")

    assert table.headings == ("", "LCSPRs")
    assert _column(table) == [
        (
            "Commissioned in the period",
            3,
            {world.late.pk, world.in_progress.pk, world.published_later.pk},
        ),
        ("Published in the period", 2, {world.on_time.pk, world.late.pk}),
        ("Published within six months of the decision", 1, {world.on_time.pk}),
        ("Published after six months", 1, {world.late.pk}),
        ("In progress on 31 March 2026", 2, {world.in_progress.pk, world.published_later.pk}),
    ]


def test_in_progress_by_stage_is_at_the_periods_end(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "lcsprs-stages")

    # published_later did its steps only in April 2026: still in planning on 31 March.
    assert _column(table) == [
        ("Planning", 1, {world.published_later.pk}),
        ("Learning events and the family", 1, {world.in_progress.pk}),
        ("Drafting and sign-off", 0, set()),
        ("Publication", 0, set()),
    ]
    assert table.chart is not None
    assert (table.chart.kind, table.chart.series) == (ChartKind.BAR, (1,))


def test_delays_list_each_late_lcspr_with_its_reason(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "lcsprs-delays")

    assert [[cell.text for cell in row] for row in table.rows] == [
        [
            world.late.case_code,
            "15 October 2025",
            "20 November 2025",
            "36",
            LATE_REASON,
            "Not recorded",
        ],
        [
            world.in_progress.case_code,
            "2 December 2025",
            "Not yet",
            "119",
            DELAY_REASON,
            "10 November 2025",
        ],
    ]
    assert [row[3].value for row in table.rows] == [36, 119]
    assert [row[3].reviews for row in table.rows] == [{world.late.pk}, {world.in_progress.pk}]


def test_a_period_before_any_delay_lists_none(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    earlier = Period.financial_year(2024)  # April 2024 to March 2025

    section = _section(world, earlier)
    summary = next(table for table in section.tables if table.key == "lcsprs-summary")

    assert next(table for table in section.tables if table.key == "lcsprs-delays").rows == ()
    assert [row[1].value for row in summary.rows] == [1, 0, 0, 0, 1]
    assert summary.rows[0][1].reviews == {world.on_time.pk}


def test_the_section_says_how_it_counts(statistics_lcspr_world: StatisticsLcsprWorld) -> None:
    section = _section(statistics_lcspr_world)

    assert [table.key for table in section.tables] == [
        "lcsprs-summary",
        "lcsprs-stages",
        "lcsprs-delays",
    ]
    assert any("six months" in note for note in section.notes)


def test_the_queries_do_not_grow_with_the_lcsprs(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _section(world)
        return len(captured)

    small = queries()
    grow(world, 3)
    grown = _table(world, "lcsprs-summary")

    assert queries() == small
    assert grown.cell(0, 1).value == 6
