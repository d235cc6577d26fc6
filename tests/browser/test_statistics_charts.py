"""The statistics page's charts in Chromium: axe finds no WCAG A or AA violation; at 320 CSS
pixels wide nothing widens the page and the charts' words stay readable; the page breaks no
Content Security Policy rule; in forced-colours mode the charts are drawn in system colours.

The tables are built here (statistics_for replaced in the page module, as in
reviews/tests/test_statistics_page.py): a bar chart with two series and long labels, a line
chart over twelve quarters, so the narrowest layout meets the longest words.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import TEST_PASSWORD, give_role, make_user
from accounts.tests.helpers import give_device
from reviews.reads.statistics import (
    Chart,
    ChartKind,
    Figure,
    Period,
    Section,
    Statistics,
    Table,
)
from reviews.tests.factories import make_review
from reviews.views.statistics import page as statistics_page
from tests.browser.accessibility import NARROW_WIDTH, run_axe, scrolls_sideways_when_narrow
from tests.browser.conftest import PageProblems, SignIn

pytestmark = [pytest.mark.browser]

SMALLEST_TEXT = 9  # CSS pixels: the charts' words at 320 px wide are no smaller
SLOW_START = 30_000  # ms: the live server's first page, on a busy machine


def tables(ids: frozenset[int]) -> tuple[Table, ...]:
    agencies = Table(
        key="agency-returns",
        caption="Requests returned by the due date, by organisation",
        headings=("Organisation", "On time", "Late"),
        rows=tuple(
            (Figure.label(name), Figure.count(ids), Figure(late, str(late)))
            for name, late in [
                ("Wexmoor Police", 2),
                ("Wexmoor Children's Services, early help and family support", 0),
                ("Wexmoor Integrated Care Board", 3),
            ]
        ),
        summary="Most requests came back on time; the ICB returned 3 late.",
        chart=Chart(ChartKind.BAR, (1, 2), "requests"),
    )
    quarters = Table(
        key="quarters",
        caption="Rapid reviews sent to the Panel by working day 15, by quarter",
        headings=("Quarter", "On time", "Late"),
        rows=tuple(
            (
                Figure.label(f"Quarter {n % 4 + 1}, {2023 + n // 4}"),
                Figure(n % 5, str(n % 5)),
                Figure(n % 3, str(n % 3)),
            )
            for n in range(12)
        ),
        summary="Timeliness over three years, quarter by quarter.",
        chart=Chart(ChartKind.LINE, (1, 2), "rapid reviews"),
    )
    return agencies, quarters


@pytest.fixture
def viewer(partnership: Partnership, monkeypatch: pytest.MonkeyPatch) -> User:
    user = give_role(
        make_user(partnership=partnership, email="stats@wtp.example", full_name="Ada Test"),
        PartnershipRole.Role.BUSINESS_TEAM,
    )
    give_device(user)
    review = make_review(partnership=partnership, by=user)

    def fake(partnership: Partnership, period: Period, *, today: dt.date) -> Statistics:
        section = Section("timeliness", "Timeliness", tables(frozenset({review.pk})))
        return Statistics(partnership.pk, period, (section,))

    monkeypatch.setattr(statistics_page, "statistics_for", fake)
    return user


def test_the_charts_pass_axe_and_read_at_320_pixels(
    page: Page, sign_in: SignIn, viewer: User, problems: PageProblems
) -> None:
    page.set_default_navigation_timeout(SLOW_START)
    sign_in(viewer.email, TEST_PASSWORD)
    page.goto("/reviews/statistics/?year=2025")

    charts = page.locator("svg[role=img]")
    assert charts.count() == 2
    result = run_axe(page)
    assert not result.violations, "\n".join(map(str, result.violations))

    assert scrolls_sideways_when_narrow(page) is None
    page.set_viewport_size({"width": NARROW_WIDTH, "height": 800})
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= NARROW_WIDTH
        sizes = charts.nth(index).evaluate(
            "svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)"
        )
        assert min(sizes) >= SMALLEST_TEXT, sizes
        # every word of the chart lies within it (none cut off at the edges)
        outside = charts.nth(index).evaluate(
            """svg => { const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].filter(t => {
                  const r = t.getBoundingClientRect();
                  return r.left < box.left - 1 || r.right > box.right + 1; }).length; }"""
        )
        assert outside == 0
    assert not problems.csp_violations(), problems.csp_violations()


def test_in_forced_colours_the_charts_use_system_colours(
    page: Page, sign_in: SignIn, viewer: User
) -> None:
    page.set_default_navigation_timeout(SLOW_START)
    sign_in(viewer.email, TEST_PASSWORD)
    page.emulate_media(forced_colors="active")
    page.goto("/reviews/statistics/?year=2025")

    bar = page.locator("svg[role=img] rect.app-chart__bar--0").first
    line = page.locator("svg[role=img] polyline.app-chart__line--0").first
    canvas_text = page.evaluate(
        """() => { const probe = document.createElement('span');
            probe.style.color = 'CanvasText'; document.body.append(probe);
            const colour = getComputedStyle(probe).color; probe.remove(); return colour; }"""
    )
    assert bar.evaluate("el => getComputedStyle(el).fill") == canvas_text
    assert line.evaluate("el => getComputedStyle(el).stroke") == canvas_text
