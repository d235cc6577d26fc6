"""A small hand-built world of LCSPRs and learning for the statistics tests (issue 15), made
through the real actions on the day each thing happened (learning and recommendations through
the learning_rows stand-ins, the publication's checked final draft through its own).

The period is the financial year April 2025 to March 2026 and "today" is 20 May 2026, so every
figure is as at 31 March 2026. What is in it, and why:

LCSPRs (six-month date in brackets)
- ``on_time``: decided 10 Jan 2025 (10 Jul 2025), published 20 Jun 2025: published in the
  period within six months, commissioned before the period.
- ``late``: decided 15 Apr 2025 (15 Oct 2025), published 20 Nov 2025 with the reason
  ``LATE_REASON``: commissioned and published in the period, 36 days after six months.
- ``in_progress``: decided 2 Jun 2025 (2 Dec 2025), steps done to the itinerary on 1 Sep 2025,
  publication put back on 10 Nov 2025 to 30 Jun 2026 with ``DELAY_REASON`` (the Panel told
  that day): commissioned in the period, in progress at its end at "learning events and the
  family", 119 days past six months on 31 March 2026.
- ``published_later``: decided 3 Nov 2025 (3 May 2026), steps done to the itinerary and
  published only in April 2026: commissioned in the period, in progress at its end in planning.
- ``after_period``: decided 10 Apr 2026: counts nowhere.
- ``elsewhere``: another partnership's LCSPR decided in the period: counts nowhere.
- ``rapid_review``: decided 3 Jun 2024, with learning on domestic abuse (themes only).

Recommendations: R0 on ``on_time`` recorded before the period; R1, R2 on ``late`` and R3, R4 on
``in_progress`` recorded in it. Actions (all made and completed through the actions):
- ``earlier``: police, R0, due 28 Feb 2025, never done: due before the period, still overdue.
- ``on_time_action``: police, R1, due 30 Sep 2025, completed 15 Sep 2025 and confirmed.
- ``late_action``: school, R2, due 31 Oct 2025, completed 1 Dec 2025, awaiting confirmation.
- ``overdue``: police, R3, due 31 Jan 2026, not started: overdue.
- ``after_the_end``: school, R3, due 15 Mar 2026, completed 10 Apr 2026: overdue on 31 March.
- ``not_due``: school, R3, due 30 Jun 2026: due after the period, counts nowhere.
R4 has no actions.

Dissemination: police training on ``on_time`` (1 Oct 2025, 40 reached), school 7-minute
briefing on ``late`` (10 Feb 2026, 25 reached), and police newsletter on ``on_time`` before the
period (1 Mar 2025, 100 reached: counts nowhere).

Themes: "Neglect" in the learning of ``on_time``, ``late`` and ``after_period`` and in R3 of
``in_progress``; "Domestic abuse" in the learning of ``rapid_review`` and ``late``.

``grow(world, copies)`` adds more of the same to measure that the queries do not grow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from accounts.models import Organisation, Partnership, User
from reviews.actions.lcspr.publication.publishing import (
    delay_publication,
    plan_publication,
    record_pre_publication_notice,
    record_published,
)
from reviews.actions.learning.plans.actions import add_action
from reviews.actions.learning.plans.progress import complete_action, confirm_action
from reviews.actions.learning.sharing import record_dissemination
from reviews.actions.steps import complete_step
from reviews.models import Dissemination, PlanAction, Recommendation, Review, ReviewKind
from reviews.process import Step
from reviews.reads.statistics.tables import Period
from reviews.tests.factories import make_review
from reviews.tests.lcspr_publication_setup import SENT_TO, at, final_draft_checked
from reviews.tests.learning_rows import add_learning, add_recommendation, theme

PERIOD = Period.financial_year(2025)
TODAY = dt.date(2026, 5, 20)
AS_AT = dt.date(2026, 3, 31)

LATE_REASON = "The criminal trial ended in November."
DELAY_REASON = "Awaiting the inquest."
TOLD_HOW = "A letter to the National Panel and the Secretary of State"

# The steps done on the LCSPRs in progress, in order: the last is the itinerary.
TO_THE_ITINERARY = (
    Step.PANEL_VIEW_CONFIRMED,
    Step.RAPID_REVIEW_CIRCULATED,
    Step.TERMS_OF_REFERENCE,
    Step.AUTHOR_COMMISSIONED,
    Step.INTRODUCTION_MEETING,
    Step.ITINERARY_CONFIRMED,
)


@dataclass(frozen=True)
class StatisticsLcsprWorld:
    partnership: Partnership
    team: User
    police: Organisation
    school: Organisation
    rapid_review: Review
    on_time: Review
    late: Review
    in_progress: Review
    published_later: Review
    after_period: Review
    elsewhere: Review
    actions: dict[str, PlanAction]


def lcspr(partnership: Partnership, by: User, origin: dt.date) -> Review:
    with at(origin):
        return make_review(partnership=partnership, by=by, kind=ReviewKind.LCSPR, origin=origin)


def steps_done(review: Review, by: User, on: dt.date) -> None:
    with at(on):
        for key in TO_THE_ITINERARY:
            complete_step(review, key=key, by=by, completed_on=on)


def published(
    review: Review,
    by: User,
    *,
    planned: tuple[dt.date, dt.date],
    notice: dt.date,
    on: dt.date,
    delay_reason: str = "",
) -> None:
    """Planned on ``planned[0]`` for ``planned[1]``, the notice sent, published ``on``."""
    with at(planned[0]):
        plan_publication(review, by=by, expected_version=0, planned_on=planned[1])
    with at(notice):
        record_pre_publication_notice(review, by=by, sent_on=notice, sent_to=SENT_TO)
        final_draft_checked(review, by)
    with at(on):
        record_published(
            review,
            by=by,
            published_on=on,
            where="https://wexmoor.example/lcspr",
            delay_reason=delay_reason,
            gaps_confirmed=True,
            gaps_reason="The partners agreed to publish on the date set.",
        )


def action(
    recommendation: Recommendation,
    by: User,
    organisation: Organisation,
    *,
    added: dt.date,
    due: dt.date,
    completed: dt.date | None = None,
    confirmed: dt.date | None = None,
) -> PlanAction:
    with at(added):
        made = add_action(
            recommendation,
            by=by,
            description="Brief every team on the learning.",
            organisation=organisation,
            lead_name="The named lead",
            due_on=due,
        )
    if completed is not None:
        with at(completed):
            made = complete_action(
                made,
                by=by,
                expected_version=made.version,
                completed_on=completed,
                evidence_note="Minutes of the briefing sessions.",
            )
    if confirmed is not None:
        with at(confirmed):
            made = confirm_action(made, by=by, expected_version=made.version)
    return made


def recommendation(
    review: Review, by: User, on: dt.date, themes: tuple[str, ...] = ()
) -> Recommendation:
    with at(on):
        return add_recommendation(
            review,
            by=by,
            text="Review the multi-agency procedure.",
            themes=[theme(review.partnership, name) for name in themes],
        )


def learned(review: Review, by: User, *themes: str) -> None:
    with at(max(review.origin, dt.date(2024, 6, 3))):
        add_learning(
            review,
            by=by,
            summary="Practitioners did not share what they knew.",
            themes=[theme(review.partnership, name) for name in themes],
        )


def shared(
    review: Review, by: User, organisation: Organisation, on: dt.date, method: str, reached: int
) -> None:
    with at(on):
        record_dissemination(
            review,
            by=by,
            organisation=organisation,
            shared_on=on,
            method=Dissemination.Method(method),
            practitioners_reached=reached,
        )


def lcsprs(partnership: Partnership, team: User) -> dict[str, Review]:
    """The partnership's LCSPRs, with their steps, publications and delays."""
    made = {
        "on_time": lcspr(partnership, team, dt.date(2025, 1, 10)),
        "late": lcspr(partnership, team, dt.date(2025, 4, 15)),
        "in_progress": lcspr(partnership, team, dt.date(2025, 6, 2)),
        "published_later": lcspr(partnership, team, dt.date(2025, 11, 3)),
        "after_period": lcspr(partnership, team, dt.date(2026, 4, 10)),
    }
    published(
        made["on_time"],
        team,
        planned=(dt.date(2025, 5, 1), dt.date(2025, 6, 20)),
        notice=dt.date(2025, 6, 5),
        on=dt.date(2025, 6, 20),
    )
    published(
        made["late"],
        team,
        planned=(dt.date(2025, 9, 1), dt.date(2025, 10, 10)),
        notice=dt.date(2025, 9, 20),
        on=dt.date(2025, 11, 20),
        delay_reason=LATE_REASON,
    )
    steps_done(made["in_progress"], team, dt.date(2025, 9, 1))
    with at(dt.date(2025, 11, 10)):
        delay_publication(
            made["in_progress"],
            by=team,
            new_date=dt.date(2026, 6, 30),
            reason=DELAY_REASON,
            told_on=dt.date(2025, 11, 10),
            told_how=TOLD_HOW,
        )
    steps_done(made["published_later"], team, dt.date(2026, 4, 5))
    published(
        made["published_later"],
        team,
        planned=(dt.date(2026, 3, 1), dt.date(2026, 4, 15)),
        notice=dt.date(2026, 4, 1),
        on=dt.date(2026, 4, 15),
    )
    return made


