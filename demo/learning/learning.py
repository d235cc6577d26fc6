"""The learning the demo records on its reviews, each piece tagged with the partnership's themes.

``REVIEW_LEARNING`` is the table of reviews and themes the tests count from: the themes page
shows a pattern, safe sleep and professional curiosity every year, fathers and male carers twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Partnership
from demo.days import on_day
from demo.lcsprs.cast import HEALTH, Cast
from reviews import moment
from reviews.actions.learning.plans.learning import record_learning
from reviews.deadlines import WorkingCalendar
from reviews.models import Learning, Review, ReviewKind, Theme

RAPID = ReviewKind.RAPID_REVIEW
LCSPR = ReviewKind.LCSPR
SAFE_SLEEP = "Safe sleep"
CURIOSITY = "Professional curiosity"
FATHERS = "Fathers and male carers"


@dataclass(frozen=True)
class DemoLearning:
    summary: str
    themes: tuple[str, ...]
    source: Learning.Source = Learning.Source.DECISION_MEETING
    organisation: str = ""  # single-agency learning names its agency


# Every review the demo records learning on, by pseudonym and kind: the themes page's counts
# are worked out from this table.
REVIEW_LEARNING: dict[tuple[str, ReviewKind], tuple[DemoLearning, ...]] = {
    ("Child Q", RAPID): (
        DemoLearning(
            "The baby slept in an adult bed after the parents had been drinking; safe sleep "
            "advice was given once, at birth.",
            (SAFE_SLEEP, "Substance misuse"),
        ),
        DemoLearning(
            "Practitioners accepted the parents' account of where the baby slept without "
            "seeing it.",
            (CURIOSITY, SAFE_SLEEP),
        ),
    ),
    ("Child R", RAPID): (
        DemoLearning(
            "The mother's new partner lived at the address; no agency asked who he was.",
            (FATHERS, CURIOSITY),
        ),
        DemoLearning(
            "Domestic abuse notifications from the police did not reach the school.",
            ("Domestic abuse", "Information sharing"),
            Learning.Source.OTHER,
        ),
    ),
    ("Child S", RAPID): (
        DemoLearning(
            "Bruising on a baby who was not yet mobile was not referred.",
            ("Non-accidental injury to babies",),
            organisation=HEALTH,
        ),
        DemoLearning(
            "The father was not seen at antenatal or health visiting contacts.",
            (FATHERS,),
        ),
        DemoLearning(
            "Safe sleep advice was not repeated when the family moved into one room.",
            (SAFE_SLEEP,),
        ),
    ),
    ("Child T", RAPID): (
        DemoLearning(
            "Falling attendance was not connected with the neglect the health visitor saw.",
            ("Education and attendance", "Neglect"),
        ),
        DemoLearning(
            "Professionals relied on the mother's explanations for missed appointments.",
            (CURIOSITY,),
        ),
    ),
    ("Child G", RAPID): (
        DemoLearning(
            "Nobody asked the child what life at home was like.",
            ("Hearing the voice of the child", CURIOSITY),
        ),
    ),
    ("Child H", RAPID): (
        DemoLearning(
            "Safe sleep advice did not fit a family living in temporary accommodation.",
            (SAFE_SLEEP,),
        ),
        DemoLearning(
            "The GP and the health visitor did not share what each had seen.",
            ("Information sharing",),
        ),
    ),
    ("Child J", RAPID): (
        DemoLearning(
            "Repeated missed health appointments were not seen as a sign of neglect.",
            ("Neglect", CURIOSITY),
        ),
    ),
    ("Child G", LCSPR): (
        DemoLearning(
            "Practitioners said that nobody put together what each agency knew.",
            (CURIOSITY, "Information sharing"),
            Learning.Source.LEARNING_EVENT,
        ),
    ),
    ("Child N", LCSPR): (
        DemoLearning(
            "Safe sleep advice did not cover sleeping with a baby after drinking alcohol.",
            (SAFE_SLEEP, "Substance misuse"),
            Learning.Source.LEARNING_EVENT,
        ),
        DemoLearning(
            "Concerns about the mother's drinking were not escalated when nothing changed.",
            ("Escalation", CURIOSITY),
            Learning.Source.DRAFT_REPORT,
        ),
    ),
    ("Child P", LCSPR): (
        DemoLearning(
            "The child's experience of domestic abuse at home was not recorded by anyone.",
            ("Domestic abuse", "Hearing the voice of the child"),
            Learning.Source.LEARNING_EVENT,
        ),
    ),
}


def record_demo_learning(
    review: Review,
    cast: Cast,
    calendar: WorkingCalendar,
    pieces: tuple[DemoLearning, ...],
    themes: dict[str, Theme],
) -> None:
    # Learning from the decision meeting (working day 11) of a rapid review; an LCSPR's from its
    # learning events and drafts, some weeks in.
    day = calendar.add_working_days(review.origin, 11 if review.kind == RAPID else 26)
    with on_day(min(day, moment.today()), hour=15):
        for piece in pieces:
            record_learning(
                review,
                by=cast.team,
                source=piece.source,
                summary=piece.summary,
                themes=[themes[name] for name in piece.themes],
                scope=Learning.Scope.SINGLE_AGENCY
                if piece.organisation
                else Learning.Scope.MULTI_AGENCY,
                organisation=cast.organisations[piece.organisation] if piece.organisation else None,
            )


def review_of(partnership: Partnership, pseudonym: str, kind: ReviewKind = RAPID) -> Review:
    return Review.objects.get(partnership=partnership, pseudonym=pseudonym, kind=kind)
