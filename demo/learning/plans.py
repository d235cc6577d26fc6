"""Recommendations on the past rapid reviews with actions for several organisations in every
state (some overdue), and immediate corrective actions raised while reviews run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Partnership, User
from demo.days import on_day
from demo.lcsprs.cast import CITY_CSC, COUNTY_CSC, HEALTH, ICB, POLICE, SCHOOL, Cast
from demo.learning.learning import LCSPR, RAPID, review_of
from demo.learning.past_reviews import CLOSED_ON
from demo.learning.sharing import disseminate
from reviews import moment
from reviews.actions.learning.plans import (
    add_action,
    complete_action,
    confirm_action,
    make_recommendation,
    raise_immediate_action,
    update_action,
    withdraw_action,
)
from reviews.deadlines import WorkingCalendar
from reviews.models import ActionStatus, PlanAction, Review
from reviews.process import Step


@dataclass(frozen=True)
class DemoAction:
    organisation: str
    description: str
    due_after_days: int  # from the day the action is added
    # How far it got, and the days after it was added that each step was taken.
    status: ActionStatus
    progress_after_days: int = 0


# A due date or a day of progress counted from today rather than from the day it was added.
WHEN_RELATIVE = -1

PAST_ACTIONS: dict[str, tuple[str, tuple[DemoAction, ...]]] = {
    "Child Q": (
        "Every partner gives safe sleep advice at each contact with a family with a baby, "
        "including what changes after alcohol or drugs.",
        (
            DemoAction(
                ICB,
                "Add a safe sleep conversation to every health visitor contact, and record it.",
                120,
                ActionStatus.CONFIRMED,
                100,
            ),
            DemoAction(
                COUNTY_CSC,
                "Cover safe sleep in every pre-birth and new-baby assessment.",
                120,
                ActionStatus.CONFIRMED,
                90,
            ),
        ),
    ),
    "Child R": (
        "Agencies find out who lives in and visits the household, including new partners.",
        (
            DemoAction(
                POLICE,
                "Record every adult male at or visiting the address at domestic incidents.",
                90,
                ActionStatus.CONFIRMED,
                80,
            ),
            DemoAction(
                SCHOOL,
                "Make sure domestic abuse notifications reach the designated safeguarding lead "
                "before the school day starts.",
                60,
                ActionStatus.CONFIRMED,
                40,
            ),
            DemoAction(
                CITY_CSC,
                "Write a county-wide guide on new partners in the household.",
                150,
                ActionStatus.WITHDRAWN,
                60,
            ),
        ),
    ),
    "Child S": (
        "Fathers and male carers are seen, heard and assessed, from pregnancy onwards.",
        (
            DemoAction(
                HEALTH,
                "Invite fathers to every new birth visit and record whether they attended.",
                120,
                ActionStatus.CONFIRMED,
                110,
            ),
            DemoAction(
                COUNTY_CSC,
                "Train every social worker on the bruising in non-mobile babies protocol.",
                200,
                ActionStatus.IN_PROGRESS,
                60,
            ),
        ),
    ),
    "Child T": (
        "Falling school attendance is treated as a possible sign of neglect, and shared.",
        (
            DemoAction(
                SCHOOL,
                "Discuss every child whose attendance falls below 90% with the designated "
                "safeguarding lead within a week.",
                WHEN_RELATIVE,  # due 30 days from today
                ActionStatus.AWAITING_CONFIRMATION,
                WHEN_RELATIVE,  # completed a week ago
            ),
            DemoAction(
                ICB,
                "Ask GP practices to flag children not brought to appointments.",
                WHEN_RELATIVE,
                ActionStatus.IN_PROGRESS,
                60,
            ),
        ),
    ),
}


def leads_of(cast: Cast) -> dict[str, tuple[str, User]]:
    return {
        POLICE: ("Hannah Stroud", cast.lead(POLICE)),
        ICB: ("Samuel Achebe", cast.lead(ICB)),
        COUNTY_CSC: ("Ruth Pennington", cast.lead(COUNTY_CSC)),
        CITY_CSC: ("Nadia Forsyth", cast.lead(CITY_CSC)),
        SCHOOL: ("Colin Barraclough", cast.school_panel),
        HEALTH: ("Amara Okafor", cast.health_panel),
    }


def past_action_plans(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
    for pseudonym, (text, actions) in PAST_ACTIONS.items():
        review = review_of(partnership, pseudonym)
        added = calendar.add_working_days(review.origin, CLOSED_ON - 1)
        with on_day(added):
            recommendation = make_recommendation(
                review, by=cast.team, text=text, learning=list(review.learning.all())
            )
        for spec in actions:
            add_demo_action(review, cast, spec, added=added, recommendation_id=recommendation.pk)
        if pseudonym == "Child Q":
            disseminate(review, cast, calendar.add_working_days(added, 20))


def _due(spec: DemoAction, added: dt.date) -> dt.date:
    if spec.due_after_days == WHEN_RELATIVE:
        return moment.today() + dt.timedelta(days=30)
    return added + dt.timedelta(days=spec.due_after_days)


def add_demo_action(
    review: Review,
    cast: Cast,
    spec: DemoAction,
    *,
    added: dt.date,
    recommendation_id: int,
) -> PlanAction:
    lead_name, lead = leads_of(cast)[spec.organisation]
    recommendation = review.recommendations.get(pk=recommendation_id)
    with on_day(added, hour=11):
        action = add_action(
            recommendation,
            by=cast.team,
            description=spec.description,
            organisation=cast.organisations[spec.organisation],
            lead_name=lead_name,
            lead=lead,
            due_on=_due(spec, added),
        )
    _progress(action, cast, spec, added=added)
    return action


def _progress(action: PlanAction, cast: Cast, spec: DemoAction, *, added: dt.date) -> None:
    """Move the action on as far as ``spec.status``, on the days it happened."""
    if spec.status == ActionStatus.NOT_STARTED:
        return
    lead = action.lead or cast.team
    if spec.progress_after_days == WHEN_RELATIVE:
        day = moment.today() - dt.timedelta(days=7)
    else:
        day = added + dt.timedelta(days=spec.progress_after_days)
    with on_day(day, hour=12):
        if spec.status == ActionStatus.WITHDRAWN:
            withdraw_action(
                action,
                by=cast.team,
                expected_version=action.version,
                reason="Replaced by the county-wide action on new partners agreed since.",
            )
            return
        if spec.status == ActionStatus.IN_PROGRESS:
            update_action(
                action,
                by=lead,
                expected_version=action.version,
                status=ActionStatus.IN_PROGRESS,
                progress_note="Started: the first sessions are booked; the rest wait for trainers.",
            )
            return
        action = complete_action(
            action,
            by=lead,
            expected_version=action.version,
            completed_on=day,
            evidence_note="Audit of 20 records: the new practice was followed in 18; the "
            "briefing and the updated procedure are on the intranet.",
        )
    if spec.status == ActionStatus.CONFIRMED:
        with on_day(day + dt.timedelta(days=5)):
            confirm_action(action, by=cast.team, expected_version=action.version)


def immediate_actions(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
    """Corrective action taken while reviews run: on a rapid review's returns, and on an LCSPR's
    learning events."""
    today = moment.today()
    for pseudonym, kind, step, after, organisation, description in (
        (
            "Child C",
            RAPID,
            Step.INFORMATION_RETURNED,
            5,
            POLICE,
            "Remind response officers to see and speak to every child at domestic incidents.",
        ),
        (
            "Child G",
            LCSPR,
            Step.LEARNING_EVENTS,
            26,
            COUNTY_CSC,
            "Check every open case with a baby for a recorded safe sleep conversation.",
        ),
    ):
        review = review_of(partnership, pseudonym, kind)
        day = min(calendar.add_working_days(review.origin, after), today)
        lead_name, lead = leads_of(cast)[organisation]
        with on_day(day, hour=13):
            raise_immediate_action(
                review,
                by=cast.team,
                step=step,
                description=description,
                organisation=cast.organisations[organisation],
                lead_name=lead_name,
                lead=lead,
                due_on=calendar.add_working_days(today, 10),
            )