def learning(
    world: dict[str, Review], team: User, police: Organisation, school: Organisation
) -> dict[str, PlanAction]:
    """Learning, recommendations, actions and dissemination on the LCSPRs."""
    day = dt.date
    r0 = recommendation(world["on_time"], team, day(2025, 2, 1))
    r1 = recommendation(world["late"], team, day(2025, 8, 1))
    r2 = recommendation(world["late"], team, day(2025, 8, 1))
    r3 = recommendation(world["in_progress"], team, day(2025, 12, 10), ("Neglect",))
    recommendation(world["in_progress"], team, day(2025, 12, 10))
    actions = {
        "earlier": action(r0, team, police, added=day(2025, 2, 1), due=day(2025, 2, 28)),
        "on_time_action": action(
            r1,
            team,
            police,
            added=day(2025, 8, 1),
            due=day(2025, 9, 30),
            completed=day(2025, 9, 15),
            confirmed=day(2025, 9, 20),
        ),
        "late_action": action(
            r2,
            team,
            school,
            added=day(2025, 8, 1),
            due=day(2025, 10, 31),
            completed=day(2025, 12, 1),
        ),
        "overdue": action(r3, team, police, added=day(2025, 12, 10), due=day(2026, 1, 31)),
        "after_the_end": action(
            r3,
            team,
            school,
            added=day(2025, 12, 10),
            due=day(2026, 3, 15),
            completed=day(2026, 4, 10),
        ),
        "not_due": action(r3, team, school, added=day(2025, 12, 10), due=day(2026, 6, 30)),
    }
    shared(world["on_time"], team, police, day(2025, 10, 1), "training", 40)
    shared(world["late"], team, school, day(2026, 2, 10), "briefing", 25)
    shared(world["on_time"], team, police, day(2025, 3, 1), "newsletter", 100)
    for name, themes in (
        ("on_time", ("Neglect",)),
        ("late", ("Neglect", "Domestic abuse")),
        ("after_period", ("Neglect",)),
        ("rapid_review", ("Domestic abuse",)),
    ):
        learned(world[name], team, *themes)
    return actions


