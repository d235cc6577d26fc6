"""The reviews list pages through its reviews: 50 a page, open ones first in the order their
clocks started, schedules computed only for the page's open reviews, filters kept in the page
links, any ``?page=`` answered, and the same number of queries for 1 review or 120."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_webtest import DjangoTestApp
from webtest import TestResponse

from accounts.models import Partnership, User
from conftest import WebAs
from reviews.clock import schedules_for
from reviews.models import Review, ReviewKind
from reviews.schedule import Schedule
from reviews.tests.factories import make_review
from reviews.views.review import dashboard

LIST = reverse("reviews:list")


@pytest.fixture(autouse=True)
def _wednesday_11_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False):
        yield


def codes(page: TestResponse) -> list[str]:
    return re.findall(r'data-case-code="([A-Z0-9]+)"', page.text)


def page_links(page: TestResponse) -> list[str]:
    nav = page.html.select_one('[data-testid="pagination"]')
    return [] if nav is None else [str(link["href"]) for link in nav.select("a[href]")]


def showing(page: TestResponse) -> str:
    found = page.html.select_one('[data-testid="showing"]')
    return "" if found is None else " ".join(found.text.split())


def open_reviews(partnership: Partnership, by: User, count: int, first: int = 0) -> list[Review]:
    """``count`` rapid reviews, a day apart from 3 November 2025 (all overdue by March 2026)."""
    start = dt.date(2025, 11, 3)
    return [
        make_review(
            partnership=partnership,
            by=by,
            origin=start + dt.timedelta(days=n),
            pseudonym=f"Child {n}",
        )
        for n in range(first, first + count)
    ]


def close(reviews: Iterable[Review]) -> None:
    # No action closes a review yet (that is the outcome step's work); stand in for it here.
    Review.objects.filter(pk__in=[review.pk for review in reviews]).update(closed_at=timezone.now())


@pytest.fixture
def team_app(web_as: WebAs, business_team_member: User) -> DjangoTestApp:
    return web_as(business_team_member)


def test_120_reviews_are_shown_50_a_page_in_the_order_their_clocks_started(
    team_app: DjangoTestApp, partnership: Partnership, business_team_member: User
) -> None:
    made = open_reviews(partnership, business_team_member, 120)

    first = team_app.get(LIST)
    second = team_app.get(LIST + page_links(first)[-1])  # "Next"
    last = team_app.get(LIST, {"page": "3"})

    assert codes(first) == [review.case_code for review in made[:50]]
    assert codes(second) == [review.case_code for review in made[50:100]]
    assert codes(last) == [review.case_code for review in made[100:]]
    assert showing(first) == "Showing 1 to 50 of 120 reviews"
    assert showing(last) == "Showing 101 to 120 of 120 reviews"
    assert "?page=2" in page_links(first)
    assert 'aria-current="page"' in str(last.html.select_one('[data-testid="pagination"]'))


def test_closed_reviews_follow_the_open_ones_and_get_no_schedule(
    team_app: DjangoTestApp,
    partnership: Partnership,
    business_team_member: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = open_reviews(partnership, business_team_member, 53)
    close(made[:5])
    computed: list[int] = []

    def counting(reviews: Iterable[Review], **kwargs: Any) -> dict[int, Schedule]:
        reviews = list(reviews)
        computed.append(len(reviews))
        return schedules_for(reviews, **kwargs)

    monkeypatch.setattr(dashboard, "schedules_for", counting)

    first = team_app.get(LIST, {"status": "all"})
    second = team_app.get(LIST, {"status": "all", "page": "2"})

    closed = [review.case_code for review in made[:5]]  # closed together, then by origin
    assert codes(first) == [review.case_code for review in made[5:]] + closed[:2]
    assert codes(second) == closed[2:]
    assert second.html.select('[data-testid="reviews"] .govuk-tag--grey')
    assert computed == [48, 0]  # the open reviews of each page, and none for the closed


def test_page_links_keep_the_filters(
    team_app: DjangoTestApp, partnership: Partnership, business_team_member: User
) -> None:
    made = open_reviews(partnership, business_team_member, 55)
    make_review(partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR)
    page = team_app.get(LIST)
    form = page.forms[next(key for key, each in page.forms.items() if "kind" in each.fields)]
    form["kind"] = ReviewKind.RAPID_REVIEW
    form["overdue"] = True

    filtered = form.submit()
    links = page_links(filtered)
    second = team_app.get(LIST + links[-1])  # "Next"

    assert links
    assert all("kind=rapid-review" in link and "overdue=on" in link for link in links)
    assert showing(filtered) == "Showing 1 to 50 of 55 reviews"
    assert codes(second) == [review.case_code for review in made[50:]]
    assert second.html.select_one("#id_kind option[selected]")["value"] == "rapid-review"


JUNK_PAGES = {
    "": 1,
    "abc": 1,
    "0": 1,
    "-2": 1,
    "2.5": 1,
    "1e3": 1,
    "\u0662": 1,  # an Arabic-Indic two is a digit to Python, not a page number here
    "2": 2,
    "3": 2,  # past the end: the last page
    "99999999999999999999999999": 2,
    "9" * 5000: 1,
}


def test_any_page_asked_for_gives_a_page_never_an_error(
    team_app: DjangoTestApp, partnership: Partnership, business_team_member: User
) -> None:
    made = open_reviews(partnership, business_team_member, 51)
    pages = {1: made[:50], 2: made[50:]}

    shown = {raw: team_app.get(LIST, {"page": raw}) for raw in JUNK_PAGES}

    assert {raw: page.status_int for raw, page in shown.items()} == dict.fromkeys(JUNK_PAGES, 200)
    for raw, number in JUNK_PAGES.items():
        assert codes(shown[raw]) == [review.case_code for review in pages[number]], raw[:20]


def _queries(app: DjangoTestApp, query: dict[str, str]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        page = app.get(LIST, query)
    return len(codes(page)), len(queries.captured_queries)


@pytest.mark.parametrize("query", [{}, {"overdue": "on"}, {"status": "all", "page": "2"}])
def test_the_same_number_of_queries_for_1_review_or_120(
    team_app: DjangoTestApp,
    partnership: Partnership,
    business_team_member: User,
    query: dict[str, str],
) -> None:
    open_reviews(partnership, business_team_member, 1)
    one = _queries(team_app, query)
    more = open_reviews(partnership, business_team_member, 119, first=1)
    close(more[-30:])
    many = _queries(team_app, query)

    assert one[1] == many[1]
    assert many[0] == 50


def test_an_outsider_sees_none_of_the_reviews_on_any_page(
    web_as: WebAs, partnership: Partnership, business_team_member: User, outsider: User
) -> None:
    made = open_reviews(partnership, business_team_member, 51)
    app = web_as(outsider)

    pages = [app.get(LIST, {"page": number, "status": "all"}) for number in ("1", "2")]

    for page in pages:
        assert codes(page) == []
        assert page_links(page) == []
        assert made[0].case_code not in page.text
