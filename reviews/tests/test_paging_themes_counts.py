"""Themes across reviews are counted by the database (GROUP BY theme, year and kind), not by
loading every tag into Python: the same figures as counting by hand, a review tagged in both
its learning and its recommendations counted once, and four queries for 1 review or 40."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Partnership, User
from reviews.models import Review, ReviewKind, Theme
from reviews.tests.factories import make_review
from reviews.tests.learning_rows import add_learning, add_recommendation, theme
from reviews.themes_report import count_themes_by_year


def _table(partnership: Partnership) -> dict[tuple[str, int], tuple[int, int]]:
    table = count_themes_by_year(
        Review.objects.filter(partnership=partnership),
        Theme.objects.filter(partnership=partnership),
    )
    return {
        (count.theme, count.year): (count.rapid_reviews, count.lcsprs)
        for row in table.rows
        for count in row.counts
        if count.total
    }


def test_a_review_tagged_in_learning_and_recommendations_counts_once(
    partnership: Partnership, business_team_member: User
) -> None:
    team = business_team_member
    neglect, abuse = theme(partnership, "Neglect"), theme(partnership, "Domestic abuse")
    both = make_review(partnership=partnership, by=team, origin=dt.date(2025, 6, 2))
    add_learning(both, by=team, summary="Visits lapsed", themes=[neglect])
    add_recommendation(both, by=team, text="Follow up visits.", themes=[neglect, abuse])
    only_recommended = make_review(
        partnership=partnership, by=team, origin=dt.date(2025, 9, 1), kind=ReviewKind.LCSPR
    )
    add_recommendation(only_recommended, by=team, text="Ask about abuse.", themes=[abuse])
    add_recommendation(only_recommended, by=team, text="Ask again.", themes=[abuse, neglect])

    assert _table(partnership) == {
        ("Neglect", 2025): (1, 1),
        ("Domestic abuse", 2025): (1, 1),
    }


def test_forty_reviews_take_the_same_four_grouped_queries_as_one(
    partnership: Partnership, business_team_member: User
) -> None:
    team = business_team_member
    neglect = theme(partnership, "Neglect")
    first = make_review(partnership=partnership, by=team, origin=dt.date(2024, 1, 8))
    add_learning(first, by=team, summary="Learning", themes=[neglect])
    with CaptureQueriesContext(connection) as one:
        assert _table(partnership) == {("Neglect", 2024): (1, 0)}
    for number in range(39):
        review = make_review(
            partnership=partnership,
            by=team,
            origin=dt.date(2024 + number % 3, 3, 4),
            kind=ReviewKind.LCSPR if number % 2 else ReviewKind.RAPID_REVIEW,
            pseudonym=f"Child {number}",
        )
        add_learning(review, by=team, summary="Learning", themes=[neglect])

    with CaptureQueriesContext(connection) as forty:
        counted = _table(partnership)

    # By hand: 2024 has the first and numbers 0, 3, ... 36 (13, the odd ones LCSPRs).
    by_hand: dict[tuple[str, int], list[int]] = {}
    for review in Review.objects.filter(partnership=partnership):
        cell = by_hand.setdefault(("Neglect", review.origin.year), [0, 0])
        cell[0 if review.kind == ReviewKind.RAPID_REVIEW else 1] += 1
    assert counted == {key: tuple(value) for key, value in by_hand.items()}
    assert sum(sum(value) for value in counted.values()) == 40
    assert len(one.captured_queries) == len(forty.captured_queries) == 4
    grouped = [query["sql"] for query in forty.captured_queries if "GROUP BY" in query["sql"]]
    assert len(grouped) == 2  # learning, then recommendations not already counted
