"""Notifications for a period: how many, how many met the criteria, how many reached the
National Panel within 5 working days of the local authority becoming aware.

Counting rules:
- A notification belongs to the period in which its rapid review's working day 0 (the review's
  origin) falls.
- On time or late is the state of the "notify the National Panel" step in the review's own
  schedule (reviews.clock): the 5 working days are a national expectation, counted over bank
  holidays only, and never moved by a hold.
- A fixed number of queries however many notifications. Reads only.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership
from reviews.models import Notification
from reviews.process import Step
from reviews.reads.statistics.rapid_selection import percent, select
from reviews.reads.statistics.tables import Figure, Period, Section, Table
from reviews.schedule import StepState

NOTES = (
    "A notification is counted in the period in which its rapid review's working day 0 falls.",
    "On time or late is the state of the review's “Notify the National Panel” step, as its own "
    "page shows it: within 5 working days of the local authority becoming aware, counted over "
    "bank holidays only. A hold never moves this national expectation.",
)


def section(partnership: Partnership, period: Period, *, today: dt.date) -> Section:
    return Section(
        key="notifications",
        title="Notifications",
        tables=(summary_table(partnership, period, today=today),),
        notes=NOTES,
    )


def summary_table(partnership: Partnership, period: Period, *, today: dt.date) -> Table:
    """``notifications-summary``: one row per measure; columns: number, % of notifications."""
    selection = select(partnership, period, today=today)
    notifications = list(
        Notification.objects.filter(review__in=selection.reviews.values("pk")).only(
            "review_id", "criterion", "abuse_or_neglect"
        )
    )
    every = frozenset(each.review_id for each in notifications)
    met = frozenset(each.review_id for each in notifications if each.meets_criteria)
    states = {}
    for review_id in every:
        step = selection.step(review_id, Step.NOTIFY_PANEL)
        states[review_id] = step.state if step is not None else None
    on_time = frozenset(pk for pk, state in states.items() if state is StepState.DONE_ON_TIME)
    late = frozenset(pk for pk, state in states.items() if state is StepState.DONE_LATE)
    rows = [
        ("Notifications", every),
        ("Criteria for a notification met", met),
        ("Notified to the National Panel within 5 working days of awareness", on_time),
        ("Notified to the National Panel late", late),
    ]
    return Table(
        key="notifications-summary",
        caption="Notifications",
        headings=("Notifications", "Number", "Percentage of notifications"),
        rows=tuple(
            (Figure.label(label), Figure.count(ids), percent(ids, every)) for label, ids in rows
        ),
        summary=(
            f"{len(every)} notification{'' if len(every) == 1 else 's'} in {period.label}: "
            f"{len(on_time)} reached the National Panel within 5 working days of awareness "
            f"and {len(late)} late."
        ),
    )
