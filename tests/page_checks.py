"""Checks on a rendered page that many page tests share."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

FIELDS = ("input", "select", "textarea")


def error_links(html: str) -> list[tuple[str, str]]:
    """Each link of the page's error summaries: (its words, where it goes)."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (link.get_text(" ", strip=True), str(link.get("href", "")))
        for summary in soup.select(".govuk-error-summary")
        for link in summary.select("a")
    ]


def misdirected_error_links(html: str) -> list[str]:
    """Error-summary links that do not land on a field a person can fill in on this page.

    The Design System's error summary moves the focus to the element its link names, so the
    target must be the field itself (for a date, its day box), not a wrapper or a hidden input.
    """
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for text, href in error_links(html):
        target = soup.find(id=href[1:]) if href.startswith("#") and len(href) > 1 else None
        if not isinstance(target, Tag):
            problems.append(f"{text!r} links to {href!r}, which is not on the page")
        elif target.name not in FIELDS or target.get("type") == "hidden":
            problems.append(f"{text!r} links to {href}, a <{target.name}>, not a field")
    return problems
