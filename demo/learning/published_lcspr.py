"""Child N's LCSPR: its recommendations on publication, their actions, and the 7-minute briefing."""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership
from demo.days import on_day
from demo.lcsprs.cast import CITY_CSC, COUNTY_CSC, HEALTH, ICB, POLICE, Cast
from demo.learning.learning import LCSPR, review_of
from demo.learning.plans import WHEN_RELATIVE, DemoAction, add_demo_action
from demo.learning.sharing import disseminate
from reviews import moment
from reviews.actions.learning.plans import make_recommendation
from reviews.actions.learning.sharing import generate_learning_document
from reviews.deadlines import WorkingCalendar
from reviews.models import ActionStatus, DocumentKind, Publication, Recommendation, Review


def published_lcspr_plan(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
    """Child N's LCSPR: two recommendations on publication, actions in every open state (one
    overdue), the 7-minute briefing and how it was shared."""
    review = review_of(partnership, "Child N", LCSPR)
    published = Publication.objects.get(review=review).published_on
    assert published is not None  # noqa: S101  demo/lcsprs published it
    first, second = _recommendations(review, cast, published)
    for recommendation, spec in (
        *((first, spec) for spec in _first_actions(published)),
        *((second, spec) for spec in _second_actions(published)),
    ):
        add_demo_action(review, cast, spec, added=published, recommendation_id=recommendation.pk)
    briefing_day = calendar.add_working_days(published, 2)
    with on_day(briefing_day, hour=9):
        generate_learning_document(review, kind=DocumentKind.SEVEN_MINUTE_BRIEFING, by=cast.team)
    disseminate(review, cast, calendar.add_working_days(briefing_day, 10))


def _recommendations(
    review: Review, cast: Cast, published: dt.date
) -> tuple[Recommendation, Recommendation]:
    """Made on the day of publication: one on safe sleep, one on escalation."""
    learning = list(review.learning.order_by("pk"))
    with on_day(published, hour=11):
        first = make_recommendation(
            review,
            by=cast.team,
            text="Safe sleep advice covers alcohol and drugs, and is repeated at every contact.",
            learning=learning[:1],
        )
        second = make_recommendation(
            review,
            by=cast.team,
            text="Partners escalate when concerns about a parent's drinking do not change.",
            learning=learning[1:],
        )
    return first, second


def _first_actions(published: dt.date) -> tuple[DemoAction, ...]:
    """On safe sleep: one awaiting confirmation, one not started."""
    return (
        DemoAction(
            ICB,
            "Update the safe sleep leaflet and script.",
            90,
            ActionStatus.AWAITING_CONFIRMATION,
            WHEN_RELATIVE,
        ),
        DemoAction(
            HEALTH,
            "Audit safe sleep conversations in 50 records.",
            (moment.today() - published).days + 60,
            ActionStatus.NOT_STARTED,
        ),
    )


def _second_actions(published: dt.date) -> tuple[DemoAction, ...]:
    """On escalation: one in progress, one overdue, one confirmed complete."""
    today = moment.today()
    return (
        DemoAction(
            COUNTY_CSC,
            "Add an escalation prompt to supervision.",
            (today - published).days + 20,
            ActionStatus.IN_PROGRESS,
            30,
        ),
        DemoAction(
            CITY_CSC,
            "Brief team managers on the escalation policy.",
            (today - published).days - 14,
            ActionStatus.NOT_STARTED,
        ),
        DemoAction(
            POLICE,
            "Add alcohol use to the domestic incident checklist.",
            60,
            ActionStatus.CONFIRMED,
            45,
        ),
    )
