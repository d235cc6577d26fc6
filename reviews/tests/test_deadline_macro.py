"""The due date macro: the date in full, and how it was worked out in a details component."""

from __future__ import annotations

import datetime as dt

from django.template import engines

from reviews.process import LCSPR, RAPID_REVIEW, Step
from reviews.schedule import Extension, Facts, Hold, ScheduledStep, compute_schedule

D = dt.date.fromisoformat
ORIGIN = D("2026-03-06")


def render(step: ScheduledStep) -> str:
    template = engines["jinja2"].from_string(
        '{% from "reviews/macros/deadline.html" import due_date %}{{ due_date(step) }}'
    )
    return template.render({"step": step})


def test_it_shows_the_due_date_in_full_and_how_it_was_worked_out() -> None:
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN).step(Step.REPORT_SUBMITTED)

    html = render(step)

    assert '<time datetime="2026-03-27">Friday 27 March 2026</time>' in html
    assert '<details class="govuk-details' in html
    assert "How this date was worked out" in html
    assert "The partnership received the notification: Friday 6 March 2026" in html
    assert "15 working days after the partnership received the notification" in html
    assert "Saturday 7 March 2026: Weekend" in html
    assert "Sunday 22 March 2026: Weekend" in html


def test_it_names_the_bank_holidays_it_skipped() -> None:
    step = compute_schedule(RAPID_REVIEW, origin=D("2026-12-23"), today=ORIGIN).step(
        Step.COMBINED_REPORT
    )

    html = render(step)

    assert "Wednesday 6 January 2027" in html
    assert "Friday 25 December 2026: Bank holiday: Christmas Day" in html
    assert "Friday 1 January 2027: Bank holiday: New Year\u2019s Day" in html


def test_it_shows_an_extension_with_the_first_due_date() -> None:
    extension = Extension(
        step=Step.REPORT_SUBMITTED,
        working_days=2,
        reason="Police return delayed",
        granted_by="Priya Test",
        granted_on=D("2026-03-20"),
    )
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN, extensions=[extension]).step(
        Step.REPORT_SUBMITTED
    )

    html = render(step)

    assert "Tuesday 31 March 2026" in html
    assert "(first due Friday 27 March 2026)" in html
    assert "Extended by 2 working days. Reason: Police return delayed" in html
    assert "(Priya Test, Friday 20 March 2026)" in html


def test_it_lists_no_skipped_days_for_a_calendar_month_rule() -> None:
    step = compute_schedule(LCSPR, origin=D("2025-08-31"), today=ORIGIN).step(Step.PUBLISHED)

    html = render(step)

    assert "Saturday 28 February 2026" in html
    assert "6 calendar months after the decision to start the review" in html
    assert "Days not counted" not in html


def test_it_says_when_a_step_cannot_have_a_date_yet() -> None:
    step = compute_schedule(RAPID_REVIEW, origin=ORIGIN, today=ORIGIN).step(Step.PANEL_RESPONSE)

    html = render(step)

    assert "No due date yet" in html
    assert "10 calendar days after the National Panel considered the rapid review" in html
    assert "<details" not in html


def test_it_says_when_a_step_is_on_hold() -> None:
    hold = Hold(start=D("2025-10-01"), end=None, reason="Inquest")
    step = compute_schedule(LCSPR, origin=D("2025-08-31"), today=ORIGIN, holds=[hold]).step(
        Step.PUBLISHED
    )

    assert "On hold" in render(step)


def test_it_explains_a_planned_date() -> None:
    facts = Facts(planned={Step.TERMS_OF_REFERENCE: D("2025-09-30")})
    step = compute_schedule(LCSPR, origin=D("2025-08-31"), today=ORIGIN, facts=facts).step(
        Step.TERMS_OF_REFERENCE
    )

    html = render(step)

    assert "Tuesday 30 September 2025" in html
    assert "Planned by the partnership: Tuesday 30 September 2025" in html
