"""Themes across reviews: how many reviews, each calendar year, have learning or recommendations
tagged with each theme (issue 8), and which reviews and recommendations are behind a count.

A review counts once for a theme in the year of its origin (working day 0), however many of its
pieces of learning and recommendations carry the theme. Rapid reviews and LCSPRs are counted
apart: a rapid review that led to an LCSPR counts as a rapid review, and its LCSPR as an LCSPR;
a rapid review that did not become an LCSPR still counts. Reads only: a fixed number of
queries, whatever the number of reviews. Used by reviews.views.learning.sharing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

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


def _theme_reviews(reviews: QuerySet[Review], themes: QuerySet[Theme]) -> dict[int, set[int]]:
    """For each theme, the reviews with learning or a recommendation tagged with it."""
    tagged: dict[int, set[int]] = defaultdict(set)
    from_learning = (
        LearningThemes.objects.filter(theme__in=themes, learning__review__in=reviews)
        .values_list("theme_id", "learning__review_id")
        .distinct()
    )
    from_recommendations = (
        RecommendationThemes.objects.filter(theme__in=themes, recommendation__review__in=reviews)
        .values_list("theme_id", "recommendation__review_id")
        .distinct()
    )
    for theme_id, review_id in [*from_learning, *from_recommendations]:
        tagged[theme_id].add(review_id)
    return tagged


def count_themes_by_year(reviews: QuerySet[Review], themes: QuerySet[Theme]) -> ThemesTable:
    """Count, for each theme and calendar year of origin, the reviews tagged with it.

    Rows are every active theme, and retired themes that still have a count; columns every
    year from the earliest review's to the latest's. Four queries.
    """
    tagged = _theme_reviews(reviews, themes)
    review_facts = {
        pk: (kind, origin.year) for pk, kind, origin in reviews.values_list("pk", "kind", "origin")
    }
    years = sorted({year for _, year in review_facts.values()})
    span = tuple(range(years[0], years[-1] + 1)) if years else ()
    rows: list[ThemeRow] = []
    for theme_id, name, active in themes.order_by().values_list("pk", "name", "active"):
        per_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for review_id in tagged.get(theme_id, ()):
            kind, year = review_facts[review_id]
            per_year[year][0 if kind == ReviewKind.RAPID_REVIEW else 1] += 1
        if not active and not per_year:
            continue
        counts = tuple(
            ThemeCount(theme_id, name, year, *per_year.get(year, (0, 0))) for year in span
        )
        rows.append(ThemeRow(theme_id=theme_id, theme=name, active=active, counts=counts))
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
