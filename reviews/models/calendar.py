"""Non-working days the `holidays` package cannot know in advance.

Proclaimed one-off bank holidays (for example 19 September 2022) and a partnership's own closure
days are added by administrators; `reviews.deadlines` receives them as plain data.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from accounts.models import Partnership
from reviews.deadlines import NonWorkingDay, NonWorkingKind, Region, WorkingCalendar


class OneOffBankHoliday(models.Model):
    """A bank holiday proclaimed for one region that the holidays package does not list."""

    region = models.CharField(
        max_length=20, choices=[(region.value, region.label) for region in Region]
    )
    date = models.DateField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering: ClassVar = ["date"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "date"], name="one_bank_holiday_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %B %Y})"


class ClosureDay(models.Model):
    """A day the partnership is closed and does not count as a working day."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="closure_days"
    )
    date = models.DateField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering: ClassVar = ["date"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["partnership", "date"], name="one_closure_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %B %Y})"


def one_off_bank_holidays(region: Region) -> list[NonWorkingDay]:
    """Return the one-off bank holidays administrators added for a region."""
    return [
        NonWorkingDay(date, name, NonWorkingKind.BANK_HOLIDAY)
        for date, name in OneOffBankHoliday.objects.filter(region=region).values_list(
            "date", "name"
        )
    ]


def working_calendar_for_region(region: Region) -> WorkingCalendar:
    """Build a region's calendar: the `holidays` package's bank holidays and the one-offs."""
    return WorkingCalendar.build(region, one_off_bank_holidays(region))


def working_calendar_for(partnership: Partnership) -> WorkingCalendar:
    """Build a partnership's calendar: its region's bank holidays, one-offs and closure days."""
    return working_calendars_for(partnership)[0]


def working_calendars_for(partnership: Partnership) -> tuple[WorkingCalendar, WorkingCalendar]:
    """Build a partnership's own calendar and its national one (the same without its closure
    days: national expectations skip bank holidays only)."""
    region = Region(partnership.calendar_region)
    one_offs = one_off_bank_holidays(region)
    closures = [
        NonWorkingDay(date, name, NonWorkingKind.CLOSURE)
        for date, name in ClosureDay.objects.filter(partnership=partnership).values_list(
            "date", "name"
        )
    ]
    return (
        WorkingCalendar.build(region, [*one_offs, *closures]),
        WorkingCalendar.build(region, one_offs),
    )
