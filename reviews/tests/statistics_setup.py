"""A small hand-built world for the statistics tests, made through the real actions on the day
each thing happened (time_machine). Every figure the tests expect is worked out by hand from
the dates below, in the tests themselves.

The period is the financial year April 2025 to March 2026; the figures are taken as things
stand on Friday 17 April 2026 (``TODAY``). Bank holidays met: 25 and 26 December 2025,
1 January, 3 and 6 April 2026.

Rapid reviews in the period (working day 0 is the day the partnership was told):

- ``on_time``: aware Mon 2 Jun 2025, Panel notified Wed 4 Jun (on time), told Thu 5 Jun
  (WD0; WD5 Thu 12 Jun; WD15 Thu 26 Jun). Requests due 12 Jun: the police return on
  Wed 11 Jun, children's services answer "no involvement" on Thu 12 Jun, the ICB returns on
  Tue 17 Jun (3 working days late; every request answered then, WD8). Sent to the Panel Wed
  25 Jun (WD14, on time); acknowledged Fri 27 Jun, considered Thu 3 Jul; the Panel agrees
  (received Thu 10 Jul); outcome: an LCSPR, decided Mon 14 Jul 2025.
- ``late``: aware Mon 8 Sep 2025, notified Wed 17 Sep (late: due Mon 15 Sep), told Thu 18 Sep
  (WD0; WD5 Thu 25 Sep; WD15 Thu 9 Oct). Requests due 25 Sep: the ICB returns Wed 24 Sep, the
  police Mon 29 Sep (2 working days late), children's services never. Sent Wed 15 Oct (WD19,
  4 working days late); acknowledged Thu 16 Oct, considered Thu 23 Oct; the Panel disagrees
  and asks for more information (Thu 30 Oct); reconvened Wed 5 Nov; outcome: no further
  review, decided Thu 6 Nov 2025.
- ``on_hold``: aware Mon 1 Dec 2025, notified Tue 2 Dec, told Wed 3 Dec (WD0; WD15 Wed 24 Dec).
  On hold from Mon 15 Dec 2025 (criminal proceedings), still on hold, not sent: overdue, since
  working day 15 is national and a hold does not move it.
- ``slightly_late``: aware Mon 5 Jan 2026, notified Fri 9 Jan (on time), told Mon 12 Jan (WD0;
  WD15 Mon 2 Feb). No criterion met (the partners review anyway). Sent Tue 3 Feb 2026 (WD16,
  1 working day late). No Panel response yet.
- ``not_yet_due``: aware Wed 25 Mar 2026, notified Thu 26 Mar, told Fri 27 Mar (WD0; WD15 Tue
  21 Apr 2026, after ``TODAY``). Nothing more yet.

Outside the period, counted nowhere:

- ``before``: told Wed 5 Mar 2025 (notified late, Wed 12 Mar, aware Mon 3 Mar); the police
  return late (Mon 17 Mar, due Wed 12 Mar); sent to the Panel Wed 2 Apr 2025 (late, but on a
  day inside the period: the origin decides).
- ``after``: told Mon 13 Apr 2026.
- ``elsewhere``: another partnership's rapid review, told Thu 5 Jun 2025.
- The LCSPR the ``on_time`` review led to (``lcspr``): not a rapid review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import give_role, make_user
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.panel import record_panel_response, record_reconvened
from reviews.actions.panel.outcome import record_outcome
from reviews.actions.requests import returns
from reviews.actions.steps import start_hold
from reviews.actions.working_day_one import send_requests
from reviews.models import (
    AbuseOrNeglect,
    Criterion,
    Harm,
    InformationRequest,
    NationalReview,
    OutcomeKind,
    Review,
    Sex,
)
from reviews.reads.statistics.tables import Period
from reviews.tests.panel_setup import (
    Cast,
    acknowledge,
    letter,
    make_cast,
    respond,
    send_to_panel,
)

PERIOD = Period.financial_year(2025)
TODAY = dt.date(2026, 4, 17)


@dataclass(frozen=True)
class StatisticsWorld:
    """Handles on the hand-built world: the partnership, its people and every review."""

    partnership: Partnership
    team: User
    cast: Cast
    police: Organisation
    icb: Organisation
    childrens_social_care: Organisation
    on_time: Review
    late: Review
    on_hold: Review
    slightly_late: Review
    not_yet_due: Review
    before: Review
    after: Review
    elsewhere: Review
    lcspr: Review
    period: Period = PERIOD
    today: dt.date = TODAY

    @property
    def in_period(self) -> tuple[Review, ...]:
        return (self.on_time, self.late, self.on_hold, self.slightly_late, self.not_yet_due)


def on(day: dt.date) -> time_machine.travel:
    """Travel to 10am (UTC) on a day: the actions take "today" from it."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


