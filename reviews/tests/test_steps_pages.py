"""A step's page (how its date was worked out, done, more time, reopened) and the hold page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.event_types import EventType
from reviews.models import Extension, Hold, Review, ReviewKind, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests.factories import join, make_review

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _wednesday_11_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    """A rapid review whose clock started on Friday 6 March 2026."""
    return make_review(partnership=partnership, by=business_team_member)


@pytest.fixture
def lcspr(partnership: Partnership, business_team_member: User, review: Review) -> Review:
    """An LCSPR: its steps without a page of their own are done on the generic step page."""
    return make_review(
        partnership=partnership,
        by=business_team_member,
        kind=ReviewKind.LCSPR,
        rapid_review=review,
    )


@pytest.fixture
def team(client: Client, business_team_member: User) -> Client:
    return sign_in(client, business_team_member)


def step_page(review: Review, key: str) -> str:
    """A step's page; any text will do as the key (an unknown one is not found)."""
    return reverse("reviews:step", kwargs={"pk": review.pk, "key": key})


def parts(name: str, day: str) -> dict[str, str]:
    year, month, date = day.split("-")
    return {f"{name}-day": date, f"{name}-month": month, f"{name}-year": year}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_step_page_says_who_acts_what_completes_it_and_how_its_date_arose(
    team: Client, review: Review
) -> None:
    words = text(team.get(step_page(review, Step.REPORT_SUBMITTED)).content.decode())

    assert "Send the report to the National Panel" in words
    assert "Who acts Partnership business team" in words
    assert "What completes it Report sent to the National Panel" in words
    assert "Due Friday 27 March 2026" in words
    assert "15 working days after the partnership received the notification" in words
    assert "Saturday 14 March 2026: Weekend" in words
    assert "Status Not yet due" in words


