"""Four rapid reviews from the two years before the demo's current year.

None became an LCSPR: they ran before the service was in use and are recorded here from the
partnership's files, each step on the day it was done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Partnership
from demo.days import on_day
from demo.lcsprs.cast import Cast
from reviews import moment
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.panel.outcome import close_review
from reviews.actions.steps import complete_step
from reviews.deadlines import WorkingCalendar
from reviews.models import Review
from reviews.process import Step, get_ruleset
from reviews.reads.steps import is_done


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


def anchor_year(today: dt.date) -> int:
    """The demo's current year: the year of four months ago, so the reviews of the last few
    months (counted back from today) fall in it or later, and the past ones before it."""
    return (today - dt.timedelta(days=120)).year


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


def past_rapid_review(
    partnership: Partnership, cast: Cast, calendar: WorkingCalendar, past: PastRapidReview
) -> Review:
    """A rapid review that ran before the service: notified, each step recorded from the
    files on the day it was done, and closed without an LCSPR."""
    day = dt.date(anchor_year(moment.today()) - past.years_before, past.month, past.day)
    told = calendar.add_working_days(calendar.subtract_working_days(day, 1), 1)
    aware = calendar.subtract_working_days(told, 2)
    with on_day(told):
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
        with on_day(on):
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
    with on_day(calendar.add_working_days(review.origin, CLOSED_ON), hour=16):
        close_review(review, by=cast.team)
    return review
