"""Non-working days the `holidays` package cannot know in advance.

Proclaimed one-off bank holidays (for example 19 September 2022) and a partnership's own closure
days are added by administrators; `reviews.deadlines` receives them as plain data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
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
    return working_calendars_for_many([partnership])[partnership.pk]


def working_calendars_for_many(
    partnerships: Iterable[Partnership],
) -> dict[int, tuple[WorkingCalendar, WorkingCalendar]]:
    """Build the own and national calendars of many partnerships from one query, by id.

    The days off are read on every call, in one small query (they are few), so a day an
    administrator adds or removes moves deadlines on the next request in every process, with
    nothing to invalidate. What is costly, the table of working days built from them, is
    cached by content in `reviews.deadlines`: equal calendars share one table (ADR 0020).
    """
    by_id = {partnership.pk: partnership for partnership in partnerships}
    if not by_id:
        return {}
    regions = {partnership.calendar_region for partnership in by_id.values()}
    one_offs: dict[str, list[NonWorkingDay]] = defaultdict(list)
    closures: dict[int, list[NonWorkingDay]] = defaultdict(list)
    for region, partnership_id, date, name in _days_off(regions, list(by_id)):
        if partnership_id is None:
            one_offs[region].append(NonWorkingDay(date, name, NonWorkingKind.BANK_HOLIDAY))
        else:
            closures[partnership_id].append(NonWorkingDay(date, name, NonWorkingKind.CLOSURE))
    calendars = {}
    for pk, partnership in by_id.items():
        region = Region(partnership.calendar_region)
        national = one_offs[partnership.calendar_region]
        calendars[pk] = (
            WorkingCalendar.build(region, [*national, *closures[pk]]),
            WorkingCalendar.build(region, national),
        )
    return calendars


def _days_off(
    regions: set[str], partnership_ids: list[int]
) -> Iterable[tuple[str, int | None, dt.date, str]]:
    """The regions' one-off bank holidays (no partnership) and the partnerships' closure days
    (no region), as (region, partnership id, date, name) rows of one query."""
    one_offs = (
        OneOffBankHoliday.objects.filter(region__in=regions)
        .annotate(owner=models.Value(None, output_field=models.IntegerField()))
        .order_by()
        .values_list("region", "owner", "date", "name")
    )
    closures = (
        ClosureDay.objects.filter(partnership_id__in=partnership_ids)
        .annotate(area=models.Value("", output_field=models.CharField()))
        .order_by()
        .values_list("area", "partnership_id", "date", "name")
    )
    return one_offs.union(closures, all=True)