def test_the_business_team_records_a_step_as_done(
    team: Client, lcspr: Review, business_team_member: User
) -> None:
    url = step_page(lcspr, Step.PANEL_VIEW_CONFIRMED)

    response = team.post(
        url, {"intent": "complete", **parts("completed_on", "2026-03-10"), "note": "By email"}
    )

    assert response.status_code == 302
    record = StepRecord.objects.get(review=lcspr, key=Step.PANEL_VIEW_CONFIRMED)
    assert (record.completed_on, record.completed_by) == (D("2026-03-10"), business_team_member)
    words = text(team.get(url).content.decode())
    assert "Done Tuesday 10 March 2026 (recorded by Priya Test)" in words
    assert "Status Done " in words
    assert "Done late" not in words
    assert "Note By email" in words
    assert lcspr.events.filter(type=EventType.STEP_COMPLETED).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (parts("completed_on", "2026-03-12"), "Date it was done must be today or in the past"),
        (parts("completed_on", "2026-02-30"), "Date it was done must be a real date"),
        ({}, "Enter the date it was done"),
        (
            parts("completed_on", "2026-03-10") | {"note": "<script>alert(1)</script>"},
            "Note must not include HTML tags such as &lt;script&gt;",
        ),
        (parts("completed_on", "2026-03-10") | {"note": "x" * 6000}, "Note must be 5,000"),
        (parts("completed_on", "2024-01-01"), "That date is long before the review started."),
    ],
)
def test_a_bad_completion_is_refused_naming_the_field(
    team: Client, lcspr: Review, data: dict[str, str], message: str
) -> None:
    response = team.post(
        step_page(lcspr, Step.PANEL_VIEW_CONFIRMED), {"intent": "complete", **data}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not StepRecord.objects.filter(review=lcspr, key=Step.PANEL_VIEW_CONFIRMED).exists()


def test_a_step_with_its_own_page_cannot_be_ticked_off_here(team: Client, review: Review) -> None:
    url = step_page(review, Step.REQUEST_INFORMATION)

    page = team.get(url).content.decode()
    refused = team.post(url, {"intent": "complete", **parts("completed_on", "2026-03-10")})

    assert "Go to the page for this step" in page
    assert "Record as done" not in page
    assert refused.status_code == 400
    assert not StepRecord.objects.filter(review=review, key=Step.REQUEST_INFORMATION).exists()


def test_more_time_keeps_the_original_date_and_the_reason(team: Client, review: Review) -> None:
    url = step_page(review, Step.REPORT_AGREED)

    response = team.post(
        url, {"intent": "extend", "working_days": "2", "extension_reason": "Police return late"}
    )

    assert response.status_code == 302
    words = text(team.get(url).content.decode())
    assert "Due Tuesday 31 March 2026 (first due Friday 27 March 2026)" in words
    assert "Extended by 2 working days. Reason: Police return late" in words
    assert "granted by Priya Test" in words


def test_a_new_due_date_can_be_given_instead(team: Client, review: Review) -> None:
    url = step_page(review, Step.REPORT_AGREED)

    team.post(
        url, {"intent": "extend", **parts("new_date", "2026-04-08"), "extension_reason": "Inquest"}
    )

    assert Extension.objects.get(review=review).new_date == D("2026-04-08")
    assert "Due Wednesday 8 April 2026" in text(team.get(url).content.decode())


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"working_days": "2"}, "extension_reason", "Enter why the deadline is being extended"),
        ({"extension_reason": "Late"}, "working_days", "Enter a number of working days or a new"),
        (
            {"working_days": "2", **parts("new_date", "2026-04-08"), "extension_reason": "Late"},
            "working_days",
            "not both",
        ),
        ({"working_days": "two", "extension_reason": "Late"}, "working_days", "whole number"),
        ({"working_days": "999", "extension_reason": "Late"}, "working_days", "130 or fewer"),
        (
            {**parts("new_date", "2026-03-20"), "extension_reason": "Late"},
            "new_date",
            "The new date must be after the current due date, Friday 27 March 2026.",
        ),
    ],
)
def test_a_bad_extension_is_refused_naming_the_field(
    team: Client, review: Review, data: dict[str, Any], field: str, message: str
) -> None:
    response = team.post(step_page(review, Step.REPORT_AGREED), {"intent": "extend", **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'href="#id_{field}"' in response.content.decode()
    assert not Extension.objects.exists()


def test_a_step_done_by_mistake_is_reopened_with_a_reason(
    team: Client, review: Review, business_team_member: User
) -> None:
    actions.complete_step(
        review, key=Step.CONFIRM_SCOPE, by=business_team_member, completed_on=D("2026-03-09")
    )
    url = step_page(review, Step.CONFIRM_SCOPE)

    no_reason = team.post(url, {"intent": "reopen", "reopen_reason": ""})
    reopened = team.post(url, {"intent": "reopen", "reopen_reason": "Recorded on the wrong review"})

    assert no_reason.status_code == 400
    assert "Enter why the step is being reopened" in no_reason.content.decode()
    assert reopened.status_code == 302
    assert StepRecord.objects.get(review=review, key=Step.CONFIRM_SCOPE).completed_on is None
    assert "Status Overdue" in text(team.get(url).content.decode())


def test_people_taking_part_read_the_page_but_only_the_business_team_acts(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, partner_lead)
    url = step_page(review, Step.CONFIRM_SCOPE)

    page = client.get(url)
    refused = client.post(url, {"intent": "complete", **parts("completed_on", "2026-03-10")})

    assert page.status_code == 200
    assert "Due Monday 9 March 2026" in text(page.content.decode())
    assert "Record as done" not in page.content.decode()
    assert refused.status_code == 403
    assert not StepRecord.objects.filter(review=review, key=Step.CONFIRM_SCOPE).exists()


def test_unknown_steps_and_other_partnerships_are_not_found(
    client: Client, review: Review, outsider: User, business_team_member: User
) -> None:
    sign_in(client, outsider)
    assert client.get(step_page(review, Step.CONFIRM_SCOPE)).status_code == 404

    sign_in(client, business_team_member)
    assert client.get(step_page(review, "make-tea")).status_code == 404
    assert client.get(step_page(review, Step.PUBLISHED)).status_code == 404  # an LCSPR step
    assert (
        client.post(step_page(review, Step.CONFIRM_SCOPE), {"intent": "delete"}).status_code == 400
    )
    reconvene = client.get(step_page(review, Step.RECONVENE))
    assert reconvene.status_code == 200
    assert "Does not apply to this review" in reconvene.content.decode()


def test_a_hold_stops_the_clock_and_its_end_moves_the_deadlines(
    team: Client, review: Review
) -> None:
    hold = reverse("reviews:hold", kwargs={"pk": review.pk})
    submitted = step_page(review, Step.REPORT_AGREED)

    started = team.post(hold, {**parts("start", "2026-03-10"), "hold_reason": "Criminal trial"})
    on_hold = text(team.get(submitted).content.decode())
    ended = team.post(hold, parts("end", "2026-03-11"))
    after = text(team.get(submitted).content.decode())

    assert started.status_code == 302
    assert "On hold: no due date while the review's clock is stopped" in on_hold
    assert ended.status_code == 302
    assert Hold.objects.get(review=review).end == D("2026-03-11")
    # Two working days on hold: Friday 27 March moves to Tuesday 31 March.
    assert "Due Tuesday 31 March 2026 (first due Friday 27 March 2026)" in after
    assert "Reason: Criminal trial" in after


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (parts("start", "2026-03-10"), "Enter why the review is on hold"),
        ({"hold_reason": "Trial"}, "Enter the date the hold starts"),
        (parts("start", "2026-03-20") | {"hold_reason": "Trial"}, "must be today or in the past"),
        (parts("start", "2026-03-10") | {"hold_reason": "<b>Trial</b>"}, "must not include HTML"),
    ],
)
def test_a_bad_hold_is_refused_naming_the_field(
    team: Client, review: Review, data: dict[str, str], message: str
) -> None:
    response = team.post(reverse("reviews:hold", kwargs={"pk": review.pk}), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Hold.objects.exists()


def test_a_hold_cannot_end_before_it_started(
    team: Client, review: Review, business_team_member: User
) -> None:
    actions.start_hold(review, by=business_team_member, start=D("2026-03-10"), reason="Trial")

    response = team.post(
        reverse("reviews:hold", kwargs={"pk": review.pk}), parts("end", "2026-03-09")
    )

    assert response.status_code == 400
    assert "A hold cannot end before it started." in response.content.decode()
    assert Hold.objects.get(review=review).end is None
