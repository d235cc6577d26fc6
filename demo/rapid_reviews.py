"""Demo rapid reviews at different points of their first seven working days.

Built through the real actions, each run on the working day it would have happened (the
actions take that day's moment from reviews.moment), counted back from today in the
partnership's working days. So the dashboard shows live deadlines and
every history page reads true: one review just opened, one waiting for late returns, one with
its combined report circulated. Fictional people, places and events only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Organisation, Partnership, User
from demo.days import on_day
from demo.decisions import (
    Chairs,
    agree_report,
    close_with,
    hear,
    hold_meeting,
    record_decisions,
    submit,
)
from reviews import moment
from reviews.actions import working_day_one
from reviews.actions.documents import (
    circulate_combined_report,
    generate_combined_report,
    write_combined_report_files,
)
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.requests.attachments import add_chronology_entry
from reviews.actions.requests.returns import (
    declare_no_involvement,
    save_return_draft,
    submit_return,
)
from reviews.deadlines import WorkingCalendar
from reviews.models import InformationRequest, OutcomeKind, Review
from reviews.models.calendar import working_calendar_for
from reviews.reads.working_day_one import default_period

Kind = Organisation.Kind


@dataclass(frozen=True)
class Cast:
    """The demo people each review needs, looked up once."""

    team: User
    subgroup_chair: User
    legal: User
    leads: dict[Organisation, User]
    school: Organisation
    school_lead: User
    police: Organisation


def _cast(partnership: Partnership) -> Cast:
    def person(email: str) -> User:
        return User.objects.get(email=email)

    def organisation(name: str) -> Organisation:
        return Organisation.objects.get(partnership=partnership, name=name)

    leads = {
        organisation("Wexmoor County Council Children's Services"): person(
            "csc.lead@wexmoor-council.example"
        ),
        organisation("Calderbridge City Council Children's Social Care"): person(
            "csc.lead@calderbridge-council.example"
        ),
        organisation("Wexmoor Constabulary"): person("police.lead@wexmoor-police.example"),
        organisation("Wexmoor and Calderbridge Integrated Care Board"): person(
            "icb.lead@wcicb.example"
        ),
    }
    return Cast(
        team=person("business.manager@wcscp.example"),
        subgroup_chair=person("subgroup.chair@wcscp.example"),
        legal=person("legal@wexmoor-council.example"),
        leads=leads,
        school=organisation("Hollin Lane Primary School"),
        school_lead=person("dsl@hollinlane.example"),
        police=organisation("Wexmoor Constabulary"),
    )


def _open(
    partnership: Partnership,
    cast: Cast,
    calendar: WorkingCalendar,
    *,
    working_days_ago: int,
    child: ChildDetails,
    late: bool = False,
) -> Review:
    told = calendar.subtract_working_days(moment.today(), working_days_ago)
    aware = calendar.subtract_working_days(told, 7 if late else 2)
    with on_day(told):
        return _notify(partnership, cast, child=child, told=told, aware=aware, calendar=calendar)


def _notify(
    partnership: Partnership,
    cast: Cast,
    *,
    child: ChildDetails,
    told: dt.date,
    aware: dt.date,
    calendar: WorkingCalendar,
) -> Review:
    return record_notification(
        partnership=partnership,
        by=cast.team,
        children=[child],
        incident_date=aware - dt.timedelta(days=1),
        harm="seriously-harmed",
        # Harmed in the city, living in the county: both authorities' children's social care
        # are asked, the county's legal services told (where the child lives).
        incident_area="Calderbridge City Council",
        home_area="Wexmoor County Council",
        criterion="in-area",
        abuse_or_neglect="suspected",
        proceed_reason="",
        la_aware_on=aware,
        panel_notified_on=calendar.subtract_working_days(told, 1),
        partnership_told_on=told,
    )


def _working_day_one(review: Review, cast: Cast, calendar: WorkingCalendar) -> None:
    wd1 = calendar.add_working_days(review.origin, 1)
    with on_day(wd1):
        _working_day_one_tasks(review, cast, calendar, wd1)


def _working_day_one_tasks(
    review: Review, cast: Cast, calendar: WorkingCalendar, wd1: dt.date
) -> None:
    start, end = default_period(review.notification.incident_date)
    working_day_one.confirm_period(
        review,
        by=cast.team,
        expected_version=review.version,
        start=start,
        end=end,
        chair=cast.subgroup_chair,
        confirmed_on=wd1,
    )
    working_day_one.send_requests(review, by=cast.team, contributors=cast.leads)
    working_day_one.add_further_agency(
        review,
        by=cast.team,
        organisation=cast.school,
        named_by=cast.police,
        contributor=cast.school_lead,
    )
    working_day_one.confirm_timeline(review, by=cast.team, confirmed_on=wd1)
    meeting_day = calendar.add_working_days(review.origin, 11)
    working_day_one.arrange_meeting(
        review,
        by=cast.team,
        expected_version=0,
        starts_at=dt.datetime.combine(
            meeting_day, dt.time(10), tzinfo=timezone.get_current_timezone()
        ),
        duration_minutes=90,
        location="Committee room 2, Wexmoor County Hall",
        online_link="",
        invitees=[*cast.leads.values(), cast.legal],
    )


_RETURNS = {
    "Wexmoor Constabulary": (
        "Officers attended the family home twice in the period after neighbours reported shouting.",
        "Both visits were recorded as verbal disputes; no referral was made to children's social "
        "care because no child was seen. The policy on domestic incidents where children live at "
        "the address was not followed.",
        [
            (-180, "Call from a neighbour about shouting at the address", "Police incident log"),
            (-95, "Second call; officers spoke to both adults at the door", "Police incident log"),
        ],
    ),
    "Wexmoor and Calderbridge Integrated Care Board": (
        "The health visitor saw the child at the 9 to 12 month review; the GP saw the child for a "
        "chest infection.",
        "Growth was below the expected centile at the review and a follow-up was booked but not "
        "attended. No-one followed up the missed appointment.",
        [
            (-150, "Health visitor review at home; weight below expected centile", "HV records"),
            (-120, "Follow-up clinic appointment not attended", "Community health records"),
            (-40, "GP appointment for a chest infection", "GP records"),
        ],
    ),
}


def _answer(request: InformationRequest, contributor: User, incident: dt.date) -> None:
    involvement, analysis, entries = _RETURNS[request.organisation.name]
    request = save_return_draft(
        request,
        by=contributor,
        expected_version=request.version,
        involvement=involvement,
        analysis=analysis,
        immediate_actions="Practice reminder issued to the teams involved.",
        learning="Seeing and hearing the child when adults are spoken to at home.",
    )
    for days, what, source in entries:
        add_chronology_entry(
            request,
            by=contributor,
            happened_on=incident + dt.timedelta(days=days),
            what_happened=what,
            source=source,
        )
    request.refresh_from_db()
    submit_return(request, by=contributor, expected_version=request.version)


def load_demo_reviews(partnership: Partnership) -> None:
    """Open rapid reviews at every stage, from working day 1 to closed (idempotence is the
    caller's)."""
    cast = _cast(partnership)
    calendar = working_calendar_for(partnership)

    # Working day 1: the notification is in; today's working day 1 tasks are waiting.
    _open(
        partnership,
        cast,
        calendar,
        working_days_ago=1,
        child=ChildDetails(pseudonym="Child A", sex="male", age_years=2, ethnicity="White British"),
    )

    # Working day 6: requests out, police and health returned, the rest late; notified late.
    waiting = _open(
        partnership,
        cast,
        calendar,
        working_days_ago=6,
        late=True,
        child=ChildDetails(pseudonym="Child B", sex="female", age_years=0, plan="child-in-need"),
    )
    _working_day_one(waiting, cast, calendar)
    incident = waiting.notification.incident_date
    with on_day(calendar.add_working_days(waiting.origin, 4)):
        for request in InformationRequest.objects.filter(review=waiting).select_related(
            "organisation", "contributor"
        ):
            if request.organisation.name in _RETURNS and request.contributor is not None:
                _answer(request, request.contributor, incident)

    # Working day 8: every request answered, the combined report generated and circulated.
    combined = _open(
        partnership,
        cast,
        calendar,
        working_days_ago=8,
        child=ChildDetails(pseudonym="Child C", sex="male", age_years=14, looked_after=True),
    )
    _working_day_one(combined, cast, calendar)
    incident = combined.notification.incident_date
    _returns_and_combined_report(combined, cast, calendar)
    _later_stages(partnership, cast, calendar)


def _returns_and_combined_report(review: Review, cast: Cast, calendar: WorkingCalendar) -> None:
    """Every request answered by working day 5; the combined report circulated on day 7."""
    incident = review.notification.incident_date
    with on_day(calendar.add_working_days(review.origin, 5)):
        for request in InformationRequest.objects.filter(review=review).select_related(
            "organisation", "contributor"
        ):
            if request.contributor is None:
                continue
            if request.organisation.name in _RETURNS:
                _answer(request, request.contributor, incident)
            else:
                request.refresh_from_db()
                declare_no_involvement(
                    request, by=request.contributor, expected_version=request.version
                )
    with on_day(calendar.add_working_days(review.origin, 7)):
        document = generate_combined_report(review, by=cast.team)
        # The worker's part, run here: the demo circulates the version at once.
        write_combined_report_files(document.pk)
        circulate_combined_report(document, by=cast.team)


def _through_day_seven(
    partnership: Partnership, cast: Cast, calendar: WorkingCalendar, *, ago: int, child: str
) -> Review:
    review = _open(
        partnership,
        cast,
        calendar,
        working_days_ago=ago,
        child=ChildDetails(pseudonym=child, sex="female", age_years=3),
    )
    _working_day_one(review, cast, calendar)
    _returns_and_combined_report(review, cast, calendar)
    return review


def _later_stages(partnership: Partnership, cast: Cast, calendar: WorkingCalendar) -> None:
    """Reviews past working day 7: waiting for decisions, in approval, waiting for the Panel,
    and closed with each of the three outcomes."""
    chairs = Chairs(
        subgroup=cast.subgroup_chair, partnership=User.objects.get(email="chair@wcscp.example")
    )

    def day(review: Review, n: int) -> dt.date:
        return calendar.add_working_days(review.origin, n)

    # Working day 9: two of the partners have decided.
    deciding = _through_day_seven(partnership, cast, calendar, ago=9, child="Child D")
    with on_day(day(deciding, 9)):
        record_decisions(deciding, how_many=2)

    # Working day 13: decided, met, report approved by the subgroup chair; partners to agree.
    approving = _through_day_seven(partnership, cast, calendar, ago=13, child="Child E")
    with on_day(day(approving, 9)):
        record_decisions(approving)
    with on_day(day(approving, 11)):
        hold_meeting(approving, team=cast.team, held_on=day(approving, 11), lcspr=True)
    with on_day(day(approving, 12)):
        agree_report(approving, team=cast.team, chairs=chairs, partners_too=False)

    # Working day 22: sent to the National Panel on day 15 and acknowledged; no reply yet.
    waiting = _through_day_seven(partnership, cast, calendar, ago=22, child="Child F")
    _decide_and_submit(waiting, cast=cast, chairs=chairs, day=day, lcspr=True)

    # Closed, one with each outcome; the Panel disagreed about Child H, so the partners met again.
    for child, lcspr, agrees, outcome, ago in (
        ("Child G", True, True, OutcomeKind.LCSPR, 75),
        ("Child H", False, False, OutcomeKind.NATIONAL, 70),
        ("Child J", False, True, OutcomeKind.NO_REVIEW, 65),
    ):
        closed = _through_day_seven(partnership, cast, calendar, ago=ago, child=child)
        _decide_and_submit(closed, cast=cast, chairs=chairs, day=day, lcspr=lcspr)
        with on_day(day(closed, 27)):
            hear(closed, team=cast.team, panel_agrees=agrees)
        with on_day(day(closed, 30)):
            close_with(closed, team=cast.team, kind=outcome, decided_on=day(closed, 30))


def _decide_and_submit(
    review: Review,
    *,
    cast: Cast,
    chairs: Chairs,
    day: Callable[[Review, int], dt.date],
    lcspr: bool,
) -> None:
    with on_day(day(review, 9)):
        record_decisions(review, lcspr=lcspr)
    with on_day(day(review, 11)):
        hold_meeting(review, team=cast.team, held_on=day(review, 11), lcspr=lcspr)
    with on_day(day(review, 13)):
        agree_report(review, team=cast.team, chairs=chairs, partners_too=True)
    with on_day(day(review, 15)):
        submit(
            review,
            team=cast.team,
            calendar=working_calendar_for(review.partnership),
            submitted_on=day(review, 15),
        )
