"""The partnership's learning for a period: recommendations and actions by status, actions by
organisation (completed, completed by the due date, overdue), how learning was shared, and the
most frequent themes over the years.

How it counts (also written on the page, in Section.notes):

- A recommendation belongs to the period in which it was recorded; its status is read from its
  actions as they stand today (withdrawn actions aside): no actions yet, some still open (not
  started or in progress), all done with some awaiting the business team's confirmation, or all
  done and confirmed.
- An action belongs to the period in which it is due. Its status is as it stands today.
- "As at" is the period's end, or today if that is earlier. An action is completed by then if it
  is recorded as completed (confirmed or awaiting confirmation) on or before that day; completed
  by its due date if the day it was completed is on or before the day it was due.
- An action is overdue if it was due before that day and was neither completed by then nor
  withdrawn (an action awaiting confirmation is done as far as its owner is concerned, so it is
  not overdue, as in the impact update). Overdue actions due before the period are counted on a
  row of their own.
- Dissemination belongs to the period in which the learning was shared; reach is the sum of the
  practitioners each record says it reached.
- Themes over time are the themes across reviews (reviews.themes_report.count_themes_by_year):
  each review counted once for a theme in the calendar year of its origin, for the reviews
  started by the period's end; the five most frequent themes over the last five years shown.

A fixed number of queries however many reviews, the counting done by the database where it is a
plain count. Reads only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import Partnership
from reviews.dates_in_words import short_date
from reviews.models import (
    ActionStatus,
    Dissemination,
    Learning,
    PlanAction,
    Recommendation,
    Review,
    Theme,
)
from reviews.reads.statistics.tables import Chart, ChartKind, Figure, Period, Section, Table
from reviews.themes_report import count_themes_by_year

DONE = (ActionStatus.AWAITING_CONFIRMATION, ActionStatus.CONFIRMED)
STILL_OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
# The order statuses are listed in: as the action tracker lists them.
STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_CONFIRMATION,
    ActionStatus.CONFIRMED,
    ActionStatus.WITHDRAWN,
)
THEMES_SHOWN = 5
YEARS_SHOWN = 5

NOTES = (
    "Recommendations count in the period in which they were recorded, actions in the period in "
    "which they are due; their status is as it stands today.",
    "Completed and overdue are as at the period's end (or today, if that is earlier). An action "
    "is overdue if it was due before then and was neither completed nor withdrawn; one "
    "completed and awaiting the business team's confirmation is not overdue.",
    "Dissemination counts in the period in which the learning was shared.",
    "Themes over time count each review once for a theme in the calendar year its clock "
    "started. The full table, every theme and year, is the “themes across reviews” page.",
)


def _number(count: int, ids: set[int] | frozenset[int]) -> Figure:
    """A count of things other than reviews (recommendations, actions), with their reviews."""
    return Figure(count, str(count), frozenset(ids))


@dataclass(frozen=True)
class Action:
    review_id: int
    organisation: str
    due_on: dt.date
    status: str
    completed_on: dt.date | None

    def completed_by(self, day: dt.date) -> bool:
        return self.status in DONE and self.completed_on is not None and self.completed_on <= day

    @property
    def on_time(self) -> bool:
        return self.completed_on is not None and self.completed_on <= self.due_on

    def overdue_at(self, day: dt.date) -> bool:
        return (
            self.status != ActionStatus.WITHDRAWN
            and self.due_on < day
            and not self.completed_by(day)
        )


def _actions(reviews: QuerySet[Review], period: Period, as_at: dt.date) -> list[Action]:
    """The actions due in the period, and those due before it still overdue at ``as_at``."""
    earlier_overdue = (
        Q(due_on__lt=period.start)
        & ~Q(status=ActionStatus.WITHDRAWN)
        & ~Q(status__in=DONE, completed_on__lte=as_at)
    )
    rows = (
        PlanAction.objects.filter(review__in=reviews)
        .filter(Q(due_on__gte=period.start, due_on__lte=period.end) | earlier_overdue)
        .order_by()
        .values_list("review_id", "organisation__name", "due_on", "status", "completed_on")
    )
    return [Action(*row) for row in rows]


def recommendations_table(reviews: QuerySet[Review], period: Period) -> Table:
    found = (
        Recommendation.objects.filter(
            review__in=reviews,
            recorded_at__date__gte=period.start,
            recorded_at__date__lte=period.end,
        )
        .order_by()
        .annotate(
            open=Count("actions", filter=Q(actions__status__in=STILL_OPEN)),
            awaiting=Count("actions", filter=Q(actions__status=ActionStatus.AWAITING_CONFIRMATION)),
            confirmed=Count("actions", filter=Q(actions__status=ActionStatus.CONFIRMED)),
        )
        .values_list("review_id", "open", "awaiting", "confirmed")
    )
    labels = (
        "No actions yet",
        "Actions still open",
        "All actions done, some awaiting confirmation",
        "All actions done and confirmed",
    )
    groups: dict[str, list[int]] = {label: [] for label in labels}
    for review_id, still_open, awaiting, confirmed in found:
        if still_open:
            label = labels[1]
        elif awaiting:
            label = labels[2]
        else:
            label = labels[3] if confirmed else labels[0]
        groups[label].append(review_id)
    rows = [(Figure.label(label), _number(len(ids), set(ids))) for label, ids in groups.items()]
    every = [review_id for ids in groups.values() for review_id in ids]
    rows.append((Figure.label("Total"), _number(len(every), set(every))))
    return Table(
        key="learning-recommendations",
        caption="Recommendations made in the period, by the state of their actions",
        headings=("Status", "Recommendations"),
        rows=tuple(rows),
        summary=(
            f"{len(every)} recommendations made in the period; "
            f"{len(groups[labels[3]])} with every action done and confirmed."
        ),
    )


def actions_table(actions: list[Action], period: Period, as_at: dt.date) -> Table:
    due = [action for action in actions if action.due_on in period]
    rows = []
    for status in STATUSES:
        of_status = [action for action in due if action.status == status]
        rows.append(
            (
                Figure.label(status.label),
                _number(len(of_status), {action.review_id for action in of_status}),
            )
        )
    rows.append((Figure.label("Total"), _number(len(due), {action.review_id for action in due})))
    overdue = [action for action in due if action.overdue_at(as_at)]
    earlier = [
        action for action in actions if action.due_on < period.start and action.overdue_at(as_at)
    ]
    rows += [
        (
            Figure.label(f"Overdue on {short_date(as_at)}"),
            _number(len(overdue), {action.review_id for action in overdue}),
        ),
        (
            Figure.label(f"Due before the period and still overdue on {short_date(as_at)}"),
            _number(len(earlier), {action.review_id for action in earlier}),
        ),
    ]
    return Table(
        key="learning-actions",
        caption="Actions due in the period, by status",
        headings=("Status", "Actions"),
        rows=tuple(rows),
        summary=(
            f"{len(due)} actions due in the period; {len(overdue)} overdue on "
            f"{short_date(as_at)}, and {len(earlier)} due earlier still overdue."
        ),
    )


def _organisation_row(label: str, actions: list[Action], as_at: dt.date) -> tuple[Figure, ...]:
    counted = [action for action in actions if action.status != ActionStatus.WITHDRAWN]
    completed = [action for action in counted if action.completed_by(as_at)]
    on_time = [action for action in completed if action.on_time]
    overdue = [action for action in counted if action.overdue_at(as_at)]
    return (
        Figure.label(label),
        *(
            _number(len(group), {action.review_id for action in group})
            for group in (counted, completed, on_time, overdue)
        ),
    )


def organisations_table(actions: list[Action], period: Period, as_at: dt.date) -> Table:
    due = [action for action in actions if action.due_on in period]
    by_organisation: dict[str, list[Action]] = defaultdict(list)
    for action in due:
        by_organisation[action.organisation].append(action)
    rows = [
        _organisation_row(name, by_organisation[name], as_at)
        for name in sorted(by_organisation, key=str.casefold)
    ]
    rows.append(_organisation_row("All organisations", due, as_at))
    total = rows[-1]
    return Table(
        key="learning-actions-organisations",
        caption="Actions due in the period, by organisation",
        headings=(
            "Organisation",
            "Actions",
            "Completed",
            "Completed by the due date",
            f"Overdue on {short_date(as_at)}",
        ),
        rows=tuple(rows),
        summary=(
            f"Of {total[1].text} actions due in the period (withdrawn ones aside), "
            f"{total[2].text} were completed by {short_date(as_at)}, {total[3].text} of them "
            f"by the due date; {total[4].text} overdue."
        ),
    )


def dissemination_table(reviews: QuerySet[Review], period: Period) -> Table:
    grouped = (
        Dissemination.objects.filter(
            review__in=reviews, shared_on__gte=period.start, shared_on__lte=period.end
        )
        .order_by()
        .values_list("method", "review_id")
        .annotate(records=Count("pk"), reached=Sum("practitioners_reached"))
    )
    records: dict[str, int] = defaultdict(int)
    reached: dict[str, int] = defaultdict(int)
    ids: dict[str, set[int]] = defaultdict(set)
    for method, review_id, count, reach in grouped:
        records[method] += count
        reached[method] += reach or 0
        ids[method].add(review_id)
    rows = [
        (
            Figure.label(method.label),
            _number(records[method], ids[method]),
            _number(reached[method], ids[method]),
        )
        for method in Dissemination.Method
        if records[method]
    ]
    every = {review_id for found in ids.values() for review_id in found}
    total_records, total_reached = sum(records.values()), sum(reached.values())
    rows.append(
        (
            Figure.label("All ways"),
            _number(total_records, every),
            _number(total_reached, every),
        )
    )
    return Table(
        key="learning-dissemination",
        caption="How learning was shared in the period",
        headings=("How it was shared", "Records", "Practitioners reached"),
        rows=tuple(rows),
        summary=(
            f"Learning was shared {total_records} times in the period, reaching "
            f"{total_reached} practitioners."
        ),
    )


def _theme_reviews(
    reviews: QuerySet[Review], theme_ids: list[int]
) -> dict[tuple[int, int], set[int]]:
    """The reviews behind each theme and year: tagged in their learning or recommendations."""
    behind: dict[tuple[int, int], set[int]] = defaultdict(set)
    for through, review in (
        (Learning.themes.through, "learning__review"),
        (Recommendation.themes.through, "recommendation__review"),
    ):
        for theme_id, review_id, origin in (
            through.objects.filter(theme_id__in=theme_ids, **{f"{review}__in": reviews})
            .order_by()
            .values_list("theme_id", f"{review}_id", f"{review}__origin")
            .distinct()
        ):
            behind[theme_id, origin.year].add(review_id)
    return behind


def themes_table(partnership: Partnership, period: Period) -> Table:
    reviews = Review.objects.filter(partnership=partnership, origin__lte=period.end)
    counted = count_themes_by_year(reviews, Theme.objects.filter(partnership=partnership))
    years = counted.years[-YEARS_SHOWN:]
    shown = len(years)
    totals = [(sum(c.total for c in row.counts[-shown:]), row) for row in counted.rows if shown]
    top = [row for total, row in sorted(totals, key=lambda t: (-t[0], t[1].theme)) if total]
    top = top[:THEMES_SHOWN]
    behind = _theme_reviews(reviews, [row.theme_id for row in top])
    rows = tuple(
        (
            Figure.label(str(year)),
            *(
                Figure(
                    row.counts[-shown + index].total,
                    str(row.counts[-shown + index].total),
                    frozenset(behind[row.theme_id, year]),
                )
                for row in top
            ),
        )
        for index, year in enumerate(years)
    )
    return Table(
        key="learning-themes",
        caption="The most frequent themes, by the year reviews started",
        headings=("Year", *(row.theme for row in top)),
        rows=rows if top else (),
        summary=(
            f"The most frequent theme from {years[0]} to {years[-1]} was {top[0].theme}."
            if top
            else "No themes have been recorded on reviews started by the end of the period."
        ),
        chart=Chart(ChartKind.LINE, tuple(range(1, len(top) + 1)), "reviews") if top else None,
    )


def section(partnership: Partnership, period: Period, *, today: dt.date) -> Section:
    """The learning section: its tables for the period, as things stand on ``today``."""
    as_at = min(period.end, today)
    reviews = Review.objects.filter(partnership=partnership)
    actions = _actions(reviews, period, as_at)
    return Section(
        key="learning",
        title="Learning, recommendations and actions",
        tables=(
            recommendations_table(reviews, period),
            actions_table(actions, period, as_at),
            organisations_table(actions, period, as_at),
            dissemination_table(reviews, period),
            themes_table(partnership, period),
        ),
        notes=NOTES,
    )
