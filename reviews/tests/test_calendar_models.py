"""One-off bank holidays and closure days from the database, fed to the pure calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Partnership
from reviews.deadlines import NonWorkingKind, Region
from reviews.models import ClosureDay, OneOffBankHoliday
from reviews.models.calendar import working_calendar_for, working_calendar_for_region

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db


def test_a_partnership_calendar_skips_its_closure_days(partnership: Partnership) -> None:
    ClosureDay.objects.create(partnership=partnership, date=D("2026-03-09"), name="Office move")

    calendar = working_calendar_for(partnership)

    assert calendar.add_working_days(D("2026-03-06"), 1) == D("2026-03-10")
    reason = calendar.non_working_reason(D("2026-03-09"))
    assert reason is not None
    assert (reason.kind, reason.reason) == (
        NonWorkingKind.CLOSURE,
        "Partnership closure: Office move",
    )


def test_another_partnerships_closure_days_do_not_count(
    partnership: Partnership, other_partnership: Partnership
) -> None:
    ClosureDay.objects.create(
        partnership=other_partnership, date=D("2026-03-09"), name="Their office move"
    )

    assert working_calendar_for(partnership).add_working_days(D("2026-03-06"), 1) == D("2026-03-09")


def test_a_one_off_bank_holiday_counts_in_its_region_only(partnership: Partnership) -> None:
    OneOffBankHoliday.objects.create(
        region=Region.ENGLAND_AND_WALES, date=D("2026-06-22"), name="Proclaimed holiday"
    )

    england = working_calendar_for(partnership)
    scotland = working_calendar_for_region(Region.SCOTLAND)

    assert england.add_working_days(D("2026-06-19"), 1) == D("2026-06-23")
    assert scotland.add_working_days(D("2026-06-19"), 1) == D("2026-06-22")
    reason = england.non_working_reason(D("2026-06-22"))
    assert reason is not None
    assert reason.reason == "Bank holiday: Proclaimed holiday"


def test_a_partnership_follows_its_own_region(partnership: Partnership) -> None:
    partnership.calendar_region = Region.SCOTLAND
    partnership.save()

    calendar = working_calendar_for(partnership)

    assert calendar.region is Region.SCOTLAND
    assert calendar.add_working_days(D("2025-12-31"), 1) == D("2026-01-05")


def test_two_loads_of_the_same_days_give_equal_calendars(partnership: Partnership) -> None:
    ClosureDay.objects.create(partnership=partnership, date=D("2026-03-09"), name="Office move")

    assert working_calendar_for(partnership) == working_calendar_for(partnership)
