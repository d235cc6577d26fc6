"""The statistics page: the period form (a financial year, or two dates), tables with charts,
figures linked to the reviews behind them (listing those the viewer may open, counting the
others), downloads, the home pages' link, a fixed number of queries. The page's behaviour is
tested on Statistics built here (statistics_for replaced) and on the hand-built worlds
(statistics_setup.py, statistics_lcspr_setup.py), whose figures are written out by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import time_machine
from bs4 import Tag
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from conftest import WebAs
from reviews.models import Review, ReviewRole
from reviews.reads.statistics import (
    Chart,
    ChartKind,
    Figure,
    Period,
    Section,
    Statistics,
    Table,
    statistics_for,
)
from reviews.tests.factories import join, make_review
from reviews.tests.statistics_lcspr_setup import TODAY as LCSPR_TODAY
from reviews.tests.statistics_lcspr_setup import StatisticsLcsprWorld, statistics_lcspr_world
from reviews.tests.statistics_setup import StatisticsWorld, add_rapid_review, statistics_world
from reviews.views.statistics import page

__all__ = ["statistics_lcspr_world", "statistics_world"]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def built(partnership: Partnership, period: Period, ids: dict[str, frozenset[int]]) -> Statistics:
    """Two tables, one with a bar chart, whose figures stand on the given reviews."""
    quarters = Table(
        key="quarters",
        caption="Rapid reviews sent to the Panel by working day 15, by quarter",
        headings=("Quarter", "On time", "Late"),
        rows=(
            (Figure.label("April to June"), Figure.count(ids["on_time"]), Figure.count(set())),
            (Figure.label("July to September"), Figure.count(set()), Figure.count(ids["late"])),
        ),
        summary="One rapid review was sent on time and one late.",
        chart=Chart(ChartKind.BAR, (1, 2), "reviews"),
    )
    plain = Table(
        key="plain",
        caption="Notifications",
        headings=("What", "How many"),
        rows=((Figure.label("Notifications"), Figure.count(ids["on_time"] | ids["late"])),),
        summary="Two notifications.",
    )
    return Statistics(
        partnership.pk,
        period,
        (Section("rapid-reviews", "Rapid reviews", (quarters, plain), ("Counted by origin.",)),),
    )


@dataclass
class Built:
    on_time: Review
    late: Review
    asked: list[Period] = field(default_factory=list)  # the periods statistics_for was asked


@pytest.fixture
def world(
    partnership: Partnership, business_team_member: User, monkeypatch: pytest.MonkeyPatch
) -> Built:
    """Two reviews behind the built tables; statistics_for answers with those tables."""
    world = Built(
        make_review(partnership=partnership, by=business_team_member, pseudonym="Child Fenn"),
        make_review(partnership=partnership, by=business_team_member, pseudonym="Child Orrin"),
    )

    def fake(partnership: Partnership, period: Period, *, today: dt.date) -> Statistics:
        world.asked.append(period)
        ids = {"on_time": frozenset({world.on_time.pk}), "late": frozenset({world.late.pk})}
        return built(partnership, period, ids)

    monkeypatch.setattr(page, "statistics_for", fake)
    return world


def test_the_page_defaults_to_this_financial_year(
    web_as: WebAs, business_team_member: User, world: Built
) -> None:
    response = web_as(business_team_member).get(reverse("reviews:statistics"))

    assert response.status_code == 200
    assert "Statistics: April 2025 to March 2026" in response.text
    assert world.asked == [Period.financial_year(2025)]
    assert response.forms["period-year"]["year"].value == "2025"


def test_a_financial_year_is_chosen_from_the_list(
    web_as: WebAs, business_team_member: User, world: Built
) -> None:
    form = web_as(business_team_member).get(reverse("reviews:statistics")).forms["period-year"]
    form["year"] = "2023"
    response = form.submit()

    assert response.status_code == 200
    assert "Statistics: April 2023 to March 2024" in response.text
    assert world.asked[-1] == Period.financial_year(2023)


def test_two_dates_are_typed_in_and_the_links_carry_them(
    web_as: WebAs, business_team_member: User, world: Built
) -> None:
    form = web_as(business_team_member).get(reverse("reviews:statistics")).forms["period-dates"]
    for name, day in (("start", dt.date(2025, 7, 1)), ("end", dt.date(2025, 9, 30))):
        form[f"{name}-day"], form[f"{name}-month"] = str(day.day), str(day.month)
        form[f"{name}-year"] = str(day.year)
    response = form.submit()

    assert response.status_code == 200
    assert "Statistics: Tuesday 1 July 2025 to Tuesday 30 September 2025" in response.text
    link = response.html.find("a", href=lambda href: href and "statistics/figure/" in href)
    assert "start=2025-07-01&end=2025-09-30" in link["href"]
    # the link opens the same period again, as dates
    again = response.click(href=r"statistics/figure/.*table=plain&row=0&col=1$")
    assert "Tuesday 1 July 2025 to Tuesday 30 September 2025" in again.text


@pytest.mark.parametrize(
    ("boxes", "field", "message"),
    [
        (
            {"start": ("31", "2", "2025"), "end": ("1", "3", "2025")},
            "start",
            "Start date must be a real date",
        ),
        ({"start": ("1", "3", "2025"), "end": ("", "", "")}, "end", "Enter the end date"),
        (
            {"start": ("1", "3", "2025"), "end": ("1", "2", "2025")},
            "end",
            "End date must be the same as or after the start date",
        ),
        (
            {"start": ("1", "3", "2025"), "end": ("1", "3", "2040")},
            "end",
            "End date must be at most 10 years after the start date",
        ),
        (
            {"start": ("1", "", "2025"), "end": ("1", "3", "2025")},
            "start",
            "Start date must include a month",
        ),
    ],
)
def test_dates_that_cannot_be_a_period_are_refused_on_their_field(
    web_as: WebAs,
    business_team_member: User,
    world: Built,
    boxes: dict[str, tuple[str, str, str]],
    field: str,
    message: str,
) -> None:
    form = web_as(business_team_member).get(reverse("reviews:statistics")).forms["period-dates"]
    for name, (day, month, year) in boxes.items():
        form[f"{name}-day"], form[f"{name}-month"], form[f"{name}-year"] = day, month, year
    response = form.submit(status=400)

    summary = response.html.select_one(".govuk-error-summary")
    assert summary.find("a", href=f"#id_{field}").get_text(strip=True) == message
    assert message in response.html.select_one(f"#id_{field}-date-error, .govuk-error-message").text
    assert (
        response.html.find(attrs={"data-section": True}) is None
    )  # no statistics for a period with errors
    assert response.html.title.text.startswith("Error: ")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=20x5", "Choose a financial year from the list"),
        ("start=2025-02-31&end=2025-03-31", "Start date must be a real date"),
        ("start=2025-04-01", "Enter the end date"),
    ],
)
def test_a_link_with_a_period_that_cannot_be_read_says_which_field(
    web_as: WebAs, business_team_member: User, world: Built, query: str, message: str
) -> None:
    response = web_as(business_team_member).get(
        f"{reverse('reviews:statistics')}?{query}", status=400
    )

    assert message in response.html.select_one(".govuk-error-summary").text


def test_each_table_has_its_chart_caption_figures_and_downloads(
    web_as: WebAs, business_team_member: User, world: Built
) -> None:
    html = web_as(business_team_member).get(f"{reverse('reviews:statistics')}?year=2025").html

    block = html.select_one('[data-table="quarters"]')
    svg = block.select_one("svg")
    assert svg["role"] == "img"
    labelled = svg["aria-labelledby"].split()
    assert html.find(id=labelled[0]).text == "Chart: " + block.caption.text
    assert html.find(id=labelled[1]).text == "One rapid review was sent on time and one late."
    assert len(svg.select("rect.app-chart__bar")) == 2 + 4  # the legend's two, four bars
    assert html.select_one('[data-table="plain"] svg') is None
    assert html.find(attrs={"style": True}) is None  # the CSP forbids inline styles
    cells = {(td["data-row"], td["data-col"]): td for td in block.select("td")}
    assert cells["0", "1"].a is not None  # one review behind it
    assert cells["0", "2"].a is None  # nothing behind a zero
    exports = [a["href"] for a in block.select("a[download]")]
    assert exports == [
        reverse("reviews:statistics-table-export", kwargs={"key": "quarters", "fmt": fmt})
        + "?year=2025"
        for fmt in ("csv", "xlsx")
    ]
    downloads = html.select_one('[data-testid="downloads"]').select("a")
    assert {a["href"] for a in downloads} >= {
        reverse("reviews:statistics-report", kwargs={"fmt": "docx"}) + "?year=2025",
        reverse("reviews:statistics-report", kwargs={"fmt": "pdf"}) + "?year=2025",
        reverse("reviews:statistics-export") + "?year=2025",
        reverse("reviews:statistics-nhs-tracker") + "?year=2025",
    }


def test_a_figure_lists_the_reviews_the_viewer_may_open_and_counts_the_others(
    web_as: WebAs, partnership: Partnership, business_team_member: User, world: Built
) -> None:
    auditor = give_role(
        make_user(partnership=partnership, email="chair@wtp.example", full_name="Chair Test"),
        PartnershipRole.Role.PARTNERSHIP_CHAIR,
    )
    join(world.late, auditor, ReviewRole.PARTNERSHIP_CHAIR, by=business_team_member)
    url = f"{reverse('reviews:statistics-figure')}?year=2025&table=plain&row=0&col=1"

    seen = web_as(auditor).get(url)
    codes = [row["data-case-code"] for row in seen.html.select("[data-case-code]")]
    assert codes == [world.late.case_code]
    assert "1 other review is behind this figure that you may not open" in seen.text
    opened = seen.click(world.late.case_code)
    assert opened.status_code == 200

    team = web_as(business_team_member).get(url)
    assert sorted(r["data-case-code"] for r in team.html.select("[data-case-code]")) == sorted(
        [world.late.case_code, world.on_time.case_code]
    )
    assert team.html.select_one('[data-testid="others"]') is None


@pytest.mark.parametrize(
    "query",
    [
        "year=2025&table=nothing&row=0&col=1",
        "year=2025&table=plain&row=1&col=1",
        "year=2025&table=plain&row=0&col=0",
        "year=2025&table=plain&row=0&col=2",
        "year=2025&table=plain&row=-1&col=1",
    ],
)
def test_a_figure_that_is_not_there_is_not_found(
    web_as: WebAs, business_team_member: User, world: Built, query: str
) -> None:
    web_as(business_team_member).get(f"{reverse('reviews:statistics-figure')}?{query}", status=404)


def test_a_figure_with_an_unreadable_period_is_a_bad_request(
    web_as: WebAs, business_team_member: User, world: Built
) -> None:
    url = f"{reverse('reviews:statistics-figure')}?year=abc&table=plain&row=0&col=1"
    web_as(business_team_member).get(url, status=400)


@pytest.mark.parametrize(
    "role",
    [
        PartnershipRole.Role.BUSINESS_TEAM,
        PartnershipRole.Role.PARTNERSHIP_CHAIR,
        PartnershipRole.Role.CSPR_SUBGROUP_CHAIR,
        PartnershipRole.Role.AUDITOR,
    ],
)
def test_the_home_pages_link_to_statistics_for_those_who_may_see_them(
    web_as: WebAs, partnership: Partnership, role: PartnershipRole.Role
) -> None:
    user = give_role(
        make_user(partnership=partnership, email="role@wtp.example", full_name="Role Test"), role
    )
    app = web_as(user)
    for home in ("home", "reviews:list"):
        link = app.get(reverse(home)).html.select_one('[data-testid="statistics-link"]')
        assert link["href"] == reverse("reviews:statistics"), home
    assert app.get(reverse("reviews:statistics")).status_code == 200


@pytest.mark.parametrize("who", ["partner_lead", "agency_contributor", "subgroup_member"])
def test_others_see_no_link_and_are_refused(
    web_as: WebAs, partnership: Partnership, request: pytest.FixtureRequest, who: str
) -> None:
    if who == "subgroup_member":
        user = give_role(
            make_user(partnership=partnership, email="sub@wtp.example", full_name="Sub Test"),
            PartnershipRole.Role.CSPR_SUBGROUP_MEMBER,
        )
    else:
        user = request.getfixturevalue(who)
    app = web_as(user)
    for home in ("home", "reviews:list"):
        assert app.get(reverse(home)).html.select_one('[data-testid="statistics-link"]') is None
    app.get(reverse("reviews:statistics"), status=403)
    app.get(f"{reverse('reviews:statistics-figure')}?year=2025&table=x&row=0&col=1", status=403)


def shown(block: Tag, row: int, column: int) -> str:
    """A figure's words as the page's table shows them (without the link's hidden words)."""
    cell = block.select_one(f'td[data-row="{row}"][data-col="{column}"]')
    assert cell is not None, (row, column)
    return str(cell.a.find(string=True) if cell.a else cell.get_text()).strip()


def test_the_page_shows_the_figures_of_the_hand_built_world(
    web_as: WebAs, statistics_world: StatisticsWorld
) -> None:
    world = statistics_world
    with time_machine.travel(dt.datetime.combine(world.today, dt.time(10), tzinfo=dt.UTC)):
        response = web_as(world.team).get(f"{reverse('reviews:statistics')}?year=2025")
        expected = statistics_for(world.partnership, world.period, today=world.today)

    html = response.html
    for table in expected.tables():
        block = html.select_one(f'[data-table="{table.key}"]')
        assert block is not None, table.key
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row[1:], start=1):
                assert shown(block, r, c) == cell.text.strip(), (table.key, r, c)
        assert (block.select_one("svg") is not None) == bool(table.chart and table.rows)
    # by hand (statistics_setup.py): five rapid reviews in the period, one sent by working
    # day 15, two sent late (``late`` and ``slightly_late``)
    timeliness = html.select_one('[data-table="rapid-reviews-timeliness"]')
    assert [shown(timeliness, row, 1) for row in range(3)] == ["5", "1", "2"]
    late = response.click(href=r"table=rapid-reviews-timeliness&row=2&col=1$")
    codes = sorted(row["data-case-code"] for row in late.html.select("[data-case-code]"))
    assert codes == sorted([world.late.case_code, world.slightly_late.case_code])