def notify(
    partnership: Partnership,
    team: User,
    dates: str,
    *,
    pseudonym: str = "Child Quillon",
    criterion: Criterion = Criterion.IN_AREA,
) -> Review:
    """Record a notification once its dates have passed: the rapid review opens. ``dates``:
    the local authority aware, the Panel notified, the partnership told, as "YYYY-MM-DD" each."""
    aware, notified, told = (dt.date.fromisoformat(each) for each in dates.split())
    with on(max(told, notified)):
        return record_notification(
            partnership=partnership,
            by=team,
            children=[ChildDetails(pseudonym=pseudonym, sex=Sex.MALE, age_years=6)],
            incident_date=aware - dt.timedelta(days=2),
            harm=Harm.SERIOUSLY_HARMED,
            incident_area="Wexmoor",
            home_area="Wexmoor",
            criterion=criterion,
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            proceed_reason="The partners agreed to review." if criterion == Criterion.NONE else "",
            la_aware_on=aware,
            panel_notified_on=notified,
            partnership_told_on=told,
        )


def ask(review: Review, cast: Cast, *, on_day: dt.date) -> None:
    """Send the three statutory partners their requests (due on working day 5)."""
    with on(on_day):
        send_requests(review, by=cast.team, contributors=cast.partner_leads)


def answer(
    review: Review, organisation: Organisation, cast: Cast, *, day: dt.date, involved: bool = True
) -> InformationRequest:
    """The organisation's lead answers its request on a day: a return, or "no involvement"."""
    person = cast.partner_leads[organisation]
    with on(day):
        request = InformationRequest.objects.get(review=review, organisation=organisation)
        if not involved:
            return returns.declare_no_involvement(
                request, by=person, expected_version=request.version
            )
        draft = returns.save_return_draft(
            request,
            by=person,
            expected_version=request.version,
            involvement="Saw the family twice in the period.",
            analysis="Information was shared late between agencies.",
            immediate_actions="",
            learning="",
        )
        return returns.submit_return(draft, by=person, expected_version=draft.version)


def send(review: Review, cast: Cast, *, day: dt.date) -> None:
    with on(day):
        send_to_panel(review, cast, sent_on=day)


def panel_considers(
    review: Review, cast: Cast, *, acknowledged: dt.date, considers: dt.date
) -> None:
    with on(acknowledged):
        acknowledge(review, cast, acknowledged_on=acknowledged, consideration_date=considers)


def disagree(review: Review, cast: Cast, *, day: dt.date) -> None:
    """The Panel disagrees with the partners and asks for more information."""
    with on(day):
        record_panel_response(
            review,
            by=cast.team,
            expected_version=0,
            received_on=day,
            more_information_needed=True,
            agrees_with_conclusions=False,
            national_review=NationalReview.NO,
            summary="The Panel asks for more on joint working before it can agree.",
            letter=letter(),
        )


def decide(review: Review, cast: Cast, kind: OutcomeKind, *, day: dt.date) -> None:
    with on(day):
        record_outcome(
            review,
            by=cast.team,
            kind=kind,
            rationale="Agreed by the three partners.",
            actions_instead="Training on joint working." if kind == OutcomeKind.NO_REVIEW else "",
            decided_on=day,
        )


@dataclass(frozen=True)
class Parts:
    """What every review of the world is made with."""

    partnership: Partnership
    cast: Cast
    police: Organisation
    icb: Organisation
    csc: Organisation


def make_on_time(parts: Parts) -> Review:
    cast = parts.cast
    review = notify(parts.partnership, cast.team, "2025-06-02 2025-06-04 2025-06-05")
    ask(review, cast, on_day=dt.date(2025, 6, 6))
    answer(review, parts.police, cast, day=dt.date(2025, 6, 11))
    answer(review, parts.csc, cast, day=dt.date(2025, 6, 12), involved=False)
    answer(review, parts.icb, cast, day=dt.date(2025, 6, 17))
    send(review, cast, day=dt.date(2025, 6, 25))
    panel_considers(review, cast, acknowledged=dt.date(2025, 6, 27), considers=dt.date(2025, 7, 3))
    with on(dt.date(2025, 7, 10)):
        respond(review, cast, agrees=True, received_on=dt.date(2025, 7, 10))
    decide(review, cast, OutcomeKind.LCSPR, day=dt.date(2025, 7, 14))
    return review


