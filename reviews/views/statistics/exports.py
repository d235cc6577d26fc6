"""The partnership's statistics as files (issue 15): each statistics table as CSV or Excel, the
whole-partnership workbook for analysts, and the NHS Safeguarding Case Review Tracker file.

For those who may see the statistics (access.statistics_viewer: others 403, no partnership
404). Every file is written through reviews.spreadsheets (no cell read as a formula, control
characters Excel cannot hold replaced) and every download is recorded in the access log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Partnership, User
from reviews import actions, moment
from reviews.models import AccessLogEntry
from reviews.reads.statistics import Period, statistics_for
from reviews.reads.statistics.export_rows import TRACKER_COLUMNS, tracker_rows, workbook_sheets
from reviews.spreadsheets import Cell, csv_bytes, excel_text, xlsx_bytes, xlsx_workbook_bytes
from reviews.views.helpers import look_from
from reviews.views.statistics.access import requested_period, statistics_viewer

TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def period_slug(period: Period) -> str:
    """The period in a file name: "2025-26" for a financial year, else its two dates."""
    if period.is_financial_year:
        return f"{period.start.year}-{period.end.year % 100:02d}"
    return f"{period.start.isoformat()}-to-{period.end.isoformat()}"


def _clean(rows: Iterable[Sequence[Cell]]) -> list[tuple[Cell, ...]]:
    """Rows for a CSV file that people open in Excel: text without the control characters
    Excel cannot hold (csv_bytes then stops any cell being read as a formula)."""
    return [
        tuple(excel_text(cell) if isinstance(cell, str) else cell for cell in row) for row in rows
    ]


def _download(body: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _logged(request: HttpRequest, user: User, partnership: Partnership, target: str) -> None:
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.EXPORTED_DATA,
        partnership=partnership,
        target=target,
        look=look_from(request),
    )


@never_cache
@require_GET
def table_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One statistics table for the period in the link, as CSV or Excel."""
    user, partnership = statistics_viewer(request)
    if fmt not in TYPES:
        raise Http404("No such format.")
    period = requested_period(request)
    try:
        table = statistics_for(partnership, period).table(key)
    except KeyError:
        raise Http404("No such table.") from None
    rows = table.values()
    body = (
        csv_bytes(table.headings, _clean(rows))
        if fmt == "csv"
        else xlsx_bytes(table.key[:31], table.headings, rows)
    )
    _logged(
        request,
        user,
        partnership,
        f"Statistics: {table.caption} ({period.label}, {fmt.upper()}, {len(rows)} rows)",
    )
    return _download(body, fmt, f"statistics-{table.key}-{period_slug(period)}.{fmt}")


@never_cache
@require_GET
def partnership_export(request: HttpRequest) -> HttpResponse:
    """Every review of the partnership, its steps, requests, actions and themes: one sheet
    each, case codes only."""
    user, partnership = statistics_viewer(request)
    today = moment.today()
    body = xlsx_workbook_bytes(workbook_sheets(partnership, today=today))
    _logged(
        request,
        user,
        partnership,
        "Whole-partnership export (reviews, steps, requests, actions and themes, XLSX)",
    )
    name = f"reviews-{slugify(partnership.short_name)}-{today.isoformat()}.xlsx"
    return _download(body, "xlsx", name)


@never_cache
@require_GET
def nhs_tracker(request: HttpRequest) -> HttpResponse:
    """Per review, the fields the NHS Safeguarding Case Review Tracker asks of health partners
    (columns: reviews.reads.statistics.export_rows), as CSV."""
    user, partnership = statistics_viewer(request)
    today = moment.today()
    rows = _clean(tracker_rows(partnership, today=today))
    _logged(request, user, partnership, f"NHS case review tracker (CSV, {len(rows)} reviews)")
    name = f"nhs-tracker-{slugify(partnership.short_name)}-{today.isoformat()}.csv"
    return _download(csv_bytes(TRACKER_COLUMNS, rows), "csv", name)
