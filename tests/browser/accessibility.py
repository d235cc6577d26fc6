"""axe-core in a Playwright page: the WCAG 2.0, 2.1 and 2.2 A and AA rules, and the rest as advice.

axe comes from the frontend's npm dev dependencies (`frontend/node_modules/axe-core`). It is
evaluated through the DevTools protocol (`page.evaluate`), which the page's Content Security
Policy does not govern: the browser context keeps the product's strict policy (script-src self
and a nonce), so a page that breaks it still shows the error, here as in every other journey.
No `bypass_csp` context is needed, and none is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from playwright.sync_api import Page

AXE_SCRIPT = Path(settings.BASE_DIR) / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

# The rules that fail a page: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
# Reported, never failing: good practice beyond the success criteria.
ADVICE_TAGS = ("best-practice",)

# A viewport 320 CSS pixels wide: WCAG 1.4.10 (reflow) asks for no scrolling in two directions.
NARROW_WIDTH = 320


@dataclass(frozen=True)
class Finding:
    """One rule broken on one page, with the elements that break it."""

    rule: str
    impact: str
    url: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = "; ".join(self.targets)
        return f"{self.rule} ({self.impact}) on {self.url}: {self.help} [{where}]"


@dataclass(frozen=True)
class AxeResult:
    """What axe found on a page: violations of the WCAG A and AA rules, and advice."""

    violations: tuple[Finding, ...]
    advice: tuple[Finding, ...]


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        msg = f"No axe-core at {AXE_SCRIPT}: run `cd frontend && npm ci`"
        raise FileNotFoundError(msg)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Put axe into the page (once per document), outside the reach of its CSP."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    page.evaluate(_axe_source())


_RUN = """
async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((rule) => ({
    id: rule.id,
    impact: rule.impact || "unknown",
    help: rule.help,
    tags: rule.tags,
    targets: rule.nodes.map((node) => node.target.map(String).join(" ")),
  }));
}
"""


def run_axe(page: Page) -> AxeResult:
    """Run axe over the page as it stands; split WCAG A/AA violations from best-practice advice.

    A rule tagged both with a WCAG level and best-practice counts as a violation.
    """
    inject_axe(page)
    found = cast("list[dict[str, Any]]", page.evaluate(_RUN, [*WCAG_TAGS, *ADVICE_TAGS]))
    violations: list[Finding] = []
    advice: list[Finding] = []
    for rule in found:
        finding = Finding(
            rule=str(rule["id"]),
            impact=str(rule["impact"]),
            url=page.url,
            help=str(rule["help"]),
            targets=tuple(str(target) for target in rule["targets"]),
        )
        (violations if set(rule["tags"]) & set(WCAG_TAGS) else advice).append(finding)
    return AxeResult(violations=tuple(violations), advice=tuple(advice))


def scrolls_sideways_when_narrow(page: Page) -> int | None:
    """At 320 CSS pixels wide, the document's scroll width if it exceeds the viewport, else None.

    The page is narrowed in place (no reload) and given back its width afterwards.
    """
    before = page.viewport_size
    height = before["height"] if before else 720
    page.set_viewport_size({"width": NARROW_WIDTH, "height": height})
    try:
        width = int(page.evaluate("() => document.documentElement.scrollWidth"))
    finally:
        if before:
            page.set_viewport_size(before)
    return width if width > NARROW_WIDTH else None
