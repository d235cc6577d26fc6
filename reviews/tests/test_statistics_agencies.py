"""Agencies' returns from the hand-built world (statistics_setup.py): every figure compared
with the number worked out by hand from the dates written there."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.reads.statistics import ChartKind, Section, agencies
from reviews.tests.statistics_setup import StatisticsWorld, add_rapid_review, statistics_world

__all__ = ["statistics_world"]


def section_of(world: StatisticsWorld) -> Section:
    return agencies.section(world.partnership, world.period, today=world.today)


def test_one_row_per_organisation_with_its_returns(statistics_world: StatisticsWorld) -> None:
    world = statistics_world
    (table,) = section_of(world).tables
    on_time, late = world.on_time.pk, world.late.pk
    both = {on_time, late}
    assert table.key == "agencies-returns"
    assert table.headings == (
        "Organisation",
        "Requests received",
        "Returned by the due date",
        "Returned late",
        "Median working days late",
        "“No involvement” answers",
        "“No involvement” rate",
        "Not yet returned",
    )
    assert [
        [row[0].text] + [(figure.value, set(figure.reviews)) for figure in row[1:]]
        for row in table.rows
    ] == [
        [
            "Wexmoor Children's Services",
            (2, both),
            (1, {on_time}),  # "no involvement", on the due date
            (0, set()),
            (None, set()),
            (1, {on_time}),
            (100, {on_time}),  # its one answer
            (1, {late}),  # never answered
        ],
        [
            "Wexmoor ICB",
            (2, both),
            (1, {late}),
            (1, {on_time}),
            (3, {on_time}),  # 17 June for 12 June: 3 working days
            (0, set()),
            (0, set()),
            (0, set()),
        ],
        [
            # The police's late return for the review before the period is not counted.
            "Wexmoor Police",
            (2, both),
            (1, {on_time}),
            (1, {late}),
            (2, {late}),  # 29 September for 25 September: 2 working days
            (0, set()),
            (0, set()),
            (0, set()),
        ],
    ]
    assert table.cell(0, 6).text == "100%"
    assert table.cell(0, 4).text == "None"
    assert table.chart is not None
    assert (table.chart.kind, table.chart.series) == (ChartKind.BAR, (2, 3))
    assert table.values()[1] == ["Wexmoor ICB", 2, 1, 1, 3, 0, 0, 0]


def test_a_fixed_number_of_queries_however_many_requests(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    section_of(world)
    with CaptureQueriesContext(connection) as smaller:
        section_of(world)
    add_rapid_review(world, told=dt.date(2025, 7, 7))
    add_rapid_review(world, told=dt.date(2025, 10, 6))
    with CaptureQueriesContext(connection) as larger:
        (table,) = section_of(world).tables
    assert len(larger) == len(smaller)
    assert table.cell(1, 1).value == 4  # the ICB: two more requests
