"""Rapid review statistics from the hand-built world (statistics_setup.py): every figure is
compared with the number worked out by hand from the dates written there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.reads.statistics import (
    ChartKind,
    Figure,
    Section,
    Table,
    rapid_reviews,
    rapid_selection,
)
from reviews.reads.statistics.tables import Period
from reviews.tests.statistics_setup import StatisticsWorld, add_rapid_review, statistics_world

__all__ = ["statistics_world"]


def section_of(world: StatisticsWorld) -> Section:
    return rapid_reviews.section(world.partnership, world.period, today=world.today)


def table_of(world: StatisticsWorld, key: str) -> Table:
    (table,) = [each for each in section_of(world).tables if each.key == key]
    return table


def cells(row: tuple[Figure, ...]) -> list[tuple[object, set[int]]]:
    """Each figure of a row after its label: its value and the reviews behind it."""
    return [(figure.value, set(figure.reviews)) for figure in row[1:]]


def row_named(table: Table, label: str) -> tuple[Figure, ...]:
    (row,) = [row for row in table.rows if row[0].text == label]
    return row


def test_timeliness_counts_working_day_fifteen_from_each_schedule(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    on_time, late, held = world.on_time.pk, world.late.pk, world.on_hold.pk
    slightly, waiting = world.slightly_late.pk, world.not_yet_due.pk
    every = {on_time, late, held, slightly, waiting}
    table = table_of(world, "rapid-reviews-timeliness")
    assert [row[0].text for row in table.rows] == [
        "Rapid reviews",
        "Sent to the National Panel by working day 15",
        "Sent late",
        "Not yet sent: overdue",
        "Not yet sent: not yet due",
        "Not yet sent: on hold (counted above, since a hold does not move working day 15)",
        "Working days late: median",
        "Working days late: longest",
    ]
    assert [cells(row) for row in table.rows] == [
        [(5, every), (100, every)],
        [(1, {on_time}), (20, {on_time})],
        [(2, {late, slightly}), (40, {late, slightly})],
        # On hold since 15 December, working day 15 (24 December) passed all the same.
        [(1, {held}), (20, {held})],
        [(1, {waiting}), (20, {waiting})],
        [(1, {held}), (20, {held})],
        # 4 working days late (15 October for 9 October) and 1 (3 February for 2 February).
        [(2.5, {late, slightly}), (None, set())],
        [(4, {late, slightly}), (None, set())],
    ]
    assert table.cell(6, 1).text == "2.5"
    assert table.cell(1, 2).text == "20%"
    assert table.chart is None


def test_by_quarter_counts_each_review_in_the_quarter_of_its_working_day_zero(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    table = table_of(world, "rapid-reviews-by-quarter")
    assert table.headings == ("Quarter", "Rapid reviews", "Sent by working day 15", "Sent late")
    assert [row[0].text for row in table.rows] == [
        "Quarter 1: April to June 2025",
        "Quarter 2: July to September 2025",
        "Quarter 3: October to December 2025",
        "Quarter 4: January to March 2026",
    ]
    assert [cells(row) for row in table.rows] == [
        [(1, {world.on_time.pk}), (1, {world.on_time.pk}), (0, set())],
        [(1, {world.late.pk}), (0, set()), (1, {world.late.pk})],
        [(1, {world.on_hold.pk}), (0, set()), (0, set())],
        [
            (2, {world.slightly_late.pk, world.not_yet_due.pk}),
            (0, set()),
            (1, {world.slightly_late.pk}),
        ],
    ]
    assert table.chart is not None
    assert (table.chart.kind, table.chart.series) == (ChartKind.BAR, (2, 3))


def test_outcomes_and_the_panels_responses(statistics_world: StatisticsWorld) -> None:
    world = statistics_world
    outcomes = table_of(world, "rapid-reviews-outcomes")
    assert [row[0].text for row in outcomes.rows] == [
        "Local child safeguarding practice review",
        "National review",
        "No further review",
        "Not yet decided",
    ]
    assert [cells(row) for row in outcomes.rows] == [
        [(1, {world.on_time.pk})],
        [(0, set())],
        [(1, {world.late.pk})],
        [(3, {world.on_hold.pk, world.slightly_late.pk, world.not_yet_due.pk})],
    ]
    assert outcomes.chart is not None
    assert outcomes.chart.kind is ChartKind.BAR
    panel = table_of(world, "rapid-reviews-panel")
    both = {world.on_time.pk, world.late.pk}
    assert [(row[0].text, *cells(row)) for row in panel.rows] == [
        ("Responses from the National Panel", (2, both)),
        ("Agreed with our conclusions", (1, {world.on_time.pk})),
        ("Did not agree with our conclusions", (1, {world.late.pk})),
        ("Agreement rate", (50, both)),
        ("Asked for more information", (1, {world.late.pk})),
    ]
    assert panel.cell(3, 1).text == "50%"


def test_milestones_count_working_days_from_working_day_zero(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    table = table_of(world, "rapid-reviews-milestones")
    assert "Notify the National Panel and the partnership" not in [
        row[0].text for row in table.rows
    ]
    # Sent on working days 14, 19 and 16.
    sent = {world.on_time.pk, world.late.pk, world.slightly_late.pk}
    assert cells(row_named(table, "Send the report to the National Panel")) == [
        (3, sent),
        (16, sent),
        (19, sent),
    ]
    # Every request answered on 17 June 2025: working day 8.
    assert cells(row_named(table, "Return the requested information")) == [
        (1, {world.on_time.pk}),
        (8, {world.on_time.pk}),
        (8, {world.on_time.pk}),
    ]
    # The Panel answered on working days 25 (10 July) and 30 (30 October).
    answered = {world.on_time.pk, world.late.pk}
    assert cells(row_named(table, "National Panel responds")) == [
        (2, answered),
        (27.5, answered),
        (30, answered),
    ]
    assert cells(row_named(table, "Reconvene the partners")) == [
        (1, {world.late.pk}),
        (34, {world.late.pk}),
        (34, {world.late.pk}),
    ]


def test_a_period_with_no_rapid_reviews_counts_none(statistics_world: StatisticsWorld) -> None:
    world = statistics_world
    empty = Period(dt.date(2024, 4, 1), dt.date(2024, 9, 30))
    section = rapid_reviews.section(world.partnership, empty, today=world.today)
    (timeliness, quarters, *_) = section.tables
    assert timeliness.cell(0, 1).value == 0
    assert timeliness.cell(6, 1).value is None
    assert [row[0].text for row in quarters.rows] == [
        "Quarter 1: April to June 2024",
        "Quarter 2: July to September 2024",
    ]


def test_quarters_of_a_period_not_in_whole_months() -> None:
    period = Period(dt.date(2025, 5, 15), dt.date(2025, 9, 30))
    assert rapid_reviews.quarters(period) == [
        Period(dt.date(2025, 5, 15), dt.date(2025, 8, 14)),
        Period(dt.date(2025, 8, 15), dt.date(2025, 9, 30)),
    ]


@pytest.mark.django_db
def test_a_fixed_number_of_queries_however_many_reviews(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    section_of(world)  # the working-day tables are cached by content after the first
    with CaptureQueriesContext(connection) as smaller:
        section_of(world)
    add_rapid_review(world, told=dt.date(2025, 7, 7))
    add_rapid_review(world, told=dt.date(2025, 10, 6))
    with CaptureQueriesContext(connection) as larger:
        bigger = section_of(world)
    assert len(larger) == len(smaller)
    assert bigger.tables[0].cell(0, 1).value == 7


def test_sections_share_one_selection_within_a_shared_block(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    ask = (world.partnership, world.period)
    with rapid_selection.shared():
        first = rapid_selection.select(*ask, today=world.today)
        assert rapid_selection.select(*ask, today=world.today) is first
        assert rapid_selection.select(*ask, today=dt.date(2026, 4, 20)) is not first
    assert rapid_selection.select(*ask, today=world.today) is not first
    assert first.ids == {review.pk for review in world.in_period}