def test_the_page_shows_the_lcsprs_of_their_hand_built_world(
    web_as: WebAs, statistics_lcspr_world: StatisticsLcsprWorld
) -> None:
    world = statistics_lcspr_world
    with time_machine.travel(dt.datetime.combine(LCSPR_TODAY, dt.time(10), tzinfo=dt.UTC)):
        response = web_as(world.team).get(f"{reverse('reviews:statistics')}?year=2025")

    # by hand (statistics_lcspr_setup.py): three commissioned, two published, one of them
    # within six months, one after, two in progress on 31 March 2026
    summary = response.html.select_one('[data-table="lcsprs-summary"]')
    assert [shown(summary, row, 1) for row in range(5)] == ["3", "2", "1", "1", "2"]
    stages = response.html.select_one('[data-table="lcsprs-stages"]')
    bars = stages.select("svg rect.app-chart__bar")
    assert len(bars) == 4  # one series: no legend, a bar per stage
    assert [float(bar["width"]) > 0 for bar in bars] == [True, True, False, False]
    after = response.click(href=r"table=lcsprs-summary&row=3&col=1$")
    assert [row["data-case-code"] for row in after.html.select("[data-case-code]")] == [
        world.late.case_code
    ]


def test_the_page_asks_the_same_number_of_queries_however_many_reviews(
    web_as: WebAs,
    statistics_world: StatisticsWorld,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    world = statistics_world
    app = web_as(world.team)
    url = f"{reverse('reviews:statistics')}?year=2025"
    app.get(url)  # the session's first look, once
    counts = []
    for more in (0, 3):
        for week in range(more):
            add_rapid_review(world, told=dt.date(2025, 10, 6) + dt.timedelta(weeks=week))
        with django_assert_max_num_queries(80) as captured:
            app.get(url)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