def build(
    partnership: Partnership,
    team: User,
    police: Organisation,
    school: Organisation,
    other_partnership: Partnership,
    outsider: User,
) -> StatisticsLcsprWorld:
    with at(dt.date(2024, 6, 3)):
        rapid_review = make_review(partnership=partnership, by=team, origin=dt.date(2024, 6, 3))
    reviews = {**lcsprs(partnership, team), "rapid_review": rapid_review}
    actions = learning(reviews, team, police, school)
    return StatisticsLcsprWorld(
        partnership=partnership,
        team=team,
        police=police,
        school=school,
        rapid_review=rapid_review,
        on_time=reviews["on_time"],
        late=reviews["late"],
        in_progress=reviews["in_progress"],
        published_later=reviews["published_later"],
        after_period=reviews["after_period"],
        elsewhere=lcspr(other_partnership, outsider, dt.date(2025, 5, 1)),
        actions=actions,
    )


def grow(world: StatisticsLcsprWorld, copies: int) -> None:
    """Add ``copies`` more LCSPRs in the period, each delayed, with a recommendation, an action
    done late, learning with a theme and dissemination: more rows, never more queries."""
    team, day = world.team, dt.date
    for _ in range(copies):
        review = lcspr(world.partnership, team, day(2025, 5, 6))
        steps_done(review, team, day(2025, 7, 1))
        with at(day(2025, 10, 1)):
            delay_publication(
                review,
                by=team,
                new_date=day(2026, 6, 1),
                reason=DELAY_REASON,
                told_on=day(2025, 10, 1),
                told_how=TOLD_HOW,
            )
        made = recommendation(review, team, day(2025, 7, 1), ("Neglect",))
        action(
            made,
            team,
            world.school,
            added=day(2025, 7, 1),
            due=day(2025, 8, 1),
            completed=day(2025, 8, 5),
        )
        learned(review, team, "Domestic abuse")
        shared(review, team, world.police, day(2025, 9, 1), "team-meeting", 10)


@pytest.fixture
def statistics_lcspr_world(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    other_partnership: Partnership,
    outsider: User,
) -> StatisticsLcsprWorld:
    return build(partnership, business_team_member, police, school, other_partnership, outsider)
