"""Telling the partnership late is flagged like notifying the National Panel late, and both are
counted on the national calendar: the partnership's closure days do not excuse either."""

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
from reviews.actions.notification import ChildDetails, record_notification
from reviews.event_types import EventType
from reviews.models import ClosureDay, Event, Review

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _friday_20_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


def _notified(partnership: Partnership, by: User, *, panel: str, told: str) -> Review:
    """Aware on Monday 2 March 2026: both are due by Monday 9 March."""
    return record_notification(
        partnership=partnership,
        by=by,
        children=[ChildDetails(pseudonym="Child A", sex="female", age_years=6)],
        incident_date=D("2026-03-01"),
        harm="died",
        incident_area="Wexmoor",
        home_area="Wexmoor",
        criterion="in-area",
        abuse_or_neglect="known",
        proceed_reason="",
        la_aware_on=D("2026-03-02"),
        panel_notified_on=D(panel),
        partnership_told_on=D(told),
    )


def _tags(client: Client, review: Review) -> set[str]:
    page = client.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    html = BeautifulSoup(page.content, "html.parser")
    return {
        tag.get_text(strip=True)
        for tag in html.select("[data-testid=late-notification], [data-testid=told-late]")
    }


@pytest.mark.parametrize(
    ("panel", "told", "tags"),
    [
        ("2026-03-09", "2026-03-09", set()),
        ("2026-03-09", "2026-03-10", {"Partnership told late"}),
        ("2026-03-10", "2026-03-06", {"Notified late"}),
        ("2026-03-11", "2026-03-12", {"Notified late", "Partnership told late"}),
    ],
)
def test_the_review_page_flags_each_late_notice(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    panel: str,
    told: str,
    tags: set[str],
) -> None:
    review = _notified(partnership, business_team_member, panel=panel, told=told)
    sign_in(client, business_team_member)

    assert _tags(client, review) == tags
    recorded = Event.objects.get(review=review, type=EventType.NOTIFICATION_RECORDED)
    assert (recorded.detail["late"], recorded.detail["told_late"]) == (
        "Notified late" in tags,
        "Partnership told late" in tags,
    )


def test_closure_days_do_not_excuse_a_late_notice(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    for day in ("2026-03-05", "2026-03-06"):
        ClosureDay.objects.create(partnership=partnership, date=D(day), name="Office move")

    review = _notified(partnership, business_team_member, panel="2026-03-10", told="2026-03-11")
    sign_in(client, business_team_member)

    assert _tags(client, review) == {"Notified late", "Partnership told late"}
