"""Reads for the serious incident notification: when the National Panel had to be notified,
whether it was notified late, and a child's age on a day.

The duty to notify the National Panel is Children Act 2004 s16C; Working Together 2023
(chapter 5) says the local authority should do so within 5 working days of becoming aware:
guidance, not law (domain.md).
"""

from __future__ import annotations

import datetime as dt

from reviews.deadlines import WorkingCalendar
from reviews.models import Harm, Notification

# Working Together 2023: notify the National Panel within 5 working days of becoming aware.
NOTIFY_WITHIN_WORKING_DAYS = 5


def panel_deadline(calendar: WorkingCalendar, la_aware_on: dt.date) -> dt.date:
    """Return the last day the local authority may notify the National Panel on time."""
    return calendar.add_working_days(la_aware_on, NOTIFY_WITHIN_WORKING_DAYS)


def notified_late(calendar: WorkingCalendar, la_aware_on: dt.date, notified: dt.date) -> bool:
    """Say whether the National Panel (or, by the same rule, the partnership) was told after 5
    working days of awareness. Pass the national calendar: closure days do not count."""
    return notified > panel_deadline(calendar, la_aware_on)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Return the age in whole years on a day (a 29 February birthday counts on 1 March)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def looked_after_child_died(notification: Notification) -> bool:
    """Say whether the notification records a looked-after child's death: then Ofsted and the
    Secretary of State are notified too (step notify-ofsted-and-secretary-of-state; the clock
    reads the same in reviews.clock._facts)."""
    return (
        notification.harm == Harm.DIED
        and notification.review.children.filter(looked_after=True).exists()
    )
