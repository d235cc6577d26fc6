"""The partnership's LCSPRs for a period: commissioned, published (within six months of the
decision or after), in progress by stage, and the delays recorded with their reasons.

How it counts (also written on the page, in Section.notes):

- An LCSPR is commissioned in the period in which its origin falls (the decision to start it,
  working day 0 of its clock).
- It is published in the period in which its published step was done, read from the review's
  schedule (reviews.clock.schedules_for), as its own pages show it.
- Published within six months: done on or before the six-month date the schedule gives the
  published step before any extension or hold (the national deadline, as the publication delays
  page measures it). An extension moves the date the step is due, never the six months.
- In progress: started on or before the period's end (or today, if earlier), and neither
  published nor closed by then. Its stage is the stage of the next step after the furthest
  step done by that day (no step done: planning).
- Delays: every LCSPR past its six-month date and unpublished on some day of the period, and
  every LCSPR whose publication was put back (an extension of the published step) in the
  period. Days past six months are calendar days from the six-month date to publication, or to
  the period's end (or today) if it was not published by then. The reasons are the publication's
  reason for the delay, the extensions' and the holds' reasons, each once.

A fixed number of queries however many LCSPRs: the LCSPRs, their schedules, their publications,
extensions and holds. Reads only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Partnership
from reviews.clock import schedules_for
from reviews.dates_in_words import short_date
from reviews.models import Extension, Hold, Publication, Review, ReviewKind
from reviews.process import Step
from reviews.reads.statistics.tables import Chart, ChartKind, Figure, Period, Section, Table
from reviews.schedule import Schedule

# The stages of an LCSPR, in order, each the steps it holds (the topics of its pages).
STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "Planning",
        frozenset(
            {
                Step.PANEL_VIEW_CONFIRMED,
                Step.RAPID_REVIEW_CIRCULATED,
                Step.TERMS_OF_REFERENCE,
                Step.AUTHOR_COMMISSIONED,
                Step.INTRODUCTION_MEETING,
            }
        ),
    ),
    (
        "Learning events and the family",
        frozenset(
            {
                Step.ITINERARY_CONFIRMED,
                Step.PARTICIPANTS_BRIEFED,
                Step.LEARNING_EVENTS,
                Step.FAMILY_ENGAGEMENT,
            }
        ),
    ),
    (
        "Drafting and sign-off",
        frozenset(
            {Step.DRAFT_REPORT, Step.DRAFT_PRESENTED, Step.FINAL_DRAFT_AGREED, Step.SIGNED_OFF}
        ),
    ),
    (
        "Publication",
        frozenset({Step.MEDIA_STRATEGY, Step.PRE_PUBLICATION_NOTICE, Step.PUBLISHED}),
    ),
)
STAGE_OF = {key: stage for stage, keys in STAGES for key in keys}

NOTES = (
    "An LCSPR is commissioned in the period in which the decision to start it falls.",
    "It is published in the period in which its publication was recorded. Within six months "
    "means on or before the six-month date after the decision; an extension does not move the "
    "six months.",
    "In progress means started and not yet published at the period's end (or today, if that is "
    "earlier). Its stage is the stage of the next step after the furthest step done by then.",
    "Delays list every LCSPR past its six-month date and unpublished on some day of the period, "
    "and every LCSPR whose publication was put back in the period, with the reasons recorded.",
)


@dataclass(frozen=True)
class Lcspr:
    """One LCSPR as the statistics see it, from its schedule."""

    review: Review
    published: dt.date | None  # the day its published step was done
    six_months: dt.date | None  # the national deadline, before any extension or hold
    stage: str | None  # as at the period's end, if it was in progress then

    @property
    def within_six_months(self) -> bool:
        return (
            self.published is not None
            and self.six_months is not None
            and self.published <= self.six_months
        )


def _stage(schedule: Schedule, as_at: dt.date) -> str:
    """The stage of the next step after the furthest step done by ``as_at``."""
    steps = schedule.steps
    done = [
        index
        for index, step in enumerate(steps)
        if step.completed is not None and step.completed <= as_at
    ]
    following = max(done) + 1 if done else 0
    key = steps[min(following, len(steps) - 1)].key
    return STAGE_OF.get(key, STAGES[0][0])


def _selection(partnership: Partnership, period: Period) -> QuerySet[Review]:
    """Every LCSPR that can count in the period: those started by its end."""
    return Review.objects.filter(
        partnership=partnership, kind=ReviewKind.LCSPR, origin__lte=period.end
    )


def _lcsprs(partnership: Partnership, period: Period, *, today: dt.date) -> list[Lcspr]:
    as_at = min(period.end, today)
    reviews = (
        _selection(partnership, period)
        .select_related("partnership")
        .order_by("origin", "case_code")
    )
    schedules = schedules_for(reviews, today=today)
    found = []
    for review in reviews:
        schedule = schedules[review.pk]
        step = schedule.step(Step.PUBLISHED)
        closed = review.closed_at is not None and timezone.localdate(review.closed_at) <= as_at
        running = (
            review.origin <= as_at
            and not closed
            and (step.completed is None or step.completed > as_at)
        )
        found.append(
            Lcspr(
                review=review,
                published=step.completed,
                six_months=step.original_due or step.due,
                stage=_stage(schedule, as_at) if running else None,
            )
        )
    return found


def _ids(lcsprs: list[Lcspr]) -> frozenset[int]:
    return frozenset(each.review.pk for each in lcsprs)


def summary_table(lcsprs: list[Lcspr], period: Period, as_at: dt.date) -> Table:
    published = [each for each in lcsprs if each.published in period]
    rows = (
        ("Commissioned in the period", [each for each in lcsprs if each.review.origin in period]),
        ("Published in the period", published),
        (
            "Published within six months of the decision",
            [each for each in published if each.within_six_months],
        ),
        (
            "Published after six months",
            [each for each in published if not each.within_six_months],
        ),
        (f"In progress on {short_date(as_at)}", [each for each in lcsprs if each.stage]),
    )
    counts = [len(found) for _, found in rows]
    return Table(
        key="lcsprs-summary",
        caption="LCSPRs commissioned, published and in progress",
        headings=("", "LCSPRs"),
        rows=tuple((Figure.label(label), Figure.count(_ids(found))) for label, found in rows),
        summary=(
            f"{counts[0]} commissioned and {counts[1]} published in the period, "
            f"{counts[2]} of them within six months of the decision; "
            f"{counts[4]} in progress on {short_date(as_at)}."
        ),
    )


def stages_table(lcsprs: list[Lcspr], as_at: dt.date) -> Table:
    rows = tuple(
        (Figure.label(stage), Figure.count(_ids([each for each in lcsprs if each.stage == stage])))
        for stage, _ in STAGES
    )
    busiest = max(rows, key=lambda row: row[1].value or 0)
    total = sum(row[1].value or 0 for row in rows)
    return Table(
        key="lcsprs-stages",
        caption=f"LCSPRs in progress on {short_date(as_at)}, by stage",
        headings=("Stage", "LCSPRs in progress"),
        rows=rows,
        summary=(
            f"{total} in progress on {short_date(as_at)}"
            + (f"; the most at {busiest[0].text.lower()} ({busiest[1].text})." if total else ".")
        ),
        chart=Chart(ChartKind.BAR, (1,), "LCSPRs"),
    )


@dataclass(frozen=True)
class Records:
    """The delay records of the LCSPRs: publications, extensions of publication, holds."""

    publications: dict[int, Publication]
    extensions: dict[int, list[Extension]]
    holds: dict[int, list[Hold]]


def _records(ids: QuerySet[Review, int]) -> Records:
    extensions: dict[int, list[Extension]] = defaultdict(list)
    for extension in Extension.objects.filter(review_id__in=ids, step=Step.PUBLISHED):
        extensions[extension.review_id].append(extension)
    holds: dict[int, list[Hold]] = defaultdict(list)
    for hold in Hold.objects.filter(review_id__in=ids):
        holds[hold.review_id].append(hold)
    publications = {each.review_id: each for each in Publication.objects.filter(review_id__in=ids)}
    return Records(publications, extensions, holds)


def _reasons(review_id: int, records: Records) -> str:
    publication = records.publications.get(review_id)
    reasons = [publication.delay_reason] if publication and publication.delay_reason else []
    reasons += [extension.reason for extension in records.extensions[review_id]]
    reasons += [f"On hold: {hold.reason}" for hold in records.holds[review_id]]
    return "; ".join(dict.fromkeys(reason.strip() for reason in reasons if reason.strip()))


def _days_late(each: Lcspr, period: Period, as_at: dt.date) -> int | None:
    """Calendar days past the six-month date, if it was past it and unpublished on some day of
    the period; else None."""
    if each.six_months is None or each.review.origin > as_at:
        return None
    until = each.published if each.published is not None and each.published <= as_at else as_at
    if until <= each.six_months or until < period.start:
        return None
    return (until - each.six_months).days


def _delay_row(each: Lcspr, days: int | None, records: Records) -> tuple[Figure, ...]:
    ids = frozenset({each.review.pk})
    publication = records.publications.get(each.review.pk)
    told = publication.delay_told_on if publication else None
    six_months = each.six_months
    return (
        Figure(None, each.review.case_code, ids),
        Figure(None, short_date(six_months) if six_months else "None", ids),
        Figure(None, short_date(each.published) if each.published else "Not yet", ids),
        Figure(days or 0, str(days) if days else "Not yet past", ids),
        Figure(None, _reasons(each.review.pk, records) or "None recorded", ids),
        Figure(None, short_date(told) if told else "Not recorded", ids),
    )


def delays_table(
    lcsprs: list[Lcspr], selection: QuerySet[Review, int], period: Period, as_at: dt.date
) -> Table:
    records = _records(selection)
    rows = []
    for each in lcsprs:
        days = _days_late(each, period, as_at)
        put_back = any(
            timezone.localdate(extension.granted_at) in period
            for extension in records.extensions[each.review.pk]
        )
        if days is not None or (put_back and each.review.origin <= as_at):
            rows.append((each.six_months or each.review.origin, each, days))
    rows.sort(key=lambda row: (row[0], row[1].review.case_code))
    late = sum(1 for _, _, days in rows if days)
    return Table(
        key="lcsprs-delays",
        caption="Delays to publication and their reasons",
        headings=(
            "LCSPR",
            "Six months after the decision",
            "Published",
            "Days past six months",
            "Reasons recorded",
            "Panel and Secretary of State told",
        ),
        rows=tuple(_delay_row(each, days, records) for _, each, days in rows),
        summary=(
            f"{late} LCSPR{'' if late == 1 else 's'} past six months without publication "
            f"in the period; {len(rows)} with a delay in all."
            if rows
            else "No LCSPR was delayed past six months in the period."
        ),
    )


def section(partnership: Partnership, period: Period, *, today: dt.date) -> Section:
    """The LCSPRs section: its tables for the period, as things stand on ``today``."""
    as_at = min(period.end, today)
    lcsprs = _lcsprs(partnership, period, today=today)
    return Section(
        key="lcsprs",
        title="Local child safeguarding practice reviews",
        tables=(
            summary_table(lcsprs, period, as_at),
            stages_table(lcsprs, as_at),
            delays_table(
                lcsprs, _selection(partnership, period).values_list("pk", flat=True), period, as_at
            ),
        ),
        notes=NOTES,
    )
