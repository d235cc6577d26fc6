"""Holds and closure days on a schedule: local deadlines stop and skip closures; national
expectations (the Panel's notification, working day 15, publication) never move."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.deadlines import NonWorkingDay, NonWorkingKind, Region, WorkingCalendar
from reviews.process import LCSPR, RAPID_REVIEW, Step
from reviews.schedule import AdjustmentKind, Facts, Hold, StepState, compute_schedule

D = dt.date.fromisoformat
ORIGIN = D("2026-03-06")  # a Friday: the domain page's example


def test_a_closed_hold_stops_the_local_clock_for_its_working_days() -> None:
    hold = Hold(start=D("2026-03-16"), end=D("2026-03-20"), reason="Family bereavement")

    schedule = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, holds=[hold])

    agreed = schedule.step(Step.REPORT_AGREED)
    assert agreed.original_due == D("2026-03-27")
    # Five working days later, over Good Friday and Easter Monday.
    assert agreed.due == D("2026-04-07")
    assert schedule.step(Step.INFORMATION_RETURNED).due == D("2026-03-13")  # due before the hold
    adjustment = agreed.adjustments[0]
    assert adjustment.kind is AdjustmentKind.HOLD
    assert adjustment.description == "On hold 16 March 2026 to 20 March 2026: 5 working days"


def test_a_hold_never_moves_working_day_15_for_the_panel() -> None:
    hold = Hold(start=D("2026-03-16"), end=D("2026-03-20"), reason="Family bereavement")

    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, holds=[hold]).step(
        Step.REPORT_SUBMITTED
    )

    assert step.due == step.original_due == D("2026-03-27")
    (adjustment,) = step.adjustments
    assert (adjustment.kind, adjustment.reason) == (AdjustmentKind.HOLD, "Family bereavement")
    assert adjustment.description == (
        "On hold 16 March 2026 to 20 March 2026: a national expectation, so the date does not move"
    )
    assert adjustment.due_before == adjustment.due_after == D("2026-03-27")


@pytest.mark.parametrize(
    ("hold", "sent", "state"),
    [
        # A hold spanning working day 15, the report sent after it: late, not on time.
        (Hold(D("2026-03-20"), D("2026-04-10"), "Inquest"), D("2026-04-13"), StepState.DONE_LATE),
        # Sent on working day 15 itself, while on hold: on time.
        (Hold(D("2026-03-20"), None, "Inquest"), D("2026-03-27"), StepState.DONE_ON_TIME),
        # Still on hold and not sent after working day 15: overdue, not "on hold".
        (Hold(D("2026-03-20"), None, "Inquest"), None, StepState.OVERDUE),
    ],
)
def test_the_panel_deadline_is_late_whatever_the_hold(
    hold: Hold, sent: dt.date | None, state: StepState
) -> None:
    completed: dict[str, dt.date] = {Step.REPORT_SUBMITTED: sent} if sent else {}

    step = compute_schedule(
        RAPID_REVIEW,
        origin=ORIGIN,
        today=D("2026-04-20"),
        facts=Facts(completed=completed),
        holds=[hold],
    ).step(Step.REPORT_SUBMITTED)

    assert (step.state, step.due) == (state, D("2026-03-27"))
    assert step.adjustments[0].reason == "Inquest"


def test_a_hold_never_moves_the_lcspr_publication() -> None:
    hold = Hold(start=D("2025-10-01"), end=D("2025-10-14"), reason="Criminal trial")

    step = compute_schedule(
        LCSPR,
        origin=D("2025-08-31"),
        today=D("2026-03-20"),
        facts=Facts(completed={Step.PUBLISHED: D("2026-03-10")}),
        holds=[hold],
    ).step(Step.PUBLISHED)

    assert (step.original_due, step.due, step.state) == (
        D("2026-02-28"),
        D("2026-02-28"),
        StepState.DONE_LATE,
    )
    assert step.adjustments[0].reason == "Criminal trial"


def test_an_open_hold_puts_a_local_step_on_hold_without_a_due_date() -> None:
    hold = Hold(start=D("2026-03-16"), end=None, reason="Inquest")

    schedule = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=D("2026-04-20"), holds=[hold])

    agreed = schedule.step(Step.REPORT_AGREED)
    assert (agreed.state, agreed.due, agreed.original_due) == (
        StepState.ON_HOLD,
        None,
        D("2026-03-27"),
    )
    assert schedule.step(Step.REPORT_SUBMITTED).state is StepState.OVERDUE


def test_an_open_hold_does_not_stop_the_publication_deadline() -> None:
    hold = Hold(start=D("2025-10-01"), end=None, reason="Inquest")

    step = compute_schedule(
        LCSPR, origin=D("2025-08-31"), today=D("2026-03-20"), holds=[hold]
    ).step(Step.PUBLISHED)

    assert (step.state, step.due) == (StepState.OVERDUE, D("2026-02-28"))


def test_a_hold_does_not_move_dates_counted_from_the_planned_publication() -> None:
    facts = Facts(planned_publication=D("2026-02-20"))
    hold = Hold(start=D("2025-10-01"), end=D("2025-10-14"), reason="Criminal trial")

    step = compute_schedule(
        LCSPR, origin=D("2025-08-31"), today=D("2025-10-20"), facts=facts, holds=[hold]
    ).step(Step.PRE_PUBLICATION_NOTICE)

    assert step.due == step.original_due == D("2026-02-11")


def test_a_hold_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end before"):
        Hold(start=D("2026-03-16"), end=D("2026-03-13"), reason="Typo")


def _closing_over_christmas() -> WorkingCalendar:
    closures = [
        NonWorkingDay(D(day), "Office closed", NonWorkingKind.CLOSURE)
        for day in ("2026-12-24", "2026-12-29", "2026-12-30", "2026-12-31")
    ]
    return WorkingCalendar.build(Region.ENGLAND_AND_WALES, closures)


@pytest.mark.parametrize(
    ("key", "due", "national"),
    [
        # Local steps skip the partnership's closure days...
        (Step.CONFIRM_SCOPE, D("2027-01-04"), False),
        (Step.REPORT_AGREED, D("2027-01-22"), False),
        # ...national expectations skip bank holidays only.
        (Step.REPORT_SUBMITTED, D("2027-01-18"), True),
        (Step.NOTIFY_PANEL, D("2026-12-30"), True),
    ],
)
def test_closure_days_move_local_deadlines_only(key: Step, due: dt.date, national: bool) -> None:
    own = _closing_over_christmas()

    step = compute_schedule(
        RAPID_REVIEW,
        origin=D("2026-12-23"),
        today=D("2026-12-23"),
        facts=Facts(aware=D("2026-12-21")),
        calendar=own,
        national_calendar=WorkingCalendar(Region.ENGLAND_AND_WALES),
    ).step(key)

    assert step.due == due
    closures = [day for day in step.derivation().skipped if day.kind is NonWorkingKind.CLOSURE]
    assert bool(closures) is not national
