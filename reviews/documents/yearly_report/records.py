"""What the yearly report section reads beyond the statistics: the learning identified, the
improvements made (actions completed) and the themes of the period's reviews.

Which records belong to the period:

- learning identified: learning recorded on a day in the period (whichever review it came from);
- improvements made: actions marked done on a day in the period (``completed_on``), confirmed by
  the business team or awaiting confirmation (said so beside each); withdrawn actions never;
- themes: counted as the themes across reviews page counts them (reviews.themes_report), over
  the reviews whose origin (working day 0) falls in the period, as every section counts them.

Reviews are named by their case code alone. Free text written about a review (a learning
summary, an action, its evidence of completion) has the review's pseudonym replaced by its case
code, and is shortened; named leads and people are never read. Reads only: a fixed number of
queries, whatever the number of reviews.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from accounts.models import Partnership
from reviews.documents import clean, written_date
from reviews.documents.learning.content import shorten
from reviews.models import ActionStatus, Learning, PlanAction, Review, Theme
from reviews.reads.statistics import Period
from reviews.themes_report import count_themes_by_year

TEXT_LIMIT = 300  # characters of any free text the report repeats
DONE = (ActionStatus.AWAITING_CONFIRMATION, ActionStatus.CONFIRMED)


@dataclass(frozen=True)
class LearningLine:
    """A piece of learning identified in the period."""

    case_code: str
    summary: str
    themes: str  # "Neglect, Safe sleep", or "" when none
    scope: str  # "Multi-agency", or "Single-agency: Wexmoor Police"


@dataclass(frozen=True)
class Improvement:
    """An action completed in the period, with its evidence of completion."""

    case_code: str
    organisation: str
    action: str
    completed_on: dt.date
    due_on: dt.date
    evidence: str
    confirmed: bool

    @property
    def on_time(self) -> bool:
        return self.completed_on <= self.due_on

    @property
    def completed_text(self) -> str:
        late = "" if self.on_time else f" (due {written_date(self.due_on)})"
        return f"{written_date(self.completed_on)}{late}"

    @property
    def status_text(self) -> str:
        return "Confirmed" if self.confirmed else "Awaiting confirmation"


@dataclass(frozen=True)
class ThemeLine:
    """A theme of the period's reviews: how many rapid reviews and LCSPRs have it."""

    theme: str
    rapid_reviews: int
    lcsprs: int

    @property
    def total(self) -> int:
        return self.rapid_reviews + self.lcsprs


def without_pseudonym(text: str, *, pseudonym: str, case_code: str) -> str:
    """Free text as the report repeats it: the review's pseudonym replaced by its case code,
    characters a document cannot hold dropped, and shortened at a word boundary."""
    text = clean(text)
    if pseudonym.strip():
        pattern = re.compile(rf"(?<!\w){re.escape(pseudonym.strip())}(?!\w)", re.IGNORECASE)
        text = pattern.sub(case_code, text)
    return shorten(text, TEXT_LIMIT)


def _on_days_of(period: Period, field: str) -> dict[str, dt.date]:
    return {f"{field}__gte": period.start, f"{field}__lte": period.end}


def learning_identified(partnership: Partnership, period: Period) -> tuple[LearningLine, ...]:
    """Learning recorded in the period, oldest first (two queries)."""
    found = (
        Learning.objects.filter(review__partnership=partnership)
        .filter(**_on_days_of(period, "recorded_at__date"))
        .select_related("review", "organisation")
        .prefetch_related("themes")
        .order_by("recorded_at", "pk")
    )
    lines: list[LearningLine] = []
    for each in found:
        review = each.review
        names = sorted((clean(theme.name) for theme in each.themes.all()), key=str.casefold)
        organisation = each.organisation
        single = each.scope == Learning.Scope.SINGLE_AGENCY and organisation is not None
        lines.append(
            LearningLine(
                case_code=review.case_code,
                summary=without_pseudonym(
                    each.summary, pseudonym=review.pseudonym, case_code=review.case_code
                ),
                themes=", ".join(names),
                scope=(
                    f"Single-agency: {clean(organisation.name)}"
                    if single and organisation is not None
                    else str(Learning.Scope.MULTI_AGENCY.label)
                ),
            )
        )
    return tuple(lines)


def improvements_made(partnership: Partnership, period: Period) -> tuple[Improvement, ...]:
    """Actions completed in the period, in the order they were completed (one query)."""
    done = (
        PlanAction.objects.filter(review__partnership=partnership, status__in=DONE)
        .filter(**_on_days_of(period, "completed_on"))
        .select_related("review", "organisation")
        .order_by("completed_on", "pk")
    )
    improvements: list[Improvement] = []
    for action in done:
        review = action.review
        words = {"pseudonym": review.pseudonym, "case_code": review.case_code}
        if action.completed_on is None:  # never: the query asks for a day in the period
            continue
        improvements.append(
            Improvement(
                case_code=review.case_code,
                organisation=clean(action.organisation.name),
                action=without_pseudonym(action.description, **words),
                completed_on=action.completed_on,
                due_on=action.due_on,
                evidence=without_pseudonym(action.evidence_note, **words),
                confirmed=action.status == ActionStatus.CONFIRMED,
            )
        )
    return tuple(improvements)


def themes_of_period(partnership: Partnership, period: Period) -> tuple[ThemeLine, ...]:
    """The themes of the reviews whose origin falls in the period, most frequent first."""
    reviews = Review.objects.filter(partnership=partnership).filter(**_on_days_of(period, "origin"))
    table = count_themes_by_year(reviews, Theme.objects.filter(partnership=partnership))
    lines = [
        ThemeLine(
            theme=clean(row.theme),
            rapid_reviews=sum(count.rapid_reviews for count in row.counts),
            lcsprs=sum(count.lcsprs for count in row.counts),
        )
        for row in table.rows
    ]
    return tuple(
        sorted(
            (line for line in lines if line.total),
            key=lambda line: (-line.total, line.theme.casefold()),
        )
    )


__all__ = [
    "Improvement",
    "LearningLine",
    "ThemeLine",
    "improvements_made",
    "learning_identified",
    "themes_of_period",
    "without_pseudonym",
]
