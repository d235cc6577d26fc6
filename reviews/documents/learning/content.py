"""What the 7-minute briefing and the learning on one page say, read from a review's records.

Only the case code, the pseudonym and the review's own summary (written with no identifying
details) describe the case; learning, recommendations and the organisations that own actions
come from the action plan. Never a value from IdentityRecord, never a person's name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Max, Prefetch, Sum

from reviews.documents import MARKING, Fact, clean, paragraphs, written_date, written_moment
from reviews.models import (
    ActionStatus,
    Dissemination,
    DocumentKind,
    Learning,
    PlanAction,
    Recommendation,
    Review,
    Theme,
)

BRIEFING_TITLE = "7-minute briefing"
ONE_PAGE_TITLE = "Learning on one page"
NO_THEME = "Other learning"

# What keeps the learning on one page to a single sheet of A4 (tested with the longest texts).
ONE_PAGE_THEMES = 15
ONE_PAGE_POINTS = 6
ONE_PAGE_RECOMMENDATIONS = 5
ONE_PAGE_TEXT = 180

# One question for each common theme (reviews.models.COMMON_THEMES); any other theme gets the
# general question below.
QUESTIONS: dict[str, str] = {
    "neglect": "How do you notice the cumulative harm of neglect over time, rather than "
    "judging each incident on its own?",
    "domestic abuse": "When you hear of domestic abuse in a household, how do you find out "
    "what daily life is like for the child?",
    "parental mental health": "How do you check what a parent's mental health means for "
    "their care of the child, and who else you should tell?",
    "substance misuse": "How do you ask about drug and alcohol use, and about who looks after "
    "the child when a parent is using?",
    "safe sleep": "When did you last talk with a family about safe sleep, and about what "
    "might change their routine?",
    "non-accidental injury to babies": "Would you recognise a bruise or injury to a baby who "
    "is not yet mobile as a reason to act straight away?",
    "child sexual exploitation": "What signs of exploitation might you be explaining away as "
    "a young person's choices?",
    "criminal exploitation": "When a child is missing or found far from home, how do you ask "
    "whether someone is exploiting them?",
    "online harm": "How do you ask children about their lives online, and do you know where "
    "to report what you learn?",
    "professional curiosity": "What would it take for you to check what you are told, rather "
    "than accept it?",
    "information sharing": "Who else needs to know what you know, and what stops you telling "
    "them today?",
    "escalation": "When you disagree with another agency's decision, how do you escalate it, "
    "and how long do you wait?",
    "hearing the voice of the child": "How does what the child says, or shows, change the "
    "decisions you make?",
    "fathers and male carers": "Who are the men in the child's life, and how do you include "
    "them in your assessment?",
    "transitions": "What happens to the child's support when they move school, service or "
    "area, and who makes sure it continues?",
    "education and attendance": "What do you do when a child's attendance falls, and who do "
    "you tell?",
    "race and culture": "How do the child's race, culture and identity shape your assessment, "
    "and how do you check your assumptions?",
    "disability": "How do you make sure a disabled child's needs do not hide signs of abuse "
    "or neglect?",
}


def question_for(theme: str) -> str:
    """The question on reflection for one theme."""
    return QUESTIONS.get(
        theme.casefold(),
        f"What does the learning on {theme.lower()} mean for your own practice, and what "
        "will you do differently?",
    )


class Scope(StrEnum):
    SINGLE_AGENCY = "Single-agency"
    MULTI_AGENCY = "Multi-agency"


@dataclass(frozen=True)
class LearningPoint:
    summary: str
    detail: tuple[str, ...]
    scope: Scope
    organisation: str  # for single-agency learning; empty otherwise
    other_themes: tuple[str, ...]

    @property
    def scope_text(self) -> str:
        if self.scope == Scope.SINGLE_AGENCY and self.organisation:
            return f"Single-agency: {self.organisation}"
        return str(self.scope)


@dataclass(frozen=True)
class ThemeGroup:
    """Learning listed under its first theme (alphabetically), the others named beside it."""

    theme: str
    points: tuple[LearningPoint, ...]


@dataclass(frozen=True)
class RecommendationLine:
    number: int
    text: tuple[str, ...]
    themes: tuple[str, ...]
    organisations: tuple[str, ...]  # who owns its actions (withdrawn actions aside)


@dataclass(frozen=True)
class SharedBy:
    """How one organisation has shared the learning so far."""

    organisation: str
    times: int
    practitioners: int
    latest: dt.date

    @property
    def latest_text(self) -> str:
        return written_date(self.latest)


@dataclass(frozen=True)
class LearningDocument:
    """The content of either learning document: ``kind`` says which."""

    kind: DocumentKind
    title: str
    case_code: str
    pseudonym: str
    review_kind: str
    partnership: str
    summary: tuple[str, ...]
    version: int
    generated_at: dt.datetime
    groups: tuple[ThemeGroup, ...]
    recommendations: tuple[RecommendationLine, ...]
    shared: tuple[SharedBy, ...]
    themes: tuple[str, ...]  # of the learning and the recommendations, alphabetically
    marking: str = MARKING

    @property
    def questions(self) -> tuple[tuple[str, str], ...]:
        """One question to reflect on for each theme: (theme, question)."""
        return tuple((theme, question_for(theme)) for theme in self.themes)

    @property
    def points(self) -> tuple[LearningPoint, ...]:
        return tuple(point for group in self.groups for point in group.points)

    @property
    def key_themes(self) -> str:
        """The themes on one page, as far as the page holds."""
        if not self.themes:
            return "No themes recorded yet."
        shown = ", ".join(self.themes[:ONE_PAGE_THEMES])
        left_out = len(self.themes) - ONE_PAGE_THEMES
        return f"{shown} and {left_out} more." if left_out > 0 else f"{shown}."

    @property
    def key_points(self) -> tuple[LearningPoint, ...]:
        """The learning on one page: multi-agency learning first, as far as the page holds."""
        points = sorted(self.points, key=lambda point: point.scope != Scope.MULTI_AGENCY)
        return tuple(points[:ONE_PAGE_POINTS])

    @property
    def points_left_out(self) -> int:
        return max(0, len(self.points) - ONE_PAGE_POINTS)

    @property
    def key_recommendations(self) -> tuple[RecommendationLine, ...]:
        return self.recommendations[:ONE_PAGE_RECOMMENDATIONS]

    @property
    def recommendations_left_out(self) -> int:
        return max(0, len(self.recommendations) - ONE_PAGE_RECOMMENDATIONS)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (
            Fact("Case code", self.case_code),
            Fact("Pseudonym", self.pseudonym),
            Fact("Review", self.review_kind),
            Fact("Generated on", written_moment(self.generated_at)),
            Fact("Version", str(self.version)),
        )

    @property
    def file_stem(self) -> str:
        """The name people see for the files: "AWT26-7-minute-briefing-v2"."""
        return learning_file_stem(self.case_code, self.kind, self.version)

    @property
    def why_it_matters(self) -> tuple[str, ...]:
        points = self.points
        multi = sum(point.scope == Scope.MULTI_AGENCY for point in points)
        themes = self.themes
        made = _count(len(self.recommendations), "recommendation", "recommendations")
        found = (
            f"The review found {_count(len(points), 'piece', 'pieces')} of learning"
            + (f" across {_count(len(themes), 'theme', 'themes')}" if themes else "")
            + f", {multi} of them for agencies working together"
            + f", and made {made}."
        )
        return (
            "Reviews like this one look at how agencies worked together to protect a child, "
            "so that every practitioner can learn from it. They look at the system, not at "
            "individual blame.",
            found if points else "No learning has been recorded for this review yet.",
            "Take seven minutes, with your team or on your own, to read this briefing and "
            "think about what it means for your work.",
        )

    @property
    def further_information(self) -> tuple[str, ...]:
        return (
            f"For more about this review, contact the {self.partnership} business team, "
            f"quoting the case code {self.case_code}.",
            "Tell the business team how you have shared this learning, so that the partnership "
            "can see where it has reached.",
        )

    @property
    def shared_summary(self) -> str:
        if not self.shared:
            return "No organisation has recorded sharing this learning yet."
        practitioners = sum(each.practitioners for each in self.shared)
        return (
            f"{_count(len(self.shared), 'organisation has', 'organisations have')} shared this "
            f"learning, reaching {_count(practitioners, 'practitioner', 'practitioners')}."
        )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def learning_file_stem(case_code: str, kind: DocumentKind | str, version: int) -> str:
    return f"{case_code}-{kind}-v{version}"


def shorten(text: str, limit: int = ONE_PAGE_TEXT) -> str:
    """Cut a text at a word boundary to ``limit`` characters, marking the cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "\u2026"


