"""Dates and moments written as people read them, the one place each format is written.

GOV.UK style: "Friday 27 March 2026", "Friday 27 March 2026 at 2:05pm" (UK time) on pages and in
emails; "27 March 2026" in documents and short labels. Pure: no ORM.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

NOON = 12


def long_date(day: dt.date) -> str:
    """ "Friday 27 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """ "27 March 2026"."""
    return f"{day.day} {day:%B %Y}"


def clock_time(moment: dt.datetime) -> str:
    """The time of day in UK time: "2:05pm"."""
    local = timezone.localtime(moment)
    return f"{local.hour % 12 or 12}:{local:%M}{'am' if local.hour < NOON else 'pm'}"


def long_moment(moment: dt.datetime) -> str:
    """ "Friday 27 March 2026 at 2:05pm", in UK time."""
    return f"{long_date(timezone.localtime(moment).date())} at {clock_time(moment)}"
