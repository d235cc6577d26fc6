"""The LCSPR's own plan (issue 14): planned dates on the plan page and from the itinerary, each
planned step's tag and overdue state, and a family-contact deferral as a hold on the family
steps; the schedule, the clock, the action and the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.events.itinerary import REQUIRED_EVENTS, confirm_itinerary
from reviews.actions.lcspr.planning.plan import set_planned_dates
from reviews.actions.lcspr.publication.family import defer_family_contact
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import StepRecord
from reviews.process import LCSPR, Step
from reviews.reads.lcspr.plan import plan_version
from reviews.schedule import Facts, Hold, StepState, compute_schedule
from reviews.tests import lcspr_events_setup as setup
from reviews.tests.lcspr_events_setup import APRIL_FIRST, TODAY, Case, drafted, review_url

ORIGIN = dt.date(2026, 3, 6)  # the decision to start the LCSPR, a Friday
FAMILY = Step.FAMILY_ENGAGEMENT


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    return setup.case(
        partnership,
        business_team_member,
        police,
        school,
        partner_lead,
        agency_contributor,
        independent_author,
    )


# The schedule: a planned date is a due date like any other -----------------------------------


@pytest.mark.parametrize(
    ("planned", "done", "state"),
    [
        (None, None, StepState.NO_DUE_DATE),
        (dt.date(2026, 3, 31), None, StepState.OVERDUE),
        (APRIL_FIRST, None, StepState.DUE_TODAY),
        (dt.date(2026, 4, 2), None, StepState.DUE_SOON),
        (dt.date(2026, 5, 1), None, StepState.NOT_YET_DUE),
        (dt.date(2026, 3, 31), dt.date(2026, 3, 30), StepState.DONE_ON_TIME),
        (dt.date(2026, 3, 31), APRIL_FIRST, StepState.DONE_LATE),
        (None, dt.date(2026, 3, 30), StepState.DONE),
    ],
)
def test_a_planned_step_shows_its_state_against_the_planned_date(
    planned: dt.date | None, done: dt.date | None, state: StepState
) -> None:
    facts = Facts(
        planned={Step.DRAFT_REPORT: planned} if planned else {},
        completed={Step.DRAFT_REPORT: done} if done else {},
    )

    step = compute_schedule(LCSPR, origin=ORIGIN, today=APRIL_FIRST, facts=facts).step(
        Step.DRAFT_REPORT
    )

    assert step.state is state
    assert step.due == planned
    assert step.is_planned is (planned is not None)


DEFERRED = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("end", "done", "state", "due"),
    [
        # Deferred and not resumed: the family step has no due date while on hold.
        (None, None, StepState.ON_HOLD, None),
        # Done before the deferral: untouched.
        (None, dt.date(2026, 3, 18), StepState.DONE_ON_TIME, dt.date(2026, 3, 25)),
        # Held Friday 20 to Thursday 26 March, 5 working days: the planned date moves by them.
        (dt.date(2026, 3, 26), None, StepState.DUE_TODAY, APRIL_FIRST),
    ],
)
def test_a_deferral_holds_the_family_steps_only(
    end: dt.date | None, done: dt.date | None, state: StepState, due: dt.date | None
) -> None:
    planned: dict[str, dt.date] = {
        FAMILY: dt.date(2026, 3, 25),
        Step.DRAFT_REPORT: dt.date(2026, 3, 25),
    }
    facts = Facts(planned=planned, completed={FAMILY: done} if done else {})
    hold = Hold(start=DEFERRED, end=end, reason="Criminal proceedings", steps=frozenset({FAMILY}))

    schedule = compute_schedule(LCSPR, origin=ORIGIN, today=APRIL_FIRST, facts=facts, holds=[hold])

    family = schedule.step(FAMILY)
    assert (family.state, family.due) == (state, due)
    assert [each.reason for each in family.adjustments] == (
        [] if done else ["Criminal proceedings"]
    )
    # Every other step runs on: the draft report is overdue against its planned date.
    assert schedule.step(Step.DRAFT_REPORT).state is StepState.OVERDUE


def test_the_clock_reads_the_plan_and_the_family_deferral(case: Case) -> None:
    review = case.review
    set_planned_dates(
        review,
        by=case.team,
        expected_version=0,
        planned={Step.DRAFT_REPORT: dt.date(2026, 3, 31), FAMILY: dt.date(2026, 4, 20)},
    )
    assert schedule_for(review).step(FAMILY).state is StepState.NOT_YET_DUE

    defer_family_contact(
        review,
        by=case.team,
        since=dt.date(2026, 3, 30),
        until=dt.date(2026, 6, 1),
        reason="The trial is due in May.",
    )

    schedule = schedule_for(review)
    assert schedule.step(Step.DRAFT_REPORT).state is StepState.OVERDUE
    family = schedule.step(FAMILY)
    assert family.state is StepState.ON_HOLD
    [adjustment] = family.adjustments
    assert adjustment.reason == (
        "Contact with the family is deferred: The trial is due in May. Contact is expected to "
        "be possible from 1 June 2026."
    )


# The action -------------------------------------------------------------------------------


def test_planned_dates_are_saved_with_who_set_them_and_an_event(case: Case) -> None:
    changed = set_planned_dates(
        case.review,
        by=case.team,
        expected_version=0,
        planned={Step.TERMS_OF_REFERENCE: dt.date(2026, 4, 10), Step.DRAFT_REPORT: None},
    )

    assert changed == {Step.TERMS_OF_REFERENCE: dt.date(2026, 4, 10)}
    record = StepRecord.objects.get(review=case.review, key=Step.TERMS_OF_REFERENCE)
    assert (record.planned_on, record.planned_by) == (dt.date(2026, 4, 10), case.team)
    event = case.review.events.get(type=EventType.PLAN_CHANGED)
    assert event.detail["steps"] == "Agree the terms of reference: Friday 10 April 2026"
    assert event.detail["source"] == "on the plan page"
    assert plan_version(case.review) == 1


@pytest.mark.parametrize(
    ("key", "day", "field", "message"),
    [
        (Step.DRAFT_REPORT, dt.date(2026, 3, 5), "draft_report", "before the review started"),
        (Step.DRAFT_REPORT, dt.date(2028, 4, 1), "draft_report", "within two years"),
        (Step.PUBLISHED, dt.date(2026, 5, 1), None, "is not a step the LCSPR plans"),
    ],
)
def test_a_bad_planned_date_is_refused_naming_its_field(
    case: Case, key: Step, day: dt.date, field: str | None, message: str
) -> None:
    with pytest.raises(ActionError, match=message) as refused:
        set_planned_dates(case.review, by=case.team, expected_version=0, planned={key: day})

    assert refused.value.field == field
    assert not StepRecord.objects.filter(review=case.review).exists()


def test_a_plan_changed_since_the_form_was_read_is_an_edit_clash(case: Case) -> None:
    planned: dict[str, dt.date | None] = {Step.DRAFT_REPORT: dt.date(2026, 5, 1)}
    set_planned_dates(case.review, by=case.team, expected_version=0, planned=planned)

    with pytest.raises(EditConflict) as clash:
        set_planned_dates(
            case.review,
            by=case.team,
            expected_version=0,
            planned={Step.DRAFT_REPORT: dt.date(2026, 6, 1)},
        )

    assert clash.value.theirs == {"draft_report": dt.date(2026, 5, 1)}
    assert case.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1
    assert StepRecord.objects.get(review=case.review, key=Step.DRAFT_REPORT).planned_on == (
        dt.date(2026, 5, 1)
    )


# The itinerary's agreed dates -------------------------------------------------------------


def test_confirming_the_itinerary_plans_the_steps_it_dates_unless_set_by_hand(
    case: Case,
) -> None:
    items = drafted(case)
    by_hand = dt.date(2026, 6, 1)
    set_planned_dates(case.review, by=case.team, expected_version=0, planned={FAMILY: by_hand})

    confirm_itinerary(case.review, by=case.team, confirmed_on=APRIL_FIRST)

    planned = dict(StepRecord.objects.filter(review=case.review).values_list("key", "planned_on"))
    last_event = max(items[kind].planned_on for kind in REQUIRED_EVENTS)
    assert planned[Step.LEARNING_EVENTS] == last_event
    assert planned[FAMILY] == by_hand  # set by hand: left alone
    fed = case.review.events.filter(type=EventType.PLAN_CHANGED).order_by("pk").last()
    assert fed is not None
    assert fed.detail["source"] == "from the itinerary's agreed dates"


# The page ---------------------------------------------------------------------------------


def plan_form(page: Any) -> Any:
    [form] = [form for form in page.forms.values() if "version" in form.fields]
    return form


def test_the_plan_is_set_on_its_page_and_a_day_off_is_flagged(web_as: WebAs, case: Case) -> None:
    form = plan_form(web_as(case.team).get(review_url("plan", case)))
    # Good Friday 2026: a bank holiday.
    form["draft_report-day"], form["draft_report-month"], form["draft_report-year"] = (
        "3",
        "4",
        "2026",
    )

    saved = form.submit().follow()

    assert "1 planned date changed" in saved.text
    [warning] = saved.html.select("[data-testid=day-off-draft-report]")
    assert "Friday 3 April 2026, not a working day (Bank holiday: Good Friday)" in warning.text
    row = saved.html.select_one("[data-testid=step-draft-report]")
    assert row is not None
    assert "Due soon" in row.text


def test_a_bad_date_on_the_page_is_shown_on_its_field(web_as: WebAs, case: Case) -> None:
    form = plan_form(web_as(case.team).get(review_url("plan", case)))
    form["draft_report-day"], form["draft_report-month"], form["draft_report-year"] = (
        "1",
        "1",
        "2026",
    )

    refused = form.submit(status=400)

    assert 'href="#id_draft_report"' in refused.text
    assert "cannot be planned before the review started" in refused.text


def test_the_plan_page_makes_the_same_queries_however_many_dates_are_planned(
    case: Case, web_as: WebAs, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    app = web_as(case.team)
    app.get(review_url("plan", case))
    with django_assert_max_num_queries(40) as few:
        app.get(review_url("plan", case))
    set_planned_dates(
        case.review,
        by=case.team,
        expected_version=0,
        planned={step: dt.date(2026, 5, 4) for step in (Step.DRAFT_REPORT, FAMILY)},
    )

    with django_assert_max_num_queries(len(few.captured_queries)):
        app.get(review_url("plan", case))


def test_the_task_list_links_the_plan_for_whoever_runs_the_review_only(
    web_as: WebAs, case: Case
) -> None:
    detail = f"/reviews/{case.review.pk}/"
    page = web_as(case.team).get(detail)
    plan = page.click(description="Plan the dates of the steps without a statutory deadline")
    assert plan.request.path == review_url("plan", case)
    for person in (case.panel_member, case.author):
        links = web_as(person).get(detail).html.select('[data-testid="lcspr-plan-links"] a')
        assert "Plan the dates" not in " ".join(link.text for link in links)
