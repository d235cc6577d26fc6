"""National expectations on the pages: a step says whether it is national or local and where
its rule comes from, and the hold page says which deadlines a hold stops."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.models import Review
from reviews.process import Step
from reviews.tests.factories import make_review


@pytest.fixture(autouse=True)
def _monday_30_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 30, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    """A rapid review whose clock started on Friday 6 March 2026, on hold since 17 March."""
    review = make_review(partnership=partnership, by=business_team_member)
    actions.start_hold(
        review, by=business_team_member, start=dt.date(2026, 3, 17), reason="Criminal trial"
    )
    return review


def _rows(html: str, selector: str) -> dict[str, str]:
    page = BeautifulSoup(html, "html.parser")
    rows = {}
    for row in page.select(selector):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        rows[cells[0]] = cells[-1]
    return rows


def test_working_day_15_for_the_panel_is_national_and_late_while_on_hold(
    client: Client, business_team_member: User, review: Review
) -> None:
    sign_in(client, business_team_member)

    page = client.get(
        reverse("reviews:step", kwargs={"pk": review.pk, "key": Step.REPORT_SUBMITTED})
    )

    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "Due Friday 27 March 2026" in text
    assert "A national expectation: holds and closure days do not move it" in text
    assert "Working Together to Safeguard Children 2023, chapter 5" in text
    assert "a national expectation, so the date does not move. Reason: Criminal trial" in text
    assert "Overdue" in text


def test_a_local_step_says_it_stops_with_a_hold(
    client: Client, business_team_member: User, review: Review
) -> None:
    actions.end_hold(review, by=business_team_member, end=dt.date(2026, 3, 20))
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:step", kwargs={"pk": review.pk, "key": Step.REPORT_AGREED}))

    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "A local deadline: it stops while the review is on hold" in text
    assert "The partnership's own guidance" in text
    assert "(first due Friday 27 March 2026)" in text


def test_the_hold_page_says_which_deadlines_stop(
    client: Client, business_team_member: User, review: Review
) -> None:
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:hold", kwargs={"pk": review.pk}))

    effects = _rows(page.content.decode(), "[data-testid=hold-effects] tbody tr")
    assert effects["Send the report to the National Panel"].startswith(
        "Does not stop: a national expectation"
    )
    assert effects["Agree the final rapid review report"] == (
        "Stops: moves by the working days on hold."
    )
    assert effects["National Panel responds"].startswith("Does not stop: counted from another")
