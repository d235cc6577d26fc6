"""Themes across reviews: how often each of the partnership's themes came up, by year and kind
of review, the reviews and recommendations behind each count, and the counts as a spreadsheet.
For the partnership's roles (reviews.permissions.can_view_themes).
"""

from __future__ import annotations

from typing import Final

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Partnership, User
from reviews import actions
from reviews.models import AccessLogEntry, Review, ReviewKind, Theme
from reviews.permissions import Permission, reviews_for
from reviews.permissions_partnership import can_view_themes
from reviews.spreadsheets import csv_bytes, xlsx_bytes
from reviews.themes_report import (
    ThemesTable,
    count_themes_by_year,
    recommendations_with_theme,
    reviews_with_theme,
)
from reviews.views.helpers import look_from, person

KIND_FILTERS: Final = {"rapid-review": "Rapid reviews", "lcspr": "LCSPRs"}
EXPORT_HEADERS: Final = ("Theme", "Year", "Rapid reviews", "LCSPRs", "Total")
EXPORT_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2999


def _partnership_for_themes(user: User) -> Partnership:
    partnership = user.partnership
    if partnership is None or not can_view_themes(user, partnership):
        raise PermissionDenied("Themes across reviews are for the partnership's roles.")
    return partnership


def _table(partnership: Partnership) -> ThemesTable:
    return count_themes_by_year(
        Review.objects.filter(partnership=partnership),
        Theme.objects.filter(partnership=partnership),
    )


@never_cache
@require_GET
def themes_across(request: HttpRequest) -> HttpResponse:
    partnership = _partnership_for_themes(person(request))
    return render(
        request,
        "reviews/learning/sharing/themes_across.html",
        {"partnership": partnership, "table": _table(partnership)},
    )


@never_cache
@require_GET
def themes_across_detail(request: HttpRequest, theme_pk: int, year: int) -> HttpResponse:
    user = person(request)
    partnership = _partnership_for_themes(user)
    theme = get_object_or_404(Theme, pk=theme_pk, partnership=partnership)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise Http404("No such year.")
    kind = request.GET.get("kind", "")
    reviews = Review.objects.filter(partnership=partnership)
    if kind in KIND_FILTERS:
        reviews = reviews.filter(kind=kind)
    else:
        kind = ""
    found = list(reviews_with_theme(reviews, theme=theme, year=year))
    visible = set(
        reviews_for(user, Permission.VIEW_REVIEW)
        .filter(pk__in=[review.pk for review in found])
        .values_list("pk", flat=True)
    )
    recommendations = list(
        recommendations_with_theme(reviews, theme=theme, year=year).prefetch_related("themes")
    )
    return render(
        request,
        "reviews/learning/sharing/themes_detail.html",
        {
            "theme": theme,
            "year": year,
            "kind": kind,
            "kind_name": KIND_FILTERS.get(kind, ""),
            "reviews": found,
            "visible": visible,
            "recommendations": recommendations,
            "rapid_reviews": sum(review.kind == ReviewKind.RAPID_REVIEW for review in found),
            "lcsprs": sum(review.kind == ReviewKind.LCSPR for review in found),
        },
    )


def _export_rows(table: ThemesTable) -> list[tuple[str, int, int, int, int]]:
    return [
        (count.theme, count.year, count.rapid_reviews, count.lcsprs, count.total)
        for count in table.export_rows()
    ]


@never_cache
@require_GET
def themes_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = person(request)
    partnership = _partnership_for_themes(user)
    if fmt not in EXPORT_TYPES:
        raise Http404("No such format.")
    rows = _export_rows(_table(partnership))
    body = (
        csv_bytes(EXPORT_HEADERS, rows)
        if fmt == "csv"
        else xlsx_bytes("Themes across reviews", EXPORT_HEADERS, rows)
    )
    name = f"themes-across-reviews-{partnership.short_name.lower()}.{fmt}"
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.EXPORTED_DATA,
        partnership=partnership,
        target=f"Themes across reviews ({fmt.upper()}, {len(rows)} rows)",
        look=look_from(request),
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
