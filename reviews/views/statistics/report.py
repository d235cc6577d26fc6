"""The reviews section of the partnership's yearly report, as Word or PDF, for the period in
the link (reviews/views/statistics/access.py): for those who may see the statistics, every
download access-logged like the exports.
"""

from __future__ import annotations

from typing import Final

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reviews import actions, moment
from reviews.documents.yearly_report import (
    build_yearly_report,
    render_yearly_report_docx,
    render_yearly_report_pdf,
)
from reviews.models import AccessLogEntry
from reviews.reads.statistics import statistics_for
from reviews.views.helpers import look_from
from reviews.views.statistics.access import requested_period, statistics_viewer

CONTENT_TYPES: Final = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@never_cache
@require_GET
def yearly_report(request: HttpRequest, fmt: str) -> HttpResponse:
    user, partnership = statistics_viewer(request)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    period = requested_period(request)
    statistics = statistics_for(partnership, period, today=moment.today())
    report = build_yearly_report(partnership, statistics, generated_at=moment.now())
    body = render_yearly_report_docx(report) if fmt == "docx" else render_yearly_report_pdf(report)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.EXPORTED_DATA,
        partnership=partnership,
        target=f"Yearly report section, {period.label} ({fmt.upper()})",
        look=look_from(request),
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
