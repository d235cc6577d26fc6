"""Notification statistics from the hand-built world (statistics_setup.py): every figure
compared with the number worked out by hand from the dates written there."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.reads.statistics import Section, notifications
from reviews.reads.statistics.tables import Period
from reviews.tests.statistics_setup import StatisticsWorld, add_rapid_review, statistics_world

__all__ = ["statistics_world"]


def section_of(world: StatisticsWorld, period: Period | None = None) -> Section:
    return notifications.section(world.partnership, period or world.period, today=world.today)


def test_notifications_counted_by_their_rapid_reviews_working_day_zero(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    (table,) = section_of(world).tables
    every = {review.pk for review in world.in_period}
    late = {world.late.pk}  # aware 8 September, notified 17 September: due 15 September
    on_time = every - late
    met = every - {world.slightly_late.pk}  # no criterion met there
    assert table.key == "notifications-summary"
    assert table.headings == ("Notifications", "Number", "Percentage of notifications")
    assert [
        (row[0].text, *((figure.value, set(figure.reviews)) for figure in row[1:]))
        for row in table.rows
    ] == [
        ("Notifications", (5, every), (100, every)),
        ("Criteria for a notification met", (4, met), (80, met)),
        (
            "Notified to the National Panel within 5 working days of awareness",
            (4, on_time),
            (80, on_time),
        ),
        ("Notified to the National Panel late", (1, late), (20, late)),
    ]
    assert table.values()[3] == ["Notified to the National Panel late", 1, 20]
    assert section_of(world).notes


def test_the_review_before_the_period_counts_in_its_own_year(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    (table,) = section_of(world, Period.financial_year(2024)).tables
    # Told 5 March 2025; notified late (12 March for 10 March).
    assert table.cell(0, 1).reviews == {world.before.pk}
    assert table.cell(3, 1).reviews == {world.before.pk}


def test_a_fixed_number_of_queries_however_many_notifications(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    section_of(world)
    with CaptureQueriesContext(connection) as smaller:
        section_of(world)
    add_rapid_review(world, told=dt.date(2025, 7, 7))
    with CaptureQueriesContext(connection) as larger:
        (table,) = section_of(world).tables
    assert len(larger) == len(smaller)
    assert table.cell(0, 1).value == 6
