"""Agencies' returns for a period: per organisation, the requests for information it received,
how many it returned by their due date or late (and by how many working days), and how often
it answered "no involvement".

Counting rules:
- A request belongs to the period in which its rapid review's working day 0 (the review's
  origin) falls.
- A request is returned on the day its answer (a return or "no involvement") was submitted, and
  late when that day is after the request's due date, the date its own page shows.
- Working days late: from the due date to the day it was returned, in the calendar of the
  review's "return the requested information" step (the partnership's own working days).
- The "no involvement" rate is the share of the organisation's answers that said so.
- A fixed number of queries however many requests. Reads only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Partnership
from reviews.models import InformationRequest, RequestStatus
from reviews.process import Step
from reviews.reads.statistics.rapid_selection import (
    RapidSelection,
    median_and_longest,
    percent,
    select,
)
from reviews.reads.statistics.tables import Chart, ChartKind, Figure, Period, Section, Table

NOTES = (
    "A request for information is counted in the period in which its rapid review's working "
    "day 0 falls.",
    "A request is late when it was answered after the due date its own page shows; working "
    "days late are counted in the partnership's working days.",
    "The “no involvement” rate is the share of an organisation's answers that said it had no "
    "involvement with the child or family.",
)
ANSWERED = frozenset({RequestStatus.RETURNED, RequestStatus.NO_INVOLVEMENT})


@dataclass
class Returns:
    """One organisation's requests, by review id."""

    name: str
    received: set[int] = field(default_factory=set)
    on_time: set[int] = field(default_factory=set)
    late: dict[int, int] = field(default_factory=dict)  # review id: working days late
    no_involvement: set[int] = field(default_factory=set)

    @property
    def answered(self) -> frozenset[int]:
        return frozenset(self.on_time | set(self.late))

    def row(self) -> tuple[Figure, ...]:
        median, _ = median_and_longest(self.late)
        no_involvement = frozenset(self.no_involvement)
        return (
            Figure.label(self.name),
            Figure.count(self.received),
            Figure.count(self.on_time),
            Figure.count(set(self.late)),
            median,
            Figure.count(no_involvement),
            percent(no_involvement, self.answered),
            Figure.count(self.received - self.answered),
        )


def section(partnership: Partnership, period: Period, *, today: dt.date) -> Section:
    return Section(
        key="agencies",
        title="Agencies' returns",
        tables=(returns_table(select(partnership, period, today=today)),),
        notes=NOTES,
    )


def returns_by_organisation(selection: RapidSelection) -> list[Returns]:
    """Each organisation's requests of the period's rapid reviews, in the order of its name."""
    by_organisation: dict[int, Returns] = {}
    for review_id, organisation_id, name, status, due_on, submitted_at in (
        InformationRequest.objects.filter(review__in=selection.reviews.values("pk"))
        .order_by()
        .values_list(
            "review_id", "organisation_id", "organisation__name", "status", "due_on", "submitted_at"
        )
    ):
        returns = by_organisation.setdefault(organisation_id, Returns(name))
        returns.received.add(review_id)
        if status not in ANSWERED or submitted_at is None:
            continue
        if status == RequestStatus.NO_INVOLVEMENT:
            returns.no_involvement.add(review_id)
        returned_on = timezone.localdate(submitted_at)
        step = selection.step(review_id, Step.INFORMATION_RETURNED)
        if returned_on <= due_on or step is None:
            returns.on_time.add(review_id)
        else:
            returns.late[review_id] = step.calendar.working_days_between(due_on, returned_on)
    return sorted(by_organisation.values(), key=lambda each: (each.name.lower(), each.name))


def returns_table(selection: RapidSelection) -> Table:
    """``agencies-returns``: a row per organisation; columns: requests received, returned by the
    due date, returned late, median working days late, "no involvement" answers, "no
    involvement" rate, not yet returned."""
    rows = [returns.row() for returns in returns_by_organisation(selection)]
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals["received"] += len(row[1].reviews)
        totals["late"] += len(row[3].reviews)
    return Table(
        key="agencies-returns",
        caption="Agencies' returns",
        headings=(
            "Organisation",
            "Requests received",
            "Returned by the due date",
            "Returned late",
            "Median working days late",
            "“No involvement” answers",
            "“No involvement” rate",
            "Not yet returned",
        ),
        rows=tuple(rows),
        summary=(
            f"{len(rows)} organisation{'' if len(rows) == 1 else 's'} received "
            f"{totals['received']} request{'' if totals['received'] == 1 else 's'} for "
            f"information; {totals['late']} {'was' if totals['late'] == 1 else 'were'} "
            "returned late."
        ),
        chart=Chart(ChartKind.BAR, series=(2, 3), unit="requests"),
    )
