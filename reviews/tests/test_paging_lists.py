"""The action tracker, the access log and a review's history page through their rows, 50 a
page, newest (or soonest due) first: page 2 exists past 50 rows, page links keep the filters,
any ``?page=`` gives a page, the query count is the same for 1 row or 120, and those refused
are still refused. The tracker finds a review by case code rather than listing every review."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_webtest import DjangoTestApp
from webtest import TestResponse

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews import actions
from reviews.actions.learning.plans import raise_immediate_action
from reviews.models import AccessLogEntry, Review
from reviews.process import Step
from reviews.tests.factories import make_review

NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
TRACKER = reverse("reviews:action-tracker")
ACCESS_LOG = reverse("reviews:access-log")
JUNK = ["", "abc", "0", "-1", "2.0", "9" * 40, "9" * 5000]


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def page_links(page: TestResponse) -> list[str]:
    nav = page.html.select_one('[data-testid="pagination"]')
    return [] if nav is None else [str(link["href"]) for link in nav.select("a[href]")]


def showing(page: TestResponse) -> str:
    found = page.html.select_one('[data-testid="showing"]')
    return "" if found is None else " ".join(found.text.split())


def count_queries(app: DjangoTestApp, url: str) -> tuple[int, TestResponse]:
    with CaptureQueriesContext(connection) as queries:
        page = app.get(url)
    assert page.status_int == 200
    return len(queries.captured_queries), page


# The action tracker ----------------------------------------------------------------------------


def tracker_rows(page: TestResponse) -> list[str]:
    return re.findall(r"Action number (\d+)", page.text)


def raise_actions(review: Review, by: User, owner: Organisation, numbers: range) -> None:
    for number in numbers:
        raise_immediate_action(
            review,
            by=by,
            step=Step.DECISION_MEETING,
            description=f"Action number {number}",
            organisation=owner,
            lead_name="A lead",
            due_on=NOW.date() + dt.timedelta(days=number),
        )


def test_the_tracker_pages_through_120_actions_with_the_same_queries_as_1(
    web_as: WebAs, partnership: Partnership, business_team_member: User, police: Organisation
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    app = web_as(business_team_member)
    raise_actions(review, business_team_member, police, range(1))
    one, _ = count_queries(app, TRACKER)
    raise_actions(review, business_team_member, police, range(1, 120))

    many, first = count_queries(app, TRACKER)
    filtered = app.get(TRACKER, {"organisation": police.pk, "page": "2"})
    last = app.get(TRACKER, {"page": "99"})

    assert many == one
    assert tracker_rows(first) == [str(n) for n in range(50)]
    assert showing(first) == "Showing 1 to 50 of 120 actions"
    assert tracker_rows(filtered) == [str(n) for n in range(50, 100)]
    assert all(f"organisation={police.pk}" in link for link in page_links(filtered))
    assert tracker_rows(last) == [str(n) for n in range(100, 120)]
    for raw in JUNK:
        assert app.get(TRACKER, {"page": raw}).status_int == 200, raw[:20]


def test_the_case_code_search_finds_a_review_and_keeps_it_in_the_page_links(
    web_as: WebAs, partnership: Partnership, business_team_member: User, police: Organisation
) -> None:
    first = make_review(partnership=partnership, by=business_team_member)
    second = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    raise_actions(first, business_team_member, police, range(55))
    raise_actions(second, business_team_member, police, range(55, 57))
    app = web_as(business_team_member)
    page = app.get(TRACKER)
    assert not page.html.select("select[name=review]")  # no drop-down of every review
    form = next(each for each in page.forms.values() if "case_code" in each.fields)

    form["case_code"] = second.case_code.lower()
    found = form.submit()
    form = next(each for each in app.get(TRACKER).forms.values() if "case_code" in each.fields)
    form["case_code"] = first.case_code
    several = form.submit()
    again = app.get(TRACKER + page_links(several)[-1])

    assert tracker_rows(found) == ["55", "56"]
    assert showing(found) == "Showing all 2 actions"
    assert all(f"case_code={first.case_code}" in link for link in page_links(several))
    assert tracker_rows(again) == [str(n) for n in range(50, 55)]
    assert again.html.select_one("#id_case_code")["value"] == first.case_code


def test_a_case_code_search_of_someone_elses_review_finds_nothing(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    outsider: User,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    raise_actions(review, business_team_member, police, range(51))
    app = web_as(outsider)

    pages = [app.get(TRACKER, {"case_code": review.case_code, "page": n}) for n in ("1", "2")]

    for page in pages:
        assert tracker_rows(page) == []
        assert page.html.select_one('[data-testid="no-actions"]') is not None


# The access log --------------------------------------------------------------------------------


def log_rows(page: TestResponse) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-entry="(\d+)"', page.text)]


def look(review: Review, by: User, times: int) -> None:
    for _ in range(times):
        actions.record_access(by=by, action=AccessLogEntry.Action.VIEWED_REVIEW, review=review)


def test_the_access_log_pages_newest_first_with_the_same_queries_for_1_entry_or_120(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    app = web_as(business_team_member)
    look(review, business_team_member, 1)
    one, _ = count_queries(app, ACCESS_LOG)
    look(review, business_team_member, 119)
    newest_first = list(
        AccessLogEntry.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    )

    many, first = count_queries(app, f"{ACCESS_LOG}?case_code={review.case_code}")
    second = app.get(ACCESS_LOG + page_links(first)[-1])

    assert many == one
    # Looking at the log is itself no look at a review: the 120 are the only entries.
    assert log_rows(first) == newest_first[:50]
    assert log_rows(second) == newest_first[50:100]
    assert all(f"case_code={review.case_code}" in link for link in page_links(first))
    assert showing(second) == "Showing 51 to 100 of 120 entries"
    for raw in JUNK:
        assert app.get(ACCESS_LOG, {"page": raw}).status_int == 200, raw[:20]


def test_the_access_log_is_still_refused_to_those_without_a_part_in_it(
    web_as: WebAs, partnership: Partnership, business_team_member: User, partner_lead: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    look(review, business_team_member, 51)

    refused = web_as(partner_lead).get(ACCESS_LOG, {"page": "2"}, expect_errors=True)

    assert refused.status_int == 403


# A review's history ----------------------------------------------------------------------------


def history_rows(page: TestResponse) -> int:
    return len(page.html.select(".app-timeline__item"))


def rename(review: Review, by: User, times: int) -> None:
    for number in range(times):
        review.refresh_from_db()
        actions.update_review_details(
            review, by=by, expected_version=review.version, pseudonym=f"Child {number}", summary=""
        )


def test_the_history_pages_through_its_changes_with_the_same_queries_for_few_or_many(
    web_as: WebAs, partnership: Partnership, business_team_member: User, outsider: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    url = reverse("reviews:history", kwargs={"pk": review.pk})
    app = web_as(business_team_member)
    few, _ = count_queries(app, url)
    rename(review, business_team_member, 119)
    total = review.events.count()

    many, first = count_queries(app, f"{url}?type=details-changed")
    pages = [app.get(url + link) for link in dict.fromkeys(page_links(first))]
    junk: Callable[[str], TestResponse] = lambda raw: app.get(url, {"page": raw})  # noqa: E731

    assert many == few
    assert history_rows(first) == 50
    assert all("type=details-changed" in link for link in page_links(first))
    assert sum(history_rows(page) for page in pages) >= 119 - 50
    assert showing(app.get(url)) == f"Showing 1 to 50 of {total} changes"
    assert all(junk(raw).status_int == 200 for raw in JUNK)
    assert web_as(outsider).get(url, {"page": "2"}, expect_errors=True).status_int == 404
