"""The routes of the partnership's statistics under /reviews/statistics/ (issue 15): the page,
the reviews behind a figure, each table as CSV or Excel, the whole-partnership workbook, the
NHS Safeguarding Case Review Tracker file and the yearly report section. Included by
reviews/urls.py. A period travels in the query string (reviews/views/statistics/access.py)."""

from django.urls import URLPattern, path

from reviews.views.statistics import exports, page, report

statistics: list[URLPattern] = [
    path("statistics/", page.statistics, name="statistics"),
    path("statistics/figure/", page.figure, name="statistics-figure"),
    path(
        "statistics/tables/<slug:key>.<str:fmt>",
        exports.table_export,
        name="statistics-table-export",
    ),
    path("statistics/export.xlsx", exports.partnership_export, name="statistics-export"),
    path("statistics/nhs-tracker.csv", exports.nhs_tracker, name="statistics-nhs-tracker"),
    path("statistics/yearly-report.<str:fmt>", report.yearly_report, name="statistics-report"),
]
