"""A review's schedule from the database: completions, extensions and holds move it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Partnership, User
from reviews import actions
from reviews.actions import ActionError
from reviews.clock import schedule_for, schedules_for
from reviews.event_types import EventType
from reviews.models import ClosureDay, Review
from reviews.process import Step
from reviews.schedule import StepState
from reviews.tests.factories import make_review

FRIDAY_6_MARCH_2026 = dt.date(2026, 3, 6)


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member, origin=FRIDAY_6_MARCH_2026)


def test_a_review_opened_on_friday_6_march_2026_is_due_to_the_panel_on_friday_27_march(
    review: Review,
) -> None:
    schedule = schedule_for(review, today=dt.date(2026, 3, 9))

    assert schedule.step(Step.REPORT_SUBMITTED).due == dt.date(2026, 3, 27)
    assert schedule.step(Step.CONFIRM_SCOPE).due == dt.date(2026, 3, 9)
    assert schedule.step(Step.CONFIRM_SCOPE).state is StepState.DUE_TODAY


@time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC))
def test_completing_a_step_records_it_done_on_time_or_late(
    review: Review, business_team_member: User
) -> None:
    actions.complete_step(
        review, key=Step.CONFIRM_SCOPE, by=business_team_member, completed_on=dt.date(2026, 3, 9)
    )
    actions.complete_step(
        review,
        key=Step.CONFIRM_TIMELINE,
        by=business_team_member,
        completed_on=dt.date(2026, 3, 11),
    )

    schedule = schedule_for(review)
    assert schedule.step(Step.CONFIRM_SCOPE).state is StepState.DONE_ON_TIME
    assert schedule.step(Step.CONFIRM_TIMELINE).state is StepState.DONE_LATE
    assert schedule.step(Step.REQUEST_INFORMATION).state is StepState.OVERDUE
    assert review.events.filter(type=EventType.STEP_COMPLETED).count() == 2


@time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC))
def test_a_step_cannot_be_done_in_the_future_twice_or_unknown(
    review: Review, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="future"):
        actions.complete_step(
            review,
            key=Step.CONFIRM_SCOPE,
            by=business_team_member,
            completed_on=dt.date(2026, 3, 13),
        )
    actions.complete_step(
        review, key=Step.CONFIRM_SCOPE, by=business_team_member, completed_on=dt.date(2026, 3, 9)
    )
    with pytest.raises(ActionError, match="already recorded"):
        actions.complete_step(
            review,
            key=Step.CONFIRM_SCOPE,
            by=business_team_member,
            completed_on=dt.date(2026, 3, 9),
        )
    with pytest.raises(ActionError, match="no step"):
        actions.complete_step(
            review, key=Step.PUBLISHED, by=business_team_member, completed_on=dt.date(2026, 3, 9)
        )


def test_an_extension_moves_one_step_and_keeps_the_original_date(
    review: Review, business_team_member: User
) -> None:
    actions.extend_deadline(
        review,
        key=Step.INFORMATION_RETURNED,
        by=business_team_member,
        working_days=2,
        reason="Police disclosure needs a senior officer's approval",
    )

    step = schedule_for(review, today=dt.date(2026, 3, 9)).step(Step.INFORMATION_RETURNED)
    assert step.original_due == dt.date(2026, 3, 13)
    assert step.due == dt.date(2026, 3, 17)
    event = review.events.get(type=EventType.DEADLINE_EXTENDED)
    assert event.detail["new_due"] == "Tuesday 17 March 2026"
    assert event.detail["original_due"] == "Friday 13 March 2026"


def test_an_extension_to_an_earlier_date_is_refused(
    review: Review, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="after the current due date"):
        actions.extend_deadline(
            review,
            key=Step.INFORMATION_RETURNED,
            by=business_team_member,
            new_date=dt.date(2026, 3, 10),
            reason="A typing mistake",
        )
    assert not review.extensions.exists()


def test_a_closure_day_added_by_an_administrator_moves_deadlines(
    review: Review, partnership: Partnership
) -> None:
    ClosureDay.objects.create(partnership=partnership, date=dt.date(2026, 3, 9), name="Office move")

    step = schedule_for(review, today=dt.date(2026, 3, 9)).step(Step.CONFIRM_SCOPE)

    assert step.due == dt.date(2026, 3, 10)
    assert [day.date for day in step.derivation().skipped] == [
        dt.date(2026, 3, 7),
        dt.date(2026, 3, 8),
        dt.date(2026, 3, 9),
    ]


def test_a_hold_stops_the_clock_and_its_end_restarts_it(
    review: Review, business_team_member: User
) -> None:
    actions.start_hold(
        review, by=business_team_member, start=dt.date(2026, 3, 10), reason="Criminal trial"
    )
    held = schedule_for(review, today=dt.date(2026, 3, 11)).step(Step.REPORT_AGREED)
    actions.end_hold(review, by=business_team_member, end=dt.date(2026, 3, 12))
    resumed = schedule_for(review, today=dt.date(2026, 3, 13)).step(Step.REPORT_AGREED)

    assert held.state is StepState.ON_HOLD
    assert resumed.original_due == dt.date(2026, 3, 27)
    assert resumed.due is not None
    assert resumed.due > resumed.original_due
    with pytest.raises(ActionError, match="not on hold"):
        actions.end_hold(review, by=business_team_member, end=dt.date(2026, 3, 13))


def test_many_schedules_take_the_same_number_of_queries_as_one(
    partnership: Partnership, business_team_member: User
) -> None:
    reviews = [make_review(partnership=partnership, by=business_team_member) for _ in range(2)]
    with CaptureQueriesContext(connection) as two:
        schedules_for(
            Review.objects.filter(pk__in=[r.pk for r in reviews]).select_related("partnership")
        )
    reviews += [make_review(partnership=partnership, by=business_team_member) for _ in range(10)]
    with CaptureQueriesContext(connection) as twelve:
        found = schedules_for(
            Review.objects.filter(pk__in=[r.pk for r in reviews]).select_related("partnership")
        )

    assert len(found) == 12
    assert len(twelve.captured_queries) == len(two.captured_queries)


def test_a_closure_day_never_moves_the_national_deadlines(
    review: Review, partnership: Partnership, business_team_member: User
) -> None:
    ClosureDay.objects.create(partnership=partnership, date=dt.date(2026, 3, 16), name="Away day")
    actions.start_hold(
        review, by=business_team_member, start=dt.date(2026, 3, 17), reason="Criminal trial"
    )

    schedule = schedule_for(review, today=dt.date(2026, 3, 30))

    submitted = schedule.step(Step.REPORT_SUBMITTED)
    assert (submitted.due, submitted.state) == (dt.date(2026, 3, 27), StepState.OVERDUE)
    assert all(day.date != dt.date(2026, 3, 16) for day in submitted.derivation().skipped)
    assert submitted.adjustments[0].reason == "Criminal trial"
    assert schedule.step(Step.REPORT_AGREED).state is StepState.ON_HOLD
