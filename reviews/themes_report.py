"""Themes across reviews: how many reviews, each calendar year, have learning or recommendations
tagged with each theme (issue 8), and which reviews and recommendations are behind a count.

A review counts once for a theme in the year of its origin (working day 0), however many of its
pieces of learning and recommendations carry the theme. Rapid reviews and LCSPRs are counted
apart: a rapid review that led to an LCSPR counts as a rapid review, and its LCSPR as an LCSPR;
a rapid review that did not become an LCSPR still counts. Reads only: a fixed number of
queries, whatever the number of reviews, the counting done by the database (GROUP BY). Used
by reviews.views.learning.sharing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear

from reviews.models import Learning, Recommendation, Review, ReviewKind, Theme

LearningThemes = Learning.themes.through
RecommendationThemes = Recommendation.themes.through


@dataclass(frozen=True)
class ThemeCount:
    """How many reviews of each kind, in one year, have a theme."""

    theme_id: int
    theme: str
    year: int
    rapid_reviews: int = 0
    lcsprs: int = 0

    @property
    def total(self) -> int:
        return self.rapid_reviews + self.lcsprs


@dataclass(frozen=True)
class ThemeRow:
    theme_id: int
    theme: str
    active: bool
    counts: tuple[ThemeCount, ...]  # one per year of the table, in order

    @property
    def total(self) -> int:
        return sum(count.total for count in self.counts)


@dataclass(frozen=True)
class ThemesTable:
    years: tuple[int, ...]
    rows: tuple[ThemeRow, ...]

    def export_rows(self) -> list[ThemeCount]:
        """The table as one row per theme and year with any review, for CSV and Excel."""
        return [count for row in self.rows for count in row.counts if count.total]


def _counts(reviews: QuerySet[Review], themes: QuerySet[Theme]) -> dict[tuple[int, int], list[int]]:
    """For each theme and year of origin, how many reviews of each kind (rapid reviews, then
    LCSPRs) have learning or a recommendation tagged with it: counted in the database, grouped
    by theme, year and kind. A review tagged in its learning is counted from the learning; one
    tagged only in its recommendations, from the recommendations; so none is counted twice."""
    from_learning = LearningThemes.objects.filter(
        theme__in=themes, learning__review__in=reviews
    ).values(
        "theme_id", year=ExtractYear("learning__review__origin"), kind=F("learning__review__kind")
    )
    learning_only = LearningThemes.objects.filter(
        theme=OuterRef("theme"), learning__review=OuterRef("recommendation__review")
    )
    from_recommendations = (
        RecommendationThemes.objects.filter(theme__in=themes, recommendation__review__in=reviews)
        .exclude(Exists(learning_only))
        .values(
            "theme_id",
            year=ExtractYear("recommendation__review__origin"),
            kind=F("recommendation__review__kind"),
        )
    )
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for grouped, review in (
        (from_learning, "learning__review"),
        (from_recommendations, "recommendation__review"),
    ):
        for row in grouped.order_by().annotate(reviews=Count(review, distinct=True)):
            kind = 0 if row["kind"] == ReviewKind.RAPID_REVIEW else 1
            counts[row["theme_id"], row["year"]][kind] += row["reviews"]
    return counts


def count_themes_by_year(reviews: QuerySet[Review], themes: QuerySet[Theme]) -> ThemesTable:
    """Count, for each theme and calendar year of origin, the reviews tagged with it.

    Rows are every active theme, and retired themes that still have a count; columns every
    year from the earliest review's to the latest's. Four queries, the counting done by the
    database (GROUP BY theme, year and kind), whatever the number of reviews.
    """
    counts = _counts(reviews, themes)
    span_of = reviews.order_by().aggregate(first=Min("origin"), last=Max("origin"))
    span = tuple(range(span_of["first"].year, span_of["last"].year + 1)) if span_of["first"] else ()
    rows: list[ThemeRow] = []
    for theme_id, name, active in themes.order_by().values_list("pk", "name", "active"):
        if not active and not any(key[0] == theme_id for key in counts):
            continue
        per_year = tuple(
            ThemeCount(theme_id, name, year, *counts.get((theme_id, year), (0, 0))) for year in span
        )
        rows.append(ThemeRow(theme_id=theme_id, theme=name, active=active, counts=per_year))
    rows.sort(key=lambda row: row.theme.casefold())
    return ThemesTable(years=span, rows=tuple(rows))


def _tagged_with(theme: Theme) -> Q:
    learning = Learning.objects.filter(review=OuterRef("pk"), themes=theme)
    recommendations = Recommendation.objects.filter(review=OuterRef("pk"), themes=theme)
    return Q(Exists(learning)) | Q(Exists(recommendations))


def reviews_with_theme(reviews: QuerySet[Review], *, theme: Theme, year: int) -> QuerySet[Review]:
    """The reviews behind one count: those of ``year`` with learning or a recommendation
    tagged ``theme``, each annotated with where the theme was found."""
    return (
        reviews.filter(origin__year=year)
        .filter(_tagged_with(theme))
        .annotate(
            in_learning=Exists(Learning.objects.filter(review=OuterRef("pk"), themes=theme)),
            in_recommendations=Exists(
                Recommendation.objects.filter(review=OuterRef("pk"), themes=theme)
            ),
        )
        .order_by("origin", "case_code")
    )


def recommendations_with_theme(
    reviews: QuerySet[Review], *, theme: Theme, year: int
) -> QuerySet[Recommendation]:
    """The recommendations behind one count: those of its reviews tagged with the theme, or
    made on learning tagged with it."""
    tagged = Recommendation.objects.filter(Q(themes=theme) | Q(learning__themes=theme)).values("pk")
    return (
        Recommendation.objects.filter(review__in=reviews.filter(origin__year=year), pk__in=tagged)
        .select_related("review")
        .order_by("review__origin", "review__case_code", "number")
    )
