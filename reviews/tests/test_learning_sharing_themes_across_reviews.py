"""Themes across reviews: the counts by theme, year and kind of review, the reviews and
recommendations behind each count, the CSV and Excel exports, and who may see them.

Learning and recommendations are written by reviews.tests.learning_rows (an ORM stand-in for
the learning actions written alongside).
"""

from __future__ import annotations

import csv
import datetime as dt
from html.parser import HTMLParser
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import employ, give_role, make_user
from conftest import sign_in
from reviews.models import AccessLogEntry, Review, ReviewKind, ReviewRole, Theme
from reviews.tests.factories import join, make_review
from reviews.tests.learning_rows import add_learning, add_recommendation, theme
from reviews.themes_report import count_themes_by_year

Cell = tuple[str, int, str]  # theme, year, kind


class CountsParser(HTMLParser):
    """Read the themes table: the number in each (theme, year, kind) cell."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[Cell, int] = {}
        self._theme = ""
        self._cell: tuple[int, str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-theme"):
            self._theme = str(found["data-theme"])
        if tag == "td" and found.get("data-year"):
            self._cell = (int(str(found["data-year"])), str(found["data-kind"]))
            self._text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            number = self._text.split()[0]
            self.counts[(self._theme, *self._cell)] = int(number)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text += data


def page_counts(html: str) -> dict[Cell, int]:
    parser = CountsParser()
    parser.feed(html)
    return parser.counts


@pytest.fixture
def subgroup_member(partnership: Partnership) -> User:
    user = make_user(partnership=partnership, email="member@wtp.example", full_name="Sub Test")
    return give_role(user, PartnershipRole.Role.CSPR_SUBGROUP_MEMBER)


@pytest.fixture
def reviews(
    partnership: Partnership,
    other_partnership: Partnership,
    business_team_member: User,
    outsider: User,
    subgroup_member: User,
) -> dict[str, Review]:
    team = business_team_member
    neglect = theme(partnership, "Neglect")
    abuse = theme(partnership, "Domestic abuse")
    retired = theme(partnership, "Retired theme")
    Theme.objects.filter(pk=retired.pk).update(active=False)
    theme(partnership, "Online harm")  # active, never used: a row of zeros

    old = make_review(partnership=partnership, by=team, origin=dt.date(2024, 11, 4))
    add_learning(old, by=team, summary="Older learning", themes=[neglect])
    led = make_review(partnership=partnership, by=team, origin=dt.date(2026, 1, 12))
    add_recommendation(
        led, by=team, text="Check every home visit is followed up.", themes=[neglect]
    )
    add_learning(led, by=team, summary="Abuse was not asked about", themes=[abuse])
    lcspr = make_review(
        partnership=partnership,
        by=team,
        kind=ReviewKind.LCSPR,
        origin=dt.date(2026, 3, 2),
        rapid_review=led,
        pseudonym="Child L",
    )
    # Two pieces of learning on one review: it still counts once.
    add_learning(lcspr, by=team, summary="First", themes=[neglect])
    add_learning(lcspr, by=team, summary="Second", themes=[neglect, abuse])
    stopped = make_review(
        partnership=partnership, by=team, origin=dt.date(2026, 5, 5), pseudonym="Child S"
    )
    add_learning(stopped, by=team, summary="No LCSPR followed", themes=[neglect])
    make_review(partnership=partnership, by=team, origin=dt.date(2026, 6, 1))  # no learning
    # The subgroup member takes part in one review only: only that one is linked for them.
    join(lcspr, subgroup_member, ReviewRole.PANEL_MEMBER, by=team)

    theirs = make_review(partnership=other_partnership, by=outsider, origin=dt.date(2026, 2, 2))
    add_learning(
        theirs, by=outsider, summary="Theirs", themes=[theme(other_partnership, "Neglect")]
    )
    return {"old": old, "led": led, "lcspr": lcspr, "stopped": stopped, "theirs": theirs}


EXPECTED: dict[Cell, int] = {
    ("Neglect", 2024, "rapid-review"): 1,
    ("Neglect", 2025, "rapid-review"): 0,
    ("Neglect", 2026, "rapid-review"): 2,
    ("Neglect", 2026, "lcspr"): 1,
    ("Domestic abuse", 2026, "rapid-review"): 1,
    ("Domestic abuse", 2026, "lcspr"): 1,
    ("Domestic abuse", 2024, "rapid-review"): 0,
    ("Online harm", 2026, "rapid-review"): 0,
}


def test_the_table_counts_reviews_by_theme_year_and_kind(
    client: Client, reviews: dict[str, Review], business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    response = client.get(reverse("reviews:themes-across"))

    assert response.status_code == 200
    counts = page_counts(response.content.decode())
    for cell, number in EXPECTED.items():
        assert counts[cell] == number, cell
    themes = {cell[0] for cell in counts}
    # The retired theme has no count, so it has no row; the other partnership's never shows.
    assert themes == {"Domestic abuse", "Neglect", "Online harm"}
    assert {cell[1] for cell in counts} == {2024, 2025, 2026}


def test_a_retired_theme_with_counts_keeps_its_row(
    client: Client,
    partnership: Partnership,
    reviews: dict[str, Review],
    business_team_member: User,
) -> None:
    retired = Theme.objects.get(partnership=partnership, name="Retired theme")
    add_learning(reviews["old"], by=business_team_member, summary="Old", themes=[retired])
    sign_in(client, business_team_member)

    html = client.get(reverse("reviews:themes-across")).content.decode()

    assert page_counts(html)[("Retired theme", 2024, "rapid-review")] == 1
    assert "Retired</strong>" in html


def test_each_count_links_to_the_reviews_and_recommendations_behind_it(
    client: Client, reviews: dict[str, Review], subgroup_member: User, partnership: Partnership
) -> None:
    neglect = Theme.objects.get(partnership=partnership, name="Neglect")
    sign_in(client, subgroup_member)
    url = reverse("reviews:themes-across-detail", kwargs={"theme_pk": neglect.pk, "year": 2026})

    table = client.get(reverse("reviews:themes-across")).content.decode()
    response = client.get(url)
    only_lcsprs = client.get(url, {"kind": "lcspr"}).content.decode()

    assert f'href="{url}?kind=rapid-review"' in table
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 rapid reviews and 1 LCSPR that started in 2026" in page
    for key in ("led", "lcspr", "stopped"):
        assert f'data-case-code="{reviews[key].case_code}"' in page
    assert reviews["old"].case_code not in page
    # Linked only where the person may open the review.
    lcspr_link = reverse("reviews:detail", kwargs={"pk": reviews["lcspr"].pk})
    led_link = reverse("reviews:detail", kwargs={"pk": reviews["led"].pk})
    assert f'href="{lcspr_link}"' in page
    assert f'href="{led_link}"' not in page
    assert "Check every home visit is followed up." in page
    assert f"{reviews['led'].case_code}, recommendation 1" in page
    assert "0 rapid reviews and 1 LCSPR" in only_lcsprs
    assert f'data-case-code="{reviews["led"].case_code}"' not in only_lcsprs


def test_the_exports_hold_the_same_counts_as_the_page(
    client: Client,
    partnership: Partnership,
    reviews: dict[str, Review],
    business_team_member: User,
) -> None:
    sign_in(client, business_team_member)
    counts = page_counts(client.get(reverse("reviews:themes-across")).content.decode())
    expected = [
        [name, year, counts[(name, year, "rapid-review")], counts[(name, year, "lcspr")]]
        for (name, year, kind) in sorted(counts)
        if kind == "lcspr"
        and counts[(name, year, "rapid-review")] + counts[(name, year, "lcspr")] > 0
    ]

    as_csv = client.get(reverse("reviews:themes-export", kwargs={"fmt": "csv"}))
    as_xlsx = client.get(reverse("reviews:themes-export", kwargs={"fmt": "xlsx"}))

    assert as_csv.status_code == as_xlsx.status_code == 200
    assert "attachment" in as_csv["Content-Disposition"]
    rows = list(csv.reader(StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0] == ["Theme", "Year", "Rapid reviews", "LCSPRs", "Total"]
    from_csv = [[r[0], int(r[1]), int(r[2]), int(r[3])] for r in rows[1:]]
    assert all(int(r[4]) == int(r[2]) + int(r[3]) for r in rows[1:])
    assert sorted(from_csv) == sorted(expected)
    sheet = openpyxl.load_workbook(BytesIO(as_xlsx.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == ["Theme", "Year", "Rapid reviews", "LCSPRs", "Total"]
    assert sorted([list(row[:4]) for row in values[1:]]) == sorted(expected)
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED_DATA)
    assert logged.count() == 2
    assert {entry.partnership_id for entry in logged} == {partnership.pk}
    assert {entry.user_id for entry in logged} == {business_team_member.pk}


def test_a_theme_that_looks_like_a_formula_is_exported_as_text(
    client: Client,
    partnership: Partnership,
    reviews: dict[str, Review],
    business_team_member: User,
) -> None:
    hostile = theme(partnership, '=HYPERLINK("http://evil.example","Click")')
    dash = theme(partnership, "-Escalation")
    add_learning(reviews["old"], by=business_team_member, summary="x", themes=[hostile, dash])
    sign_in(client, business_team_member)

    as_csv = client.get(reverse("reviews:themes-export", kwargs={"fmt": "csv"}))
    as_xlsx = client.get(reverse("reviews:themes-export", kwargs={"fmt": "xlsx"}))
    html = client.get(reverse("reviews:themes-across")).content.decode()

    names = [row[0] for row in csv.reader(StringIO(as_csv.content.decode("utf-8-sig")))]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert "'-Escalation" in names
    assert not any(name.startswith(("=", "-", "+", "@")) for name in names)
    sheet = openpyxl.load_workbook(BytesIO(as_xlsx.content)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows()]
    formula = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert '=HYPERLINK("http://evil.example"' not in html  # escaped on the page
    assert "=HYPERLINK(&#34;http://evil.example&#34;" in html


def test_other_formats_are_not_found(client: Client, business_team_member: User) -> None:
    sign_in(client, business_team_member)

    for fmt in ("json", "xls", "csv.exe"):
        response = client.get(reverse("reviews:themes-export", kwargs={"fmt": fmt}))
        assert response.status_code == 404, fmt
    assert not AccessLogEntry.objects.exists()


def test_people_without_a_partnership_role_are_refused(
    client: Client,
    partnership: Partnership,
    reviews: dict[str, Review],
    police: Organisation,
    business_team_member: User,
) -> None:
    # A partner lead taking part in a review, with no partnership-wide role.
    lead = employ(make_user(partnership=partnership, email="l@wtp.example", full_name="L"), police)
    join(
        reviews["led"],
        lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    neglect = Theme.objects.get(partnership=partnership, name="Neglect")
    sign_in(client, lead)

    for url in (
        reverse("reviews:themes-across"),
        reverse("reviews:themes-across-detail", kwargs={"theme_pk": neglect.pk, "year": 2026}),
        reverse("reviews:themes-export", kwargs={"fmt": "csv"}),
        reverse("reviews:themes-export", kwargs={"fmt": "xlsx"}),
    ):
        assert client.get(url).status_code == 403, url
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED_DATA).exists()


def test_another_partnership_sees_only_its_own(
    client: Client, partnership: Partnership, reviews: dict[str, Review], outsider: User
) -> None:
    ours = Theme.objects.get(partnership=partnership, name="Neglect")
    sign_in(client, outsider)

    table = client.get(reverse("reviews:themes-across"))
    ours_detail = client.get(
        reverse("reviews:themes-across-detail", kwargs={"theme_pk": ours.pk, "year": 2026})
    )
    exported = client.get(reverse("reviews:themes-export", kwargs={"fmt": "csv"}))

    assert table.status_code == 200
    assert page_counts(table.content.decode()) == {
        ("Neglect", 2026, "rapid-review"): 1,
        ("Neglect", 2026, "lcspr"): 0,
    }
    assert ours_detail.status_code == 404
    rows = list(csv.reader(StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1:] == [["Neglect", "2026", "1", "0", "1"]]


def test_a_year_out_of_range_is_not_found(
    client: Client, partnership: Partnership, reviews: dict[str, Review], auditor: User
) -> None:
    neglect = Theme.objects.get(partnership=partnership, name="Neglect")
    sign_in(client, auditor)

    for year in (0, 1899, 3000, 99999999):
        url = reverse("reviews:themes-across-detail", kwargs={"theme_pk": neglect.pk, "year": year})
        assert client.get(url).status_code == 404
    ok = reverse("reviews:themes-across-detail", kwargs={"theme_pk": neglect.pk, "year": 2024})
    assert client.get(ok).status_code == 200


def test_the_counting_takes_four_queries_however_many_reviews(
    partnership: Partnership,
    reviews: dict[str, Review],
    business_team_member: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(4):
        table = count_themes_by_year(
            Review.objects.filter(partnership=partnership),
            Theme.objects.filter(partnership=partnership),
        )

    assert table.years == (2024, 2025, 2026)


def test_the_pages_take_a_fixed_number_of_queries(
    client: Client,
    partnership: Partnership,
    reviews: dict[str, Review],
    business_team_member: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    neglect = Theme.objects.get(partnership=partnership, name="Neglect")
    detail = reverse("reviews:themes-across-detail", kwargs={"theme_pk": neglect.pk, "year": 2026})
    sign_in(client, business_team_member)
    client.get(reverse("reviews:themes-across"))
    with django_assert_max_num_queries(30) as before_table:
        client.get(reverse("reviews:themes-across"))
    with django_assert_max_num_queries(30) as before_detail:
        client.get(detail)
    for index in range(6):
        more = make_review(
            partnership=partnership, by=business_team_member, origin=dt.date(2026, 7, 1 + index)
        )
        add_learning(more, by=business_team_member, summary="More", themes=[neglect])
        add_recommendation(more, by=business_team_member, text="More.", themes=[neglect])

    with django_assert_max_num_queries(len(before_table.captured_queries)):
        client.get(reverse("reviews:themes-across"))
    with django_assert_max_num_queries(len(before_detail.captured_queries)):
        response = client.get(detail)

    assert "8 rapid reviews and 1 LCSPR" in response.content.decode()
