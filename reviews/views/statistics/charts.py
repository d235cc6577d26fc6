"""A table with a Chart as the geometry of an SVG picture: bars or lines, the value axis and its
ticks, the labels. Pure: no Django, no ORM; the template (reviews/jinja2/reviews/statistics/
_chart.html) draws what this returns, with classes only (the CSP forbids inline styles).

Colour is never the only cue: each series has its own fill pattern (bars) or dash and marker
shape (lines), named in a legend inside the picture, and every bar carries its value as text.
The picture scales through its viewBox; bars run across, one row's label above its bars, so the
words stay readable at 320 px wide. The table beside it is the text equivalent.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Final

from reviews.reads.statistics.tables import ChartKind, Table

WIDTH: Final = 400  # the viewBox's width; the picture scales to its container
FONT: Final = 14  # text size in viewBox units
CHARACTER: Final = FONT * 0.55  # the width of an average character of Arial
LINE: Final = 18  # the height of one line of text
CHARACTERS: Final = 46  # the longest line of a label before it wraps
BAR: Final = 18
GAP: Final = 4
VALUE_ROOM: Final = 64  # to the right of the longest bar, for its value
SERIES_STYLES: Final = 4  # patterns, dashes and markers cycle after this many series
LEGEND_SWATCH: Final = 14
PLOT_HEIGHT: Final = 180
AXIS_ROOM: Final = 44  # to the left of a line chart, for the tick labels
CATEGORY_LINES: Final = 3
NICE_STEPS: Final = (1, 2, 2.5, 5, 10)
TICKS: Final = 4


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # the SVG text-anchor


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    style: int  # the series' pattern: app-chart__series--<style>
    value: Text


@dataclass(frozen=True)
class Series:
    """A line chart's series: the polyline's points, and a marker at each value."""

    style: int
    points: str  # "x,y x,y ..." for the polyline
    markers: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Tick:
    """A line across (or up) the plot at a value, with the value as text."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: Text


@dataclass(frozen=True)
class LegendEntry:
    x: float
    y: float
    style: int
    text: Text


@dataclass(frozen=True)
class Drawing:
    """Everything the template needs to draw one table's chart."""

    key: str  # the table's key: ids in the picture (patterns, title) are made from it
    kind: str
    width: float
    height: float
    title: str
    description: str
    legend: tuple[LegendEntry, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Text, ...]  # row labels (bars) or categories along the bottom (lines)
    bars: tuple[Bar, ...]
    series: tuple[Series, ...]
    axis: Text  # the unit

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(self.width)} {_n(self.height)}"


def _n(number: float) -> str:
    """A coordinate as short text: whole numbers without a point."""
    return f"{number:.1f}".removesuffix(".0")


