"""Schedules: due dates and states from the facts so far, extensions, holds, explanations."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.deadlines import NonWorkingKind, Region, WorkingCalendar
from reviews.process import LCSPR, RAPID_REVIEW, ClockOrigin, RuleSettings, Step
from reviews.schedule import (
    AdjustmentKind,
    Extension,
    Facts,
    StepState,
    compute_schedule,
)

D = dt.date.fromisoformat
ORIGIN = D("2026-03-06")  # a Friday: the domain page's example


@pytest.mark.parametrize(
    ("key", "due", "working_day"),
    [
        (Step.CONFIRM_SCOPE, D("2026-03-09"), 1),
        (Step.REQUEST_INFORMATION, D("2026-03-09"), 1),
        (Step.CONFIRM_TIMELINE, D("2026-03-09"), 1),
        (Step.INVITE_TO_MEETING, D("2026-03-09"), 1),
        (Step.INFORMATION_RETURNED, D("2026-03-13"), 5),
        (Step.COMBINED_REPORT, D("2026-03-17"), 7),
        (Step.PARTNER_DECISIONS, D("2026-03-19"), 9),
        (Step.DECISION_MEETING, D("2026-03-23"), 11),
        (Step.REPORT_AMENDED, D("2026-03-24"), 12),
        (Step.REPORT_AGREED, D("2026-03-27"), 15),
        (Step.REPORT_SUBMITTED, D("2026-03-27"), 15),
    ],
)
def test_it_schedules_the_rapid_review_from_friday_6_march_2026(
    key: Step, due: dt.date, working_day: int
) -> None:
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN).step(key)

    assert (step.due, step.original_due, step.working_day) == (due, due, working_day)
    # On the Friday itself, "due soon" reaches Tuesday 10 March: working day 1 is due soon.
    assert step.state is (StepState.DUE_SOON if working_day == 1 else StepState.NOT_YET_DUE)


def test_it_leaves_out_notify_panel_until_the_awareness_date_is_known() -> None:
    schedule = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN)

    assert Step.NOTIFY_PANEL in schedule.not_applicable
    with pytest.raises(KeyError):
        schedule.step(Step.NOTIFY_PANEL)


def test_notify_panel_is_due_5_working_days_after_the_la_became_aware() -> None:
    facts = Facts(aware=D("2026-03-02"))

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, facts=facts).step(
        Step.NOTIFY_PANEL
    )

    assert step.due == D("2026-03-09")
    assert step.derivation().origin_label == "The local authority became aware"


def test_the_panel_response_cannot_start_before_the_consideration_date_is_known() -> None:
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN).step(Step.PANEL_RESPONSE)

    assert step.state is StepState.CANNOT_START
    assert step.due is None


def test_the_panel_response_is_due_10_calendar_days_after_consideration() -> None:
    facts = Facts(panel_consideration=D("2026-04-20"))

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=D("2026-04-21"), facts=facts).step(
        Step.PANEL_RESPONSE
    )

    assert step.due == D("2026-04-30")
    assert step.working_day is None
    assert step.state is StepState.NOT_YET_DUE


def test_reconvene_applies_only_when_the_panel_disagrees() -> None:
    agreed = compute_schedule(
        RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, facts=Facts(panel_disagrees=False)
    )
    disagreed = compute_schedule(
        RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, facts=Facts(panel_disagrees=True)
    )

    assert Step.RECONVENE in agreed.not_applicable
    assert disagreed.step(Step.RECONVENE).state is StepState.CANNOT_START


def test_steps_after_the_response_open_once_it_is_done() -> None:
    facts = Facts(completed={Step.PANEL_RESPONSE: D("2026-04-28")})

    schedule = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=D("2026-04-29"), facts=facts)

    assert schedule.step(Step.OUTCOME).state is StepState.NO_DUE_DATE
    assert schedule.step(Step.SUBGROUP_INFORMED).anchor_date == D("2026-04-28")


def test_a_planned_date_gives_a_step_without_a_deadline_a_due_date() -> None:
    facts = Facts(
        completed={Step.PANEL_RESPONSE: D("2026-04-28")}, planned={Step.OUTCOME: D("2026-05-05")}
    )

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=D("2026-05-06"), facts=facts).step(
        Step.OUTCOME
    )

    assert (step.due, step.state, step.is_planned) == (D("2026-05-05"), StepState.OVERDUE, True)
    assert step.derivation().origin_label == "Planned by the partnership"


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D("2026-03-10"), StepState.NOT_YET_DUE),  # due Friday 13th; Thursday is 2 WD on
        (D("2026-03-11"), StepState.DUE_SOON),
        (D("2026-03-12"), StepState.DUE_SOON),
        (D("2026-03-13"), StepState.DUE_TODAY),
        (D("2026-03-14"), StepState.OVERDUE),
    ],
)
def test_it_says_where_an_open_step_stands_today(today: dt.date, state: StepState) -> None:
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=today).step(
        Step.INFORMATION_RETURNED
    )

    assert step.state is state


def test_due_soon_counts_working_days_over_a_weekend() -> None:
    # Friday 6th: "due soon" reaches Tuesday 10th, two working days on.
    step = compute_schedule(RAPID_REVIEW, origin=D("2026-03-05"), today=D("2026-03-06")).step(
        Step.CONFIRM_SCOPE
    )

    assert step.due == D("2026-03-06")
    assert step.state is StepState.DUE_TODAY
    later = compute_schedule(RAPID_REVIEW, origin=D("2026-03-06"), today=D("2026-03-06"))
    assert later.step(Step.INFORMATION_RETURNED).state is StepState.NOT_YET_DUE
    assert later.step(Step.CONFIRM_SCOPE).state is StepState.DUE_SOON


@pytest.mark.parametrize(
    ("done", "state"),
    [
        (D("2026-03-13"), StepState.DONE_ON_TIME),
        (D("2026-03-11"), StepState.DONE_ON_TIME),
        (D("2026-03-16"), StepState.DONE_LATE),
    ],
)
def test_it_says_whether_a_step_was_done_on_time(done: dt.date, state: StepState) -> None:
    facts = Facts(completed={Step.INFORMATION_RETURNED: done})

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=D("2026-04-01"), facts=facts).step(
        Step.INFORMATION_RETURNED
    )

    assert (step.state, step.completed) == (state, done)
    assert step.state.is_done


def test_a_step_done_without_a_due_date_is_simply_done() -> None:
    facts = Facts(
        completed={Step.REPORT_SUBMITTED: D("2026-03-27"), Step.PANEL_ACKNOWLEDGED: ORIGIN}
    )

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, facts=facts).step(
        Step.PANEL_ACKNOWLEDGED
    )

    assert step.state is StepState.DONE


def test_an_extension_moves_the_due_date_and_keeps_the_original() -> None:
    extension = Extension(
        step=Step.REPORT_SUBMITTED,
        working_days=3,
        reason="Police return delayed",
        granted_by="Priya Test",
        granted_on=D("2026-03-20"),
    )

    schedule = compute_schedule(
        RAPID_REVIEW, origin=ORIGIN, today=D("2026-03-30"), extensions=[extension]
    )
    step = schedule.step(Step.REPORT_SUBMITTED)

    assert (step.original_due, step.due) == (D("2026-03-27"), D("2026-04-01"))
    assert step.state is StepState.DUE_SOON
    assert [(a.kind, a.description, a.by) for a in step.adjustments] == [
        (AdjustmentKind.EXTENSION, "Extended by 3 working days", "Priya Test")
    ]
    assert schedule.step(Step.REPORT_AGREED).due == D("2026-03-27")  # only the named step


def test_an_extension_can_set_a_new_date() -> None:
    extension = Extension(
        step=Step.COMBINED_REPORT,
        new_date=D("2026-03-20"),
        reason="Legal advice awaited",
        granted_by="Priya Test",
        granted_on=D("2026-03-16"),
    )

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, extensions=[extension]).step(
        Step.COMBINED_REPORT
    )

    assert (step.original_due, step.due) == (D("2026-03-17"), D("2026-03-20"))
    assert step.derivation().adjustments[0].description == "Extended to 20 March 2026"


def test_an_extension_gives_either_working_days_or_a_date() -> None:
    with pytest.raises(ValueError, match="either"):
        Extension(step=Step.OUTCOME, reason="", granted_by="", granted_on=ORIGIN)


def test_the_lcspr_is_due_for_publication_six_months_after_the_decision() -> None:
    schedule = compute_schedule(LCSPR, origin=D("2025-08-31"), today=D("2025-09-01"))

    assert schedule.step(Step.PUBLISHED).due == D("2026-02-28")
    assert Step.PRE_PUBLICATION_NOTICE in schedule.not_applicable
    assert schedule.step(Step.TERMS_OF_REFERENCE).state is StepState.NO_DUE_DATE


@pytest.mark.parametrize(("days", "due"), [(7, D("2026-02-11")), (10, D("2026-02-06"))])
def test_the_pre_publication_notice_counts_back_from_the_planned_publication(
    days: int, due: dt.date
) -> None:
    settings = RuleSettings(pre_publication_notice_days=days)
    facts = Facts(planned_publication=D("2026-02-20"))

    step = compute_schedule(
        LCSPR, origin=D("2025-08-31"), today=D("2025-09-01"), facts=facts, settings=settings
    ).step(Step.PRE_PUBLICATION_NOTICE)

    assert (step.due, step.working_day) == (due, -days)
    assert step.derivation().rule == f"{days} working days before the planned publication date"


def test_lcspr_steps_are_overdue_against_their_planned_dates() -> None:
    facts = Facts(planned={Step.TERMS_OF_REFERENCE: D("2025-09-30")})

    schedule = compute_schedule(LCSPR, origin=D("2025-08-31"), today=D("2025-10-01"), facts=facts)

    assert schedule.step(Step.TERMS_OF_REFERENCE).state is StepState.OVERDUE
    assert schedule.overdue_count() == 1


def test_a_due_date_explains_itself() -> None:
    derivation = (
        compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN)
        .step(Step.REPORT_SUBMITTED)
        .derivation()
    )

    assert (derivation.origin_label, derivation.origin) == (
        "The partnership received the notification",
        ORIGIN,
    )
    assert derivation.rule == "15 working days after the partnership received the notification"
    assert [day.date.day for day in derivation.skipped] == [7, 8, 14, 15, 21, 22]
    assert {day.kind for day in derivation.skipped} == {NonWorkingKind.WEEKEND}


def test_the_explanation_follows_the_partnerships_clock_origin() -> None:
    settings = RuleSettings(clock_origin=ClockOrigin.SENT_TO_PANEL)

    derivation = (
        compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, settings=settings)
        .step(Step.REPORT_AGREED)
        .derivation()
    )

    assert derivation.origin_label == "The notification was sent to the National Panel"


def test_it_uses_the_calendar_of_the_settings_region() -> None:
    settings = RuleSettings(region=Region.SCOTLAND)

    step = compute_schedule(
        RAPID_REVIEW, origin=D("2025-12-31"), today=D("2025-12-31"), settings=settings
    ).step(Step.CONFIRM_SCOPE)

    assert step.due == D("2026-01-05")
    assert "2nd January" in [day.name for day in step.derivation().skipped]


def test_it_uses_the_calendar_it_is_given() -> None:
    calendar = WorkingCalendar(Region.NORTHERN_IRELAND)

    step = compute_schedule(
        RAPID_REVIEW, origin=D("2026-03-16"), today=D("2026-03-16"), calendar=calendar
    ).step(Step.CONFIRM_SCOPE)

    assert step.due == D("2026-03-18")


def test_the_next_deadline_is_the_open_step_due_soonest() -> None:
    facts = Facts(
        completed={key: D("2026-03-09") for key in (Step.CONFIRM_SCOPE, Step.CONFIRM_TIMELINE)}
    )

    schedule = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=D("2026-03-12"), facts=facts)
    next_deadline = schedule.next_deadline()

    assert next_deadline is not None
    assert next_deadline.key == Step.REQUEST_INFORMATION
    assert next_deadline.state is StepState.OVERDUE
    assert schedule.overdue_count() == 2


def test_there_is_no_next_deadline_when_every_dated_step_is_done() -> None:
    done: dict[str, dt.date] = {step.key: ORIGIN for step in RAPID_REVIEW.steps}

    schedule = compute_schedule(
        RAPID_REVIEW, origin=ORIGIN, today=D("2026-06-01"), facts=Facts(completed=done)
    )

    assert schedule.next_deadline() is None
    assert schedule.overdue_count() == 0


def test_steps_carry_their_definition() -> None:
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN).step(Step.DECISION_MEETING)

    assert step.title == "Hold the decision meeting"
    assert "legal representative" in step.responsible
    assert step.rule == "11 working days after the partnership received the notification"