def make_late(parts: Parts) -> Review:
    cast = parts.cast
    review = notify(parts.partnership, cast.team, "2025-09-08 2025-09-17 2025-09-18")
    ask(review, cast, on_day=dt.date(2025, 9, 19))
    answer(review, parts.icb, cast, day=dt.date(2025, 9, 24))
    answer(review, parts.police, cast, day=dt.date(2025, 9, 29))
    send(review, cast, day=dt.date(2025, 10, 15))
    panel_considers(
        review, cast, acknowledged=dt.date(2025, 10, 16), considers=dt.date(2025, 10, 23)
    )
    disagree(review, cast, day=dt.date(2025, 10, 30))
    with on(dt.date(2025, 11, 5)):
        record_reconvened(
            review,
            by=cast.team,
            held_on=dt.date(2025, 11, 5),
            next_course_of_action="Act on the learning without a further review.",
            response_to_panel="The partners have sent the Panel the information it asked for.",
            attendance="The three statutory partners and legal services.",
        )
    decide(review, cast, OutcomeKind.NO_REVIEW, day=dt.date(2025, 11, 6))
    return review


def make_on_hold(parts: Parts) -> Review:
    review = notify(parts.partnership, parts.cast.team, "2025-12-01 2025-12-02 2025-12-03")
    with on(dt.date(2025, 12, 15)):
        start_hold(
            review, by=parts.cast.team, start=dt.date(2025, 12, 15), reason="Criminal proceedings"
        )
    return review


def make_slightly_late(parts: Parts) -> Review:
    review = notify(
        parts.partnership,
        parts.cast.team,
        "2026-01-05 2026-01-09 2026-01-12",
        criterion=Criterion.NONE,
    )
    send(review, parts.cast, day=dt.date(2026, 2, 3))
    return review


def make_before(parts: Parts) -> Review:
    review = notify(parts.partnership, parts.cast.team, "2025-03-03 2025-03-12 2025-03-05")
    ask(review, parts.cast, on_day=dt.date(2025, 3, 6))
    answer(review, parts.police, parts.cast, day=dt.date(2025, 3, 17))
    send(review, parts.cast, day=dt.date(2025, 4, 2))
    return review


def make_elsewhere(other_partnership: Partnership) -> Review:
    """Another partnership's rapid review, in the period."""
    team = give_role(
        make_user(
            partnership=other_partnership, email="team@ntp.example", full_name="Nia Elsewhere"
        ),
        PartnershipRole.Role.BUSINESS_TEAM,
    )
    return notify(other_partnership, team, "2025-06-02 2025-06-04 2025-06-05")


def build_world(
    partnership: Partnership,
    other_partnership: Partnership,
    *,
    team: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> StatisticsWorld:
    """Build the world described at the top of this module."""
    cast = make_cast(
        partnership, team=team, partners=[police, icb, childrens_social_care], school=school
    )
    parts = Parts(partnership, cast, police, icb, childrens_social_care)
    on_time = make_on_time(parts)
    return StatisticsWorld(
        partnership=partnership,
        team=team,
        cast=cast,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        on_time=on_time,
        late=make_late(parts),
        on_hold=make_on_hold(parts),
        slightly_late=make_slightly_late(parts),
        not_yet_due=notify(partnership, team, "2026-03-25 2026-03-26 2026-03-27"),
        before=make_before(parts),
        after=notify(partnership, team, "2026-04-09 2026-04-10 2026-04-13"),
        elsewhere=make_elsewhere(other_partnership),
        lcspr=Review.objects.get(rapid_review=on_time),
    )


def add_rapid_review(world: StatisticsWorld, *, told: dt.date) -> Review:
    """One more rapid review in the period, taken as far as the Panel's response: requests
    answered (one late, one "no involvement"), sent late, acknowledged, answered. For tests
    that compare query counts at two sizes of world; ``told`` a Monday no later than
    February 2026."""
    review = notify(
        world.partnership,
        world.team,
        " ".join(str(told - dt.timedelta(days=days)) for days in (3, 1, 0)),
    )
    ask(review, world.cast, on_day=told + dt.timedelta(days=1))
    answer(review, world.police, world.cast, day=told + dt.timedelta(days=3))
    answer(
        review,
        world.childrens_social_care,
        world.cast,
        day=told + dt.timedelta(days=3),
        involved=False,
    )
    answer(review, world.icb, world.cast, day=told + dt.timedelta(days=10))
    send(review, world.cast, day=told + dt.timedelta(days=22))
    panel_considers(
        review,
        world.cast,
        acknowledged=told + dt.timedelta(days=23),
        considers=told + dt.timedelta(days=30),
    )
    disagree(review, world.cast, day=told + dt.timedelta(days=35))
    return review


@pytest.fixture
def statistics_world(
    partnership: Partnership,
    other_partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> StatisticsWorld:
    """The hand-built world; import it into a test module to use it."""
    return build_world(
        partnership,
        other_partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
    )