def _themes(review: Review) -> tuple[str, ...]:
    names = set(Theme.objects.filter(learning__review=review).values_list("name", flat=True))
    names |= set(
        Theme.objects.filter(recommendations__review=review).values_list("name", flat=True)
    )
    return tuple(sorted((clean(name) for name in names), key=str.casefold))


def _point(learning: Learning, theme_names: list[str]) -> LearningPoint:
    single = learning.scope == Learning.Scope.SINGLE_AGENCY
    return LearningPoint(
        summary=clean(learning.summary).strip(),
        detail=paragraphs(learning.detail),
        scope=Scope.SINGLE_AGENCY if single else Scope.MULTI_AGENCY,
        organisation=clean(learning.organisation.name) if learning.organisation else "",
        other_themes=tuple(theme_names[1:]),
    )


def _groups(review: Review) -> tuple[ThemeGroup, ...]:
    learning = Learning.objects.filter(review=review).select_related("organisation")
    learning = learning.prefetch_related("themes").order_by("recorded_at", "pk")
    by_theme: dict[str, list[LearningPoint]] = defaultdict(list)
    for each in learning:
        names = sorted((clean(theme.name) for theme in each.themes.all()), key=str.casefold)
        by_theme[names[0] if names else NO_THEME].append(_point(each, names))
    ordered = sorted(by_theme, key=lambda name: (name == NO_THEME, name.casefold()))
    return tuple(ThemeGroup(theme=name, points=tuple(by_theme[name])) for name in ordered)


