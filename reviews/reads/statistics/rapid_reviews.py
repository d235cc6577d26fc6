"""Rapid reviews for a period: sent to the National Panel by working day 15 or late, by quarter,
their outcomes, the Panel's responses and the time to each milestone.

Counting rules:
- A rapid review belongs to the period in which its working day 0 (its origin) falls.
- Sent on time or late is the state of its "send the report to the National Panel" step in the
  review's own schedule (reviews.clock), as of ``today``: working day 15 is a national
  deadline, so a hold never moves it (a review on hold past it is late, the hold its reason).
- Working days late: from the step's due date to the day it was done, in the step's calendar.
- Milestones: working days from working day 0 to the day each step was done, in that step's
  calendar, for the reviews that have done it.
- A fixed number of queries however many reviews. Reads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Partnership
from reviews.deadlines import add_months
from reviews.models import Outcome, OutcomeKind, PanelResponse
from reviews.process import RAPID_REVIEW, Step
from reviews.reads.statistics.rapid_selection import (
    RapidSelection,
    median_and_longest,
    percent,
    select,
    working_days_late,
)
from reviews.reads.statistics.tables import Chart, ChartKind, Figure, Period, Section, Table
from reviews.schedule import StepState

NOTES = (
    "A rapid review is counted in the period in which its working day 0 falls.",
    "Sent on time or late is the state of the review's “Send the report to the National Panel” "
    "step, as its own page shows it. Working day 15 is a national deadline: a hold never moves "
    "it, so a review on hold past it is late, with the hold as its reason.",
    "Working days late are counted from the due date to the day the report was sent; time to "
    "each milestone from working day 0 to the day the step was done.",
    "Reviews not yet sent are counted as things stand today.",
)
SENT = Step.REPORT_SUBMITTED
NOT_YET_DUE = frozenset({StepState.NOT_YET_DUE, StepState.DUE_SOON, StepState.DUE_TODAY})
# The milestones: every step counted from working day 0 (the notification is counted from
# the local authority's awareness, in the notifications section).
NOT_MILESTONES = frozenset({Step.NOTIFY_PANEL})


@dataclass(frozen=True)
class Timeliness:
    """Where each rapid review of the period stands against working day 15."""

    every: frozenset[int]
    on_time: frozenset[int]
    late: dict[int, int]  # review id: working days late
    overdue: frozenset[int]
    not_yet_due: frozenset[int]
    on_hold: frozenset[int]

    @classmethod
    def of(cls, selection: RapidSelection) -> Timeliness:
        on_time: set[int] = set()
        late: dict[int, int] = {}
        overdue: set[int] = set()
        not_yet_due: set[int] = set()
        on_hold: set[int] = set()
        for review_id, schedule in selection.schedules.items():
            step = selection.step(review_id, SENT)
            if step is None:
                continue
            if step.state is StepState.DONE_ON_TIME:
                on_time.add(review_id)
            elif step.state is StepState.DONE_LATE:
                late[review_id] = working_days_late(step)
            elif step.state is StepState.OVERDUE:
                overdue.add(review_id)
            elif step.state in NOT_YET_DUE:
                not_yet_due.add(review_id)
            if step.completed is None and any(
                each.state is StepState.ON_HOLD for each in schedule.steps
            ):
                on_hold.add(review_id)
        return cls(
            selection.ids,
            frozenset(on_time),
            late,
            frozenset(overdue),
            frozenset(not_yet_due),
            frozenset(on_hold),
        )


def section(partnership: Partnership, period: Period, *, today: dt.date) -> Section:
    selection = select(partnership, period, today=today)
    timeliness = Timeliness.of(selection)
    return Section(
        key="rapid-reviews",
        title="Rapid reviews",
        tables=(
            timeliness_table(timeliness, period),
            quarters_table(selection, timeliness, period),
            outcomes_table(selection),
            panel_table(selection),
            milestones_table(selection),
        ),
        notes=NOTES,
    )


def timeliness_table(timeliness: Timeliness, period: Period) -> Table:
    """``rapid-reviews-timeliness``: rows of measures; columns: number, % of rapid reviews."""
    every, late = timeliness.every, frozenset(timeliness.late)
    median, longest = median_and_longest(timeliness.late)
    blank = Figure(None, "")
    counted = [
        ("Rapid reviews", every),
        ("Sent to the National Panel by working day 15", timeliness.on_time),
        ("Sent late", late),
        ("Not yet sent: overdue", timeliness.overdue),
        ("Not yet sent: not yet due", timeliness.not_yet_due),
        (
            "Not yet sent: on hold (counted above, since a hold does not move working day 15)",
            timeliness.on_hold,
        ),
    ]
    rows = [(Figure.label(label), Figure.count(ids), percent(ids, every)) for label, ids in counted]
    rows.append((Figure.label("Working days late: median"), median, blank))
    rows.append((Figure.label("Working days late: longest"), longest, blank))
    return Table(
        key="rapid-reviews-timeliness",
        caption="Rapid reviews sent to the National Panel by working day 15",
        headings=("Rapid reviews", "Number", "Percentage of rapid reviews"),
        rows=tuple(rows),
        summary=(
            f"{len(every)} rapid review{'' if len(every) == 1 else 's'} in {period.label}: "
            f"{len(timeliness.on_time)} sent to the National Panel by working day 15, "
            f"{len(late)} sent late and {len(timeliness.overdue)} overdue and not yet sent."
        ),
    )


def quarters(period: Period) -> list[Period]:
    """The period in quarters of three months from its first day; the last may be shorter."""
    spans: list[Period] = []
    start = period.start
    while start <= period.end:
        following = add_months(start, 3)
        end = min(following - dt.timedelta(days=1), period.end)
        spans.append(Period(start, end))
        start = end + dt.timedelta(days=1)
    return spans


def quarter_label(quarter: Period) -> str:
    """Whole months read as "April to June 2025", other spans by their dates."""
    whole = quarter.start.day == 1 and (quarter.end + dt.timedelta(days=1)).day == 1
    if not whole:
        return quarter.label
    if quarter.start.year == quarter.end.year:
        return f"{quarter.start:%B} to {quarter.end:%B %Y}"
    return f"{quarter.start:%B %Y} to {quarter.end:%B %Y}"


def quarters_table(selection: RapidSelection, timeliness: Timeliness, period: Period) -> Table:
    """``rapid-reviews-by-quarter``: a row per quarter; columns: rapid reviews, sent by working
    day 15, sent late."""
    origins = {review_id: schedule.origin for review_id, schedule in selection.schedules.items()}
    rows = []
    for number, quarter in enumerate(quarters(period), start=1):
        ids = frozenset(pk for pk, origin in origins.items() if origin in quarter)
        rows.append(
            (
                Figure.label(f"Quarter {number}: {quarter_label(quarter)}"),
                Figure.count(ids),
                Figure.count(ids & timeliness.on_time),
                Figure.count(ids & frozenset(timeliness.late)),
            )
        )
    return Table(
        key="rapid-reviews-by-quarter",
        caption="Rapid reviews by quarter",
        headings=("Quarter", "Rapid reviews", "Sent by working day 15", "Sent late"),
        rows=tuple(rows),
        summary="Rapid reviews by the quarter of their working day 0, and how many of them were "
        "sent to the National Panel by working day 15 or late.",
        chart=Chart(ChartKind.BAR, series=(2, 3), unit="rapid reviews"),
    )


def outcomes_table(selection: RapidSelection) -> Table:
    """``rapid-reviews-outcomes``: a row per outcome (LCSPR, national review, no review, not yet
    decided); one column: rapid reviews."""
    kinds = dict(
        Outcome.objects.filter(review__in=selection.reviews.values("pk")).values_list(
            "review_id", "kind"
        )
    )
    rows = [
        (label, frozenset(pk for pk, kind in kinds.items() if kind == outcome))
        for outcome, label in (
            (OutcomeKind.LCSPR, "Local child safeguarding practice review"),
            (OutcomeKind.NATIONAL, "National review"),
            (OutcomeKind.NO_REVIEW, "No further review"),
        )
    ]
    rows.append(("Not yet decided", selection.ids - frozenset(kinds)))
    return Table(
        key="rapid-reviews-outcomes",
        caption="Outcomes of the rapid reviews",
        headings=("Outcome", "Rapid reviews"),
        rows=tuple((Figure.label(label), Figure.count(ids)) for label, ids in rows),
        summary="What each rapid review of the period led to: "
        + ", ".join(f"{label.lower()} {len(ids)}" for label, ids in rows)
        + ".",
        chart=Chart(ChartKind.BAR, series=(1,), unit="rapid reviews"),
    )


def panel_table(selection: RapidSelection) -> Table:
    """``rapid-reviews-panel``: rows: responses, agreed, did not agree, agreement rate, more
    information asked for; one column: number (the rate as a percentage)."""
    answers = list(
        PanelResponse.objects.filter(review__in=selection.reviews.values("pk")).values_list(
            "review_id", "agrees_with_conclusions", "more_information_needed"
        )
    )
    responses = frozenset(pk for pk, _, _ in answers)
    agreed = frozenset(pk for pk, agrees, _ in answers if agrees)
    more = frozenset(pk for pk, _, needed in answers if needed)
    rate = percent(agreed, responses)
    rate = Figure(rate.value, rate.text, responses)  # the rate stands on every response
    return Table(
        key="rapid-reviews-panel",
        caption="The National Panel's responses",
        headings=("The National Panel's responses", "Number"),
        rows=(
            (Figure.label("Responses from the National Panel"), Figure.count(responses)),
            (Figure.label("Agreed with our conclusions"), Figure.count(agreed)),
            (Figure.label("Did not agree with our conclusions"), Figure.count(responses - agreed)),
            (Figure.label("Agreement rate"), rate),
            (Figure.label("Asked for more information"), Figure.count(more)),
        ),
        summary=(
            f"The National Panel responded on {len(responses)} rapid review"
            f"{'' if len(responses) == 1 else 's'} and agreed with the partners' conclusions "
            f"on {len(agreed)}."
        ),
    )


def milestones_table(selection: RapidSelection) -> Table:
    """``rapid-reviews-milestones``: a row per step of the rapid review process; columns:
    reviews that reached it, median and longest working days from working day 0."""
    reached: dict[str, dict[int, int]] = {}
    titles = {definition.key: definition.title for definition in RAPID_REVIEW.steps}
    for review_id, schedule in selection.schedules.items():
        for step in schedule.steps:
            if step.completed is not None:
                days = step.calendar.working_days_between(schedule.origin, step.completed)
                reached.setdefault(step.key, {})[review_id] = days
    rows = []
    for key, title in titles.items():
        if key in NOT_MILESTONES:
            continue
        measured = reached.get(key, {})
        median, longest = median_and_longest(measured)
        rows.append((Figure.label(title), Figure.count(frozenset(measured)), median, longest))
    return Table(
        key="rapid-reviews-milestones",
        caption="Time to each milestone",
        headings=(
            "Step",
            "Rapid reviews that reached it",
            "Median working days from working day 0",
            "Longest working days from working day 0",
        ),
        rows=tuple(rows),
        summary="For each step of the rapid review, how many of the period's reviews have done "
        "it, and the median and longest number of working days from working day 0 to doing it.",
    )
