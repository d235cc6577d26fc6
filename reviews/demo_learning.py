"""Demo learning across three years of reviews, and what was done about it.

Four rapid reviews from the two years before the demo's current year (none became an LCSPR:
they ran before the service was in use and are recorded here from the partnership's files),
the rapid reviews and LCSPRs of reviews/demo_reviews.py and reviews/demo_lcspr.py, and learning
on each tagged with the partnership's themes, so that the themes page shows a pattern: safe
sleep and professional curiosity every year, fathers and male carers twice. Then
recommendations with actions for several organisations in every state (some overdue),
immediate corrective actions raised while reviews run, how the learning was shared, and a
7-minute briefing. ``REVIEW_LEARNING`` is the table of reviews and themes the tests count from.

Everything is done through the real actions on the day it happened (time-machine, as in
reviews/demo_reviews.py). Fictional people, places and events only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Partnership, User
from reviews import moment
from reviews.actions.learning.learning import record_learning
from reviews.actions.learning.plans import (
    add_action,
    complete_action,
    confirm_action,
    make_recommendation,
    raise_immediate_action,
    update_action,
    withdraw_action,
)
from reviews.actions.learning.sharing import generate_learning_document, record_dissemination
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.outcome import close_review
from reviews.actions.steps import complete_step
from reviews.actions.working_day_one.common import is_done
from reviews.deadlines import WorkingCalendar
from reviews.demo_lcspr import CITY_CSC, COUNTY_CSC, HEALTH, ICB, POLICE, SCHOOL, Cast, cast_of
from reviews.demo_reviews import _on
from reviews.models import (
    ActionStatus,
    Dissemination,
    DocumentKind,
    Learning,
    PlanAction,
    Publication,
    Review,
    ReviewKind,
    Theme,
)
from reviews.models.calendar import working_calendar_for
from reviews.process import Step, get_ruleset

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


@dataclass(frozen=True)
class PastRapidReview:
    pseudonym: str
    years_before: int  # before the anchor year (see anchor_year)
    month: int
    day: int
    sex: str
    age_years: int


PAST_RAPID_REVIEWS = (
    PastRapidReview("Child Q", 2, 2, 12, "female", 0),
    PastRapidReview("Child R", 2, 9, 23, "male", 6),
    PastRapidReview("Child S", 1, 3, 10, "male", 0),
    PastRapidReview("Child T", 1, 10, 6, "female", 9),
)

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


def anchor_year(today: dt.date) -> int:
    """The demo's current year: the year of four months ago, so the reviews of the last few
    months (counted back from today) fall in it or later, and the past ones before it."""
    return (today - dt.timedelta(days=120)).year


def load_demo_learning(partnership: Partnership) -> None:
    """Past rapid reviews, learning on every review of the table, action plans and sharing
    (after reviews/demo_reviews.py and reviews/demo_lcspr.py; idempotence is the caller's)."""
    cast = cast_of(partnership)
    calendar = working_calendar_for(partnership)
    for past in PAST_RAPID_REVIEWS:
        _past_rapid_review(partnership, cast, calendar, past)
    themes = {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}
    for (pseudonym, kind), pieces in REVIEW_LEARNING.items():
        review = Review.objects.get(partnership=partnership, pseudonym=pseudonym, kind=kind)
        _record_learning(review, cast, calendar, pieces, themes)
    _past_action_plans(partnership, cast, calendar)
    _published_lcspr_plan(partnership, cast, calendar)
    _immediate_actions(partnership, cast, calendar)


# Working days after the origin each rapid review step was done, for the past reviews.
PAST_STEP_DAYS = {
    Step.CONFIRM_SCOPE: 1,
    Step.REQUEST_INFORMATION: 1,
    Step.CONFIRM_TIMELINE: 1,
    Step.INVITE_TO_MEETING: 1,
    Step.INFORMATION_RETURNED: 5,
    Step.COMBINED_REPORT: 7,
    Step.PARTNER_DECISIONS: 9,
    Step.DECISION_MEETING: 11,
    Step.REPORT_AMENDED: 12,
    Step.REPORT_AGREED: 15,
    Step.REPORT_SUBMITTED: 15,
    Step.PANEL_ACKNOWLEDGED: 17,
    Step.PANEL_RESPONSE: 27,
    Step.SUBGROUP_INFORMED: 29,
    Step.OUTCOME: 30,
}
CLOSED_ON = 30


def _past_rapid_review(
    partnership: Partnership, cast: Cast, calendar: WorkingCalendar, past: PastRapidReview
) -> Review:
    """A rapid review that ran before the service: notified, each step recorded from the
    files on the day it was done, and closed without an LCSPR."""
    day = dt.date(anchor_year(moment.today()) - past.years_before, past.month, past.day)
    told = calendar.add_working_days(calendar.subtract_working_days(day, 1), 1)
    aware = calendar.subtract_working_days(told, 2)
    with _on(told):
        review = record_notification(
            partnership=partnership,
            by=cast.team,
            children=[
                ChildDetails(pseudonym=past.pseudonym, sex=past.sex, age_years=past.age_years)
            ],
            incident_date=aware - dt.timedelta(days=1),
            harm="seriously-harmed",
            incident_area="Wexmoor County Council",
            home_area="Wexmoor County Council",
            criterion="in-area",
            abuse_or_neglect="suspected",
            proceed_reason="",
            la_aware_on=aware,
            panel_notified_on=calendar.subtract_working_days(told, 1),
            partnership_told_on=told,
        )
    process = get_ruleset(review.ruleset).process(review.kind)
    for step in process.steps:
        key = Step(step.key)
        if key not in PAST_STEP_DAYS or is_done(review, key):
            continue
        on = calendar.add_working_days(review.origin, PAST_STEP_DAYS[key])
        with _on(on):
            complete_step(
                review,
                key=key,
                by=cast.team,
                completed_on=on,
                note="Recorded from the partnership's files: the review ran before this "
                "service was in use. No LCSPR: the learning was addressed by the actions below."
                if step.key == Step.OUTCOME
                else "Recorded from the partnership's files.",
            )
    with _on(calendar.add_working_days(review.origin, CLOSED_ON), hour=16):
        close_review(review, by=cast.team)
    return review


def _record_learning(
    review: Review,
    cast: Cast,
    calendar: WorkingCalendar,
    pieces: tuple[DemoLearning, ...],
    themes: dict[str, Theme],
) -> None:
    # Learning from the decision meeting (working day 11) of a rapid review; an LCSPR's from its
    # learning events and drafts, some weeks in.
    day = calendar.add_working_days(review.origin, 11 if review.kind == RAPID else 26)
    with _on(min(day, moment.today()), hour=15):
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


def _review(partnership: Partnership, pseudonym: str, kind: ReviewKind = RAPID) -> Review:
    return Review.objects.get(partnership=partnership, pseudonym=pseudonym, kind=kind)


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


def _leads(cast: Cast) -> dict[str, tuple[str, User]]:
    return {
        POLICE: ("Hannah Stroud", cast.lead(POLICE)),
        ICB: ("Samuel Achebe", cast.lead(ICB)),
        COUNTY_CSC: ("Ruth Pennington", cast.lead(COUNTY_CSC)),
        CITY_CSC: ("Nadia Forsyth", cast.lead(CITY_CSC)),
        SCHOOL: ("Colin Barraclough", cast.school_panel),
        HEALTH: ("Amara Okafor", cast.health_panel),
    }


def _past_action_plans(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
    for pseudonym, (text, actions) in PAST_ACTIONS.items():
        review = _review(partnership, pseudonym)
        added = calendar.add_working_days(review.origin, CLOSED_ON - 1)
        with _on(added):
            recommendation = make_recommendation(
                review, by=cast.team, text=text, learning=list(review.learning.all())
            )
        for spec in actions:
            _action(review, cast, spec, added=added, recommendation_id=recommendation.pk)
        if pseudonym == "Child Q":
            _disseminate(review, cast, calendar.add_working_days(added, 20))


def _due(spec: DemoAction, added: dt.date) -> dt.date:
    if spec.due_after_days == WHEN_RELATIVE:
        return moment.today() + dt.timedelta(days=30)
    return added + dt.timedelta(days=spec.due_after_days)


def _action(
    review: Review,
    cast: Cast,
    spec: DemoAction,
    *,
    added: dt.date,
    recommendation_id: int,
) -> PlanAction:
    lead_name, lead = _leads(cast)[spec.organisation]
    recommendation = review.recommendations.get(pk=recommendation_id)
    with _on(added, hour=11):
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
    with _on(day, hour=12):
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
        with _on(day + dt.timedelta(days=5)):
            confirm_action(action, by=cast.team, expected_version=action.version)


def _disseminate(review: Review, cast: Cast, day: dt.date) -> None:
    with _on(min(day, moment.today()), hour=16):
        for organisation, method, reached in (
            (POLICE, Dissemination.Method.TEAM_MEETING, 45),
            (ICB, Dissemination.Method.NEWSLETTER, 300),
            (SCHOOL, Dissemination.Method.BRIEFING, 25),
            (HEALTH, Dissemination.Method.TRAINING, 60),
        ):
            record_dissemination(
                review,
                by=cast.team,
                organisation=cast.organisations[organisation],
                shared_on=min(day, moment.today()),
                method=method,
                practitioners_reached=reached,
            )


def _published_lcspr_plan(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
    """Child N's LCSPR: two recommendations on publication, actions in every open state (one
    overdue), the 7-minute briefing and how it was shared."""
    review = _review(partnership, "Child N", LCSPR)
    published = Publication.objects.get(review=review).published_on
    assert published is not None  # noqa: S101  demo_lcspr published it
    learning = list(review.learning.order_by("pk"))
    today = moment.today()
    with _on(published, hour=11):
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
    plans = (
        (
            first,
            DemoAction(
                ICB,
                "Update the safe sleep leaflet and script.",
                90,
                ActionStatus.AWAITING_CONFIRMATION,
                WHEN_RELATIVE,
            ),
        ),
        (
            first,
            DemoAction(
                HEALTH,
                "Audit safe sleep conversations in 50 records.",
                (today - published).days + 60,
                ActionStatus.NOT_STARTED,
            ),
        ),
        (
            second,
            DemoAction(
                COUNTY_CSC,
                "Add an escalation prompt to supervision.",
                (today - published).days + 20,
                ActionStatus.IN_PROGRESS,
                30,
            ),
        ),
        (
            second,
            DemoAction(
                CITY_CSC,
                "Brief team managers on the escalation policy.",
                (today - published).days - 14,
                ActionStatus.NOT_STARTED,
            ),
        ),
        (
            second,
            DemoAction(
                POLICE,
                "Add alcohol use to the domestic incident checklist.",
                60,
                ActionStatus.CONFIRMED,
                45,
            ),
        ),
    )
    for recommendation, spec in plans:
        _action(review, cast, spec, added=published, recommendation_id=recommendation.pk)
    briefing_day = calendar.add_working_days(published, 2)
    with _on(briefing_day, hour=9):
        generate_learning_document(review, kind=DocumentKind.SEVEN_MINUTE_BRIEFING, by=cast.team)
    _disseminate(review, cast, calendar.add_working_days(briefing_day, 10))


def _immediate_actions(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
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
        review = _review(partnership, pseudonym, kind)
        day = min(calendar.add_working_days(review.origin, after), today)
        lead_name, lead = _leads(cast)[organisation]
        with _on(day, hour=13):
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