def _recommendations(review: Review) -> tuple[RecommendationLine, ...]:
    live = PlanAction.objects.exclude(status=ActionStatus.WITHDRAWN).select_related("organisation")
    recommendations = Recommendation.objects.filter(review=review).prefetch_related(
        "themes", Prefetch("actions", queryset=live)
    )
    return tuple(
        RecommendationLine(
            number=each.number,
            text=paragraphs(each.text),
            themes=tuple(sorted((clean(t.name) for t in each.themes.all()), key=str.casefold)),
            organisations=tuple(
                sorted({clean(action.organisation.name) for action in each.actions.all()})
            ),
        )
        for each in sorted(recommendations, key=lambda each: each.number)
    )


def _shared(review: Review) -> tuple[SharedBy, ...]:
    rows = (
        Dissemination.objects.filter(review=review)
        .values("organisation__name")
        .annotate(times=Count("pk"), practitioners=Sum("practitioners_reached"))
        .annotate(latest=Max("shared_on"))
        .order_by()
    )
    return tuple(
        sorted(
            (
                SharedBy(
                    organisation=clean(row["organisation__name"]),
                    times=row["times"],
                    practitioners=row["practitioners"] or 0,
                    latest=row["latest"],
                )
                for row in rows
            ),
            key=lambda each: each.organisation.casefold(),
        )
    )


def build_learning_document(
    review: Review, *, kind: DocumentKind, version: int, generated_at: dt.datetime
) -> LearningDocument:
    """Read the review's learning, recommendations and sharing (a fixed number of queries)."""
    if kind not in {DocumentKind.SEVEN_MINUTE_BRIEFING, DocumentKind.LEARNING_ON_ONE_PAGE}:
        raise ValueError(f"{kind} is not a learning document")
    return LearningDocument(
        kind=kind,
        title=BRIEFING_TITLE if kind == DocumentKind.SEVEN_MINUTE_BRIEFING else ONE_PAGE_TITLE,
        case_code=review.case_code,
        pseudonym=clean(review.pseudonym),
        review_kind=review.get_kind_display(),
        partnership=clean(review.partnership.name),
        summary=paragraphs(review.summary),
        version=version,
        generated_at=generated_at,
        groups=_groups(review),
        recommendations=_recommendations(review),
        shared=_shared(review),
        themes=_themes(review),
    )


__all__ = [
    "BRIEFING_TITLE",
    "NO_THEME",
    "ONE_PAGE_POINTS",
    "ONE_PAGE_RECOMMENDATIONS",
    "ONE_PAGE_TITLE",
    "LearningDocument",
    "LearningPoint",
    "RecommendationLine",
    "Scope",
    "SharedBy",
    "ThemeGroup",
    "build_learning_document",
    "learning_file_stem",
    "question_for",
    "shorten",
]
