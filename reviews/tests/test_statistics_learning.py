"""The learning section of the statistics: every figure of the hand-built world
(statistics_lcspr_setup) against numbers written out by hand."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.reads.statistics import learning
from reviews.reads.statistics.tables import ChartKind, Period, Section, Table
from reviews.tests import statistics_lcspr_setup
from reviews.tests.statistics_lcspr_setup import PERIOD, TODAY, StatisticsLcsprWorld, grow

statistics_lcspr_world = statistics_lcspr_setup.statistics_lcspr_world


def _section(world: StatisticsLcsprWorld, period: Period = PERIOD) -> Section:
    return learning.section(world.partnership, period, today=TODAY)


def _table(world: StatisticsLcsprWorld, key: str) -> Table:
    return next(table for table in _section(world).tables if table.key == key)


def _grid(table: Table) -> list[list[object]]:
    return [[cell.text if cell.value is None else cell.value for cell in row] for row in table.rows]


def test_recommendations_made_in_the_period_by_the_state_of_their_actions(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "learning-recommendations")

    # R0, recorded before the period, is not counted.
    assert _grid(table) == [
        ["No actions yet", 1],
        ["Actions still open", 1],
        ["All actions done, some awaiting confirmation", 1],
        ["All actions done and confirmed", 1],
        ["Total", 4],
    ]
    assert [set(row[1].reviews) for row in table.rows] == [
        {world.in_progress.pk},
        {world.in_progress.pk},
        {world.late.pk},
        {world.late.pk},
        {world.late.pk, world.in_progress.pk},
    ]


def test_actions_due_in_the_period_by_status_and_overdue_at_its_end(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "learning-actions")

    # Due in the period: on time (confirmed), late (awaiting), overdue (not started) and the
    # one completed only after the period's end (awaiting now, overdue on 31 March).
    assert _grid(table) == [
        ["Not started", 1],
        ["In progress", 0],
        ["Completed, awaiting confirmation", 2],
        ["Completed and confirmed", 1],
        ["Withdrawn", 0],
        ["Total", 4],
        ["Overdue on 31 March 2026", 2],
        ["Due before the period and still overdue on 31 March 2026", 1],
    ]
    assert set(table.cell(6, 1).reviews) == {world.in_progress.pk}
    assert set(table.cell(7, 1).reviews) == {world.on_time.pk}


def test_actions_by_organisation_completed_on_time_and_overdue(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "learning-actions-organisations")

    assert table.headings == (
        "Organisation",
        "Actions",
        "Completed",
        "Completed by the due date",
        "Overdue on 31 March 2026",
    )
    assert _grid(table) == [
        ["Hollin Test School", 2, 1, 0, 1],
        ["Wexmoor Police", 2, 1, 1, 1],
        ["All organisations", 4, 2, 1, 2],
    ]
    police = table.rows[1]
    assert [set(cell.reviews) for cell in police[1:]] == [
        {world.late.pk, world.in_progress.pk},
        {world.late.pk},
        {world.late.pk},
        {world.in_progress.pk},
    ]


def test_dissemination_in_the_period_and_its_reach(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "learning-dissemination")

    # The newsletter of March 2025 is before the period.
    assert _grid(table) == [
        ["Training", 1, 40],
        ["7-minute briefing", 1, 25],
        ["All ways", 2, 65],
    ]
    assert set(table.cell(2, 2).reviews) == {world.on_time.pk, world.late.pk}


def test_themes_over_time_are_the_themes_across_reviews_by_year(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    table = _table(world, "learning-themes")

    # after_period (April 2026) started after the period: its neglect is not counted.
    assert table.headings == ("Year", "Neglect", "Domestic abuse")
    assert _grid(table) == [["2024", 0, 1], ["2025", 3, 1]]
    assert [[set(cell.reviews) for cell in row[1:]] for row in table.rows] == [
        [set(), {world.rapid_review.pk}],
        [{world.on_time.pk, world.late.pk, world.in_progress.pk}, {world.late.pk}],
    ]
    assert table.chart is not None
    assert (table.chart.kind, table.chart.series) == (ChartKind.LINE, (1, 2))
    assert any("themes across reviews" in note for note in _section(world).notes)


def test_an_earlier_period_counts_its_own_records(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world
    section = learning.section(world.partnership, Period.financial_year(2024), today=TODAY)
    tables = {table.key: table for table in section.tables}

    # April 2024 to March 2025: R0, its action (due 28 February 2025, never done) and the
    # newsletter of 1 March 2025.
    assert tables["learning-recommendations"].cell(4, 1).value == 1
    assert _grid(tables["learning-actions"])[-3:] == [
        ["Total", 1],
        ["Overdue on 31 March 2025", 1],
        ["Due before the period and still overdue on 31 March 2025", 0],
    ]
    assert _grid(tables["learning-dissemination"]) == [["Newsletter", 1, 100], ["All ways", 1, 100]]
    assert tables["learning-themes"].headings == ("Year", "Domestic abuse", "Neglect")
    assert _grid(tables["learning-themes"]) == [["2024", 1, 0], ["2025", 0, 1]]


def test_the_queries_do_not_grow_with_the_reviews(
    statistics_lcspr_world: StatisticsLcsprWorld,
) -> None:
    world = statistics_lcspr_world

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _section(world)
        return len(captured)

    small = queries()
    grow(world, 3)
    organisations = _table(world, "learning-actions-organisations")

    assert queries() == small
    assert _grid(organisations)[-1] == ["All organisations", 7, 5, 1, 2]
