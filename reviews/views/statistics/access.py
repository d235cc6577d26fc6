"""Who reaches the statistics and for which period: shared by the page, the exports and the
yearly report (reviews.permissions_partnership.can_view_statistics).

A period travels in links as ``?year=2025`` (the financial year April 2025 to March 2026) or
``?start=2025-04-01&end=2025-09-30``; with neither, the financial year of today.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, QueryDict

from accounts.models import Partnership, User
from reviews import moment
from reviews.permissions_partnership import can_view_statistics
from reviews.reads.statistics import Period
from reviews.reads.statistics.tables import EARLIEST, LATEST, LONGEST
from reviews.views.helpers import person


def statistics_viewer(request: HttpRequest) -> tuple[User, Partnership]:
    """The signed-in person and their partnership, when they may see its statistics."""
    user = person(request)
    partnership = user.partnership
    if partnership is None:
        raise Http404("No partnership.")
    if not can_view_statistics(user, partnership):
        raise PermissionDenied
    return user, partnership


class PeriodError(ValueError):
    """A period in a link that cannot be read; its message names the field and the problem."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _day(query: QueryDict, field: str, label: str) -> dt.date:
    text = query.get(field, "").strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise PeriodError(field, f"Enter the {label} as a real date") from None
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(field, f"The {label} must be between 2000 and 2100")
    return day


def period_in(query: QueryDict, *, today: dt.date | None = None) -> Period:
    """The period a link asks for, or the financial year of today; PeriodError if unreadable."""
    if "year" in query:
        text = query.get("year", "").strip()
        if not (text.isascii() and text.isdigit() and len(text) == len("2025")):
            raise PeriodError("year", "Enter the financial year as a 4-digit year, like 2025")
        if not EARLIEST.year <= int(text) < LATEST.year:
            raise PeriodError("year", "The financial year must be between 2000 and 2099")
        return Period.financial_year(int(text))
    if "start" in query or "end" in query:
        start = _day(query, "start", "start date")
        end = _day(query, "end", "end date")
        if end < start:
            raise PeriodError("end", "The end date must be the same as or after the start date")
        if end - start > LONGEST:
            raise PeriodError("end", "The period can be at most 10 years long")
        return Period(start, end)
    return Period.financial_year_of(today or moment.today())


def requested_period(request: HttpRequest) -> Period:
    """For downloads: the period in the link, or 400 naming the field and the problem."""
    try:
        return period_in(request.GET)
    except PeriodError as error:
        raise BadRequest(f"{error.field}: {error}") from error


def period_query(period: Period) -> str:
    """The period as a link's query string (without the "?")."""
    if period.is_financial_year:
        return f"year={period.start.year}"
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}"
