"""The partnership's statistics page and the reviews behind one figure (issue 15).

For the business team, chairs and auditors of the partnership (access.statistics_viewer). The
page shows the period's sections (reviews.reads.statistics.statistics_for), each table with its
chart (charts.drawing_for) and every figure with reviews behind it as a link to those reviews:
only those the viewer may open are listed, the others counted. The period is a financial year
from a list or two dates (reviews.forms.statistics); in links, ``?year=`` or ``?start=&end=``.
Reads only: a fixed number of queries whatever the number of reviews.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reviews import moment
from reviews.forms.govuk_date import PARTS
from reviews.forms.statistics import DatesForm, YearForm
from reviews.permissions import Permission, reviews_for
from reviews.reads.statistics import Figure, Period, Section, Table, statistics_for
from reviews.views.statistics.access import (
    PeriodError,
    period_in,
    period_query,
    requested_period,
    statistics_viewer,
)
from reviews.views.statistics.charts import Drawing, drawing_for

DATES = ("start", "end")


@dataclass(frozen=True)
class Shown:
    """A table as the page shows it: the table and its chart, if it has one."""

    table: Table
    drawing: Drawing | None


@dataclass(frozen=True)
class Choice:
    """The period asked for (None when the form has errors) and the two forms that choose it."""

    period: Period | None
    year_form: YearForm
    dates_form: DatesForm

    @property
    def errors(self) -> bool:
        return bool(self.year_form.errors or self.dates_form.errors)


def _dates_data(query: QueryDict) -> dict[str, str]:
    """The dates as the date inputs send them, from the boxes or from a link's ISO dates (an
    unreadable ISO date goes in every box, so the form says it is not a real date)."""
    data = {key: query.get(key, "") for key in query if key.split("-")[0] in DATES}
    for name in DATES:
        if name in query:
            text = query.get(name, "").strip()
            parts = text.split("-") if text.count("-") == len(PARTS) - 1 else [text] * len(PARTS)
            data |= dict(zip((f"{name}-{p}" for p in ("year", "month", "day")), parts, strict=True))
    return data


def _choice(query: QueryDict, today: dt.date) -> Choice:
    default = Period.financial_year_of(today)
    if "year" in query:
        try:
            period = period_in(query, today=today)
        except PeriodError as error:
            year_form = YearForm(query, today=today)
            if year_form.is_valid():
                year_form.add_error("year", str(error))
            return Choice(None, year_form, DatesForm())
        return Choice(
            period,
            YearForm(today=today, chosen=period.start.year, initial={"year": period.start.year}),
            DatesForm(initial={"start": period.start, "end": period.end}),
        )
    year_form = YearForm(today=today, initial={"year": default.start.year})
    if not any(key.split("-")[0] in DATES for key in query):
        return Choice(
            default, year_form, DatesForm(initial={"start": default.start, "end": default.end})
        )
    dates_form = DatesForm(_dates_data(query))
    if not dates_form.is_valid():
        return Choice(None, year_form, dates_form)
    period = dates_form.period
    if period.is_financial_year:
        year_form = YearForm(
            today=today, chosen=period.start.year, initial={"year": period.start.year}
        )
    return Choice(period, year_form, dates_form)


def _shown(sections: tuple[Section, ...]) -> list[tuple[Section, list[Shown]]]:
    return [(section, [Shown(t, drawing_for(t)) for t in section.tables]) for section in sections]


@never_cache
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """The period's statistics, section by section, with charts and links to the reviews."""
    _, partnership = statistics_viewer(request)
    today = moment.today()
    choice = _choice(request.GET, today)
    found = (
        None if choice.period is None else statistics_for(partnership, choice.period, today=today)
    )
    return render(
        request,
        "reviews/statistics/page.html",
        {
            "partnership": partnership,
            "choice": choice,
            "period": choice.period,
            "query": "" if choice.period is None else period_query(choice.period),
            "sections": _shown(found.sections) if found else [],
        },
        status=400 if choice.errors else 200,
    )


def _index(request: HttpRequest, name: str) -> int:
    text = request.GET.get(name, "")
    if not (text.isascii() and text.isdigit() and len(text) <= len("9999")):
        raise Http404(f"No such {name}.")
    return int(text)


def _figure_in(table: Table, row: int, column: int) -> Figure:
    if row >= len(table.rows) or not 0 < column < len(table.rows[row]):
        raise Http404("No such figure.")
    return table.cell(row, column)


@never_cache
@require_GET
def figure(request: HttpRequest) -> HttpResponse:
    """The reviews behind one figure that the viewer may open, and how many others there are."""
    user, partnership = statistics_viewer(request)
    period = requested_period(request)
    row, column = _index(request, "row"), _index(request, "col")
    found = statistics_for(partnership, period, today=moment.today())
    try:
        table = found.table(request.GET.get("table", ""))
    except KeyError:
        raise Http404("No such table.") from None
    cell = _figure_in(table, row, column)
    visible = list(
        reviews_for(user, Permission.VIEW_REVIEW)
        .filter(pk__in=cell.reviews, partnership=partnership)
        .order_by("case_code")
    )
    return render(
        request,
        "reviews/statistics/figure.html",
        {
            "period": period,
            "query": period_query(period),
            "table": table,
            "row_label": table.cell(row, 0).text,
            "heading": table.headings[column],
            "figure": cell,
            "reviews": visible,
            "others": len(cell.reviews) - len(visible),
        },
    )
