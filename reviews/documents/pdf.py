"""PDF files: HTML from a Jinja template, laid out for A4 by WeasyPrint.

Templates for printed documents live under ``reviews/jinja2/reviews/documents/`` and extend
``_print.html``, which carries its own small stylesheet (the site's stylesheet is for screens
and would pull in the GOV.UK web fonts and layout). The marking, the running header with the
case code and the page numbers are set there, once, for every document.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from reviews.documents.combined_report import CombinedReport

if TYPE_CHECKING:
    from weasyprint import URLFetcher

# WeasyPrint reports each layout step at INFO, seven lines a PDF, and parses its own default
# stylesheets (logging as it goes) when first imported. The service's logs, and the stderr of
# management commands that import the actions, need none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _no_fetching() -> URLFetcher:
    """Refuse every outside resource: a document is made from its template and data alone.

    Text from agencies is escaped by the template, so it cannot add an image or stylesheet;
    refusing all fetches as well means a slip there can never reach the network or the disk.
    """
    from weasyprint import URLFetcher  # noqa: PLC0415  imported when first used (see above)

    return URLFetcher(allowed_protocols=())


@functools.cache  # once a process: wrapping the wrapper again would be harmless but pointless
def _cache_page_references() -> None:
    """Make pydyf's list of page references cost nothing to read again until a page is added.

    ``pydyf.PDF.page_references`` builds a new tuple of every page's reference each time it is
    read, and WeasyPrint's tagging reads it once for each structure element (every cell, every
    line of text): work that grows with the square of the page count, about 14 s of CPU for a
    700-page combined report. The tuple is kept with the page count it was made for, so the
    file written is the same byte for byte. Does nothing if pydyf changes the attribute.
    """
    import pydyf  # type: ignore[import-untyped]  # noqa: PLC0415  WeasyPrint's PDF writer

    built = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(built, property) or built.fget is None:
        return
    build = built.fget

    def page_references(pdf: Any) -> Any:
        pages = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_service_page_references")
        if cached is None or cached[0] != pages:
            cached = pdf.__dict__["_service_page_references"] = (pages, build(pdf))
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


def render_pdf(template: str, context: Mapping[str, Any], *, tagged: bool = True) -> bytes:
    """Render a Jinja template (the site's Jinja2 engine) and lay it out as a tagged A4 PDF."""
    from weasyprint import HTML  # noqa: PLC0415  imported when first used: it is slow to load

    _cache_page_references()
    html = render_to_string(template, dict(context))
    document = HTML(string=html, base_url=None, url_fetcher=_no_fetching())
    pdf: bytes = document.write_pdf(pdf_tags=tagged)
    return pdf


def render_combined_report_pdf(report: CombinedReport, *, tagged: bool = True) -> bytes:
    """Write the combined agency information report as a PDF."""
    return render_pdf(
        "reviews/documents/combined_report_pdf.html", {"report": report}, tagged=tagged
    )
