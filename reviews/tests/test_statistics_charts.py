"""The charts' geometry (reviews.views.statistics.charts), from tables built here: bars as long
as their values on a round scale, lines through each value, labels wrapped, all inside the
picture, and nothing drawn for a table without a chart or without rows."""

from __future__ import annotations

import itertools

import pytest

from reviews.reads.statistics import Chart, ChartKind, Figure, Table
from reviews.views.statistics.charts import (
    CHARACTERS,
    VALUE_ROOM,
    WIDTH,
    Drawing,
    drawing_for,
    nice_top,
    value_text,
)


def table(
    rows: list[tuple[str, list[float | None]]], kind: ChartKind = ChartKind.BAR, series: int = 2
) -> Table:
    headings = ("Quarter", "On time", "Late", "On hold")[: series + 1]
    return Table(
        key="timeliness",
        caption="Sent to the Panel by working day 15",
        headings=headings,
        rows=tuple(
            (
                Figure.label(label),
                *(
                    Figure(value, "none" if value is None else value_text(value))
                    for value in values
                ),
            )
            for label, values in rows
        ),
        summary="Most were on time.",
        chart=Chart(kind, tuple(range(1, series + 1)), "reviews"),
    )


def inside(drawing: Drawing) -> None:
    """Every mark and word lies within the viewBox."""
    points = [(t.x, t.y) for t in drawing.labels]
    points += [(bar.x + bar.width, bar.y + bar.height) for bar in drawing.bars]
    points += [(tick.x2, tick.y2) for tick in drawing.ticks]
    points += [mark for series in drawing.series for mark in series.markers]
    for x, y in points:
        assert 0 <= x <= drawing.width, (x, y)
        assert 0 <= y <= drawing.height, (x, y)


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(7, 8, 2), (10, 10, 2.5), (1, 1, 0.25), (37, 40, 10), (0, 1, 0.25), (4.5, 6, 2)],
)
def test_the_scale_ends_on_a_round_number_at_or_above_the_largest(
    largest: float, top: float, step: float
) -> None:
    assert nice_top(largest) == (top, step)


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(1, 1, 1), (0, 1, 1), (3, 3, 1), (10, 12, 3), (37, 40, 10)],
)
def test_an_axis_of_counts_steps_in_whole_numbers(largest: int, top: float, step: float) -> None:
    assert nice_top(largest, whole=True) == (top, step)


def test_a_chart_of_counts_has_no_fractional_ticks() -> None:
    drawing = drawing_for(table([("April to June", [1, 0]), ("July to September", [0, 0])]))

    assert drawing is not None
    assert [tick.label.text for tick in drawing.ticks] == ["0", "1"]


def test_bars_are_as_long_as_their_values_and_say_them() -> None:
    drawing = drawing_for(table([("April to June", [6, 2]), ("July to September", [3, None])]))

    assert drawing is not None
    assert drawing.kind == "bar"
    assert [bar.value.text for bar in drawing.bars] == ["6", "2", "3", "none"]
    full = drawing.bars[0].width  # the scale ends at 6, the largest value
    assert full == WIDTH - VALUE_ROOM
    assert [round(bar.width / full * 6, 6) for bar in drawing.bars] == [6, 2, 3, 0]
    assert [bar.style for bar in drawing.bars] == [0, 1, 0, 1]
    assert [tick.label.text for tick in drawing.ticks] == ["0", "2", "4", "6"]
    assert [entry.text.text for entry in drawing.legend] == ["On time", "Late"]
    assert [label.text for label in drawing.labels] == ["April to June", "July to September"]
    # each row's label sits above its bars
    assert drawing.labels[1].y < drawing.bars[2].y
    assert drawing.bars[1].y > drawing.bars[0].y
    assert drawing.title == "Chart: Sent to the Panel by working day 15"
    assert drawing.description == "Most were on time."
    assert drawing.view_box == f"0 0 {WIDTH} {drawing.height:.1f}".removesuffix(".0")
    inside(drawing)


def test_a_single_series_needs_no_legend_and_long_labels_wrap() -> None:
    label = "Wexmoor Children's Services, the early help and family support hub, north locality"
    drawing = drawing_for(table([(label, [12.5])], series=1))

    assert drawing is not None
    assert drawing.legend == ()
    lines = [text.text for text in drawing.labels]
    assert len(lines) > 1
    assert all(len(line) <= CHARACTERS for line in lines)
    assert " ".join(lines) == label
    assert drawing.bars[0].value.text == "12.5"
    inside(drawing)


def test_lines_pass_through_each_value_and_skip_the_missing() -> None:
    rows: list[tuple[str, list[float | None]]] = [
        ("Q1 2025", [1, 4]),
        ("Q2 2025", [3, None]),
        ("Q3 2025", [2, 0]),
    ]
    drawing = drawing_for(table(rows, kind=ChartKind.LINE))

    assert drawing is not None
    assert drawing.kind == "line"
    first, second = drawing.series
    assert len(first.markers) == 3
    assert len(second.markers) == 2
    heights = [y for _, y in first.markers]
    assert heights[1] < heights[2] < heights[0]  # higher values are drawn higher up
    assert first.points.count(",") == 3
    xs = [x for x, _ in first.markers]
    assert xs == sorted(xs)
    assert [second.markers[0][0], second.markers[1][0]] == [xs[0], xs[2]]
    assert second.style == 1
    assert [label.text for label in drawing.labels] == ["Q1 2025", "Q2 2025", "Q3 2025"]
    inside(drawing)


def test_many_quarters_along_the_bottom_are_labelled_without_crowding() -> None:
    rows: list[tuple[str, list[float | None]]] = [
        (f"Quarter {n} of the years 2020 to 2026", [n, n % 3]) for n in range(1, 25)
    ]
    drawing = drawing_for(table(rows, kind=ChartKind.LINE))

    assert drawing is not None
    xs = sorted({label.x for label in drawing.labels})
    assert len(xs) < len(rows)  # some skipped
    assert min(b - a for a, b in itertools.pairwise(xs)) >= 14 * 3 - 1e-6
    assert all(len(label.text) >= len("Quarter") for label in drawing.labels[:1])  # no word cut
    inside(drawing)


def test_nothing_is_drawn_without_a_chart_or_rows() -> None:
    plain = table([("April to June", [1, 2])])
    assert drawing_for(Table(**{**plain.__dict__, "chart": None})) is None
    assert drawing_for(table([])) is None