def value_text(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") if isinstance(value, float) else f"{value:,}"


def nice_top(largest: float, *, whole: bool = False) -> tuple[float, float]:
    """The value axis's end and step: a round number at or above the largest value. For
    counts (``whole``) the step is never less than one: no axis of reviews at 0.2."""
    if largest <= 0:
        return (1.0, 1.0) if whole else (1.0, 1.0 / TICKS)
    rough = largest / TICKS
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(each * magnitude for each in NICE_STEPS if each * magnitude >= rough)
    if whole:
        step = float(max(1, math.ceil(step)))
    return step * math.ceil(largest / step - 1e-9), step


def _numbers(table: Table, row: int) -> list[float | None]:
    assert table.chart is not None  # noqa: S101  checked by drawing_for
    values: list[float | None] = []
    for column in table.chart.series:
        value = table.cell(row, column).value
        values.append(None if value is None else float(value))
    return values


def _legend(table: Table, top: float) -> tuple[tuple[LegendEntry, ...], float]:
    assert table.chart is not None  # noqa: S101  checked by drawing_for
    entries = []
    y = top
    for style, column in enumerate(table.chart.series):
        entries.append(
            LegendEntry(
                0, y, style % SERIES_STYLES, Text(LEGEND_SWATCH + 6, y + 12, table.headings[column])
            )
        )
        y += LINE + 2
    return tuple(entries), y + 4


def _largest(table: Table) -> float:
    values = [value for row in range(len(table.rows)) for value in _numbers(table, row)]
    return max((value for value in values if value is not None), default=0.0)


def _axis(table: Table) -> tuple[float, float]:
    """The value axis for a table: whole steps when every value drawn is a count."""
    assert table.chart is not None  # noqa: S101  checked by drawing_for
    whole = all(
        isinstance(row[column].value, int | None)
        for row in table.rows
        for column in table.chart.series
    )
    return nice_top(_largest(table), whole=whole)


def _bars(table: Table) -> Drawing:
    """One group of bars per row, running across, the row's label above them."""
    assert table.chart is not None  # noqa: S101  checked by drawing_for
    several = len(table.chart.series) > 1
    legend, y = _legend(table, LINE + 4) if several else ((), LINE + 4.0)
    top, step = _axis(table)
    span = WIDTH - VALUE_ROOM
    axis_y = y + FONT
    y = axis_y + 6
    labels: list[Text] = []
    bars: list[Bar] = []
    for row in range(len(table.rows)):
        for line in textwrap.wrap(table.cell(row, 0).text, CHARACTERS) or [""]:
            y += LINE
            labels.append(Text(0, y - 4, line))
        for style, value in enumerate(_numbers(table, row)):
            length = 0.0 if value is None else span * value / top
            words = "none" if value is None else value_text(value)
            bars.append(
                Bar(0, y, length, BAR, style % SERIES_STYLES, Text(length + 6, y + BAR - 4, words))
            )
            y += BAR + GAP
        y += GAP * 2
    xs = [(span * value / top, value) for value in _steps(top, step)]
    ticks = tuple(
        Tick(x, axis_y + 4, x, y, Text(x, axis_y, value_text(value), "middle" if x else "start"))
        for x, value in xs
    )
    return _drawing(table, y + 4, legend, ticks, tuple(labels), bars=tuple(bars))


def _steps(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [int(step * i) if float(step * i).is_integer() else step * i for i in range(count + 1)]


def _categories(table: Table, xs: list[float], room: float, y: float) -> tuple[Text, ...]:
    """The rows' labels under the plot, wrapped; some skipped when there is no room for all."""
    texts = [table.cell(row, 0).text for row in range(len(xs))]
    longest = max((len(word) for text in texts for word in text.split()), default=1)
    every = 1
    while room * every < max(FONT * 3, longest * CHARACTER):
        every += 1
    characters = max(longest, int(room * every / CHARACTER))
    labels: list[Text] = []
    for row, x in enumerate(xs):
        if row % every:
            continue
        lines = textwrap.wrap(texts[row], characters, break_long_words=False)[:CATEGORY_LINES]
        labels.extend(
            Text(x, y + LINE * (i + 1), line, "middle") for i, line in enumerate(lines or [""])
        )
    return tuple(labels)


def _lines(table: Table) -> Drawing:
    """One line per series, the rows along the bottom, a marker at each value."""
    legend, plot_top = _legend(table, LINE + 4)
    plot_top += FONT
    plot_bottom = plot_top + PLOT_HEIGHT
    top, step = _axis(table)
    count = len(table.rows)
    room = (WIDTH - AXIS_ROOM - FONT) / max(count, 1)
    xs = [AXIS_ROOM + room * (row + 0.5) for row in range(count)]

    def height(value: float) -> float:
        return plot_bottom - PLOT_HEIGHT * value / top

    ticks = tuple(
        Tick(AXIS_ROOM, y, WIDTH, y, Text(AXIS_ROOM - 6, y + 5, value_text(value), "end"))
        for value, y in ((value, height(value)) for value in _steps(top, step))
    )
    series = []
    for style in range(len(table.chart.series) if table.chart else 0):
        marks = tuple(
            (x, height(value))
            for x, row in zip(xs, range(count), strict=True)
            if (value := _numbers(table, row)[style]) is not None
        )
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in marks)
        series.append(Series(style % SERIES_STYLES, points, marks))
    labels = _categories(table, xs, room, plot_bottom)
    bottom = max((label.y for label in labels), default=plot_bottom) + 8
    return _drawing(table, bottom, legend, ticks, labels, series=tuple(series))


def _drawing(
    table: Table,
    height: float,
    legend: tuple[LegendEntry, ...],
    ticks: tuple[Tick, ...],
    labels: tuple[Text, ...],
    *,
    bars: tuple[Bar, ...] = (),
    series: tuple[Series, ...] = (),
) -> Drawing:
    assert table.chart is not None  # noqa: S101  checked by drawing_for
    return Drawing(
        key=table.key,
        kind=table.chart.kind.value,
        width=WIDTH,
        height=height,
        title=f"Chart: {table.caption}",
        description=table.summary,
        legend=legend,
        ticks=ticks,
        labels=labels,
        bars=bars,
        series=series,
        axis=Text(0, FONT, f"Values in {table.chart.unit}"),
    )


def drawing_for(table: Table) -> Drawing | None:
    """The chart of a table, or None when it has no chart or nothing to draw."""
    if table.chart is None or not table.rows or not table.chart.series:
        return None
    if table.chart.kind is ChartKind.LINE:
        return _lines(table)
    return _bars(table)
