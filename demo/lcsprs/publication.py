"""An LCSPR's publication: the media strategy, the notice, publication; and the LCSPR held while
criminal proceedings run."""

from __future__ import annotations

import datetime as dt

from demo.days import on_day
from demo.lcsprs.cast import CITY_CSC, COUNTY_CSC, HEALTH, ICB, POLICE, SCHOOL, Run
from demo.lcsprs.drafts import draft, final_and_signed
from demo.lcsprs.events import events_done, trial_date
from reviews.actions import start_hold
from reviews.actions.lcspr.publication.family import record_family_told
from reviews.actions.lcspr.publication.publishing import (
    agree_media_strategy,
    delay_publication,
    plan_publication,
    record_pre_publication_notice,
    record_published,
    save_media_strategy,
)
from reviews.dates_in_words import long_date
from reviews.reads.lcspr.publication import six_month_deadline


def to_sign_off(run: Run) -> None:
    cast = run.cast
    final_and_signed(
        run,
        [(cast.lead(POLICE), POLICE), (cast.lead(ICB), ICB), (cast.school_panel, SCHOOL)],
    )
    deadline = six_month_deadline(run.review)
    with on_day(run.day(72)):
        save_media_strategy(
            run.review,
            by=cast.team,
            expected_version=0,
            impact_update="",
            publication_method="On the partnership's website, with a 7-minute briefing.",
            practitioner_update="",
            family_liaison="The social worker tells the mother before publication.",
        )
        if deadline is not None:
            plan_publication(
                run.review,
                by=cast.team,
                expected_version=0,
                planned_on=run.calendar.subtract_working_days(deadline, 3),
            )


def to_published(run: Run) -> None:
    cast = run.cast
    final_and_signed(
        run,
        [
            (cast.lead(POLICE), POLICE),
            (cast.lead(ICB), ICB),
            (cast.school_panel, SCHOOL),
            (cast.lead(COUNTY_CSC), COUNTY_CSC),
            (cast.lead(CITY_CSC), CITY_CSC),
            (cast.health_panel, HEALTH),
        ],
    )
    _publish(run, published=100)


def _publish(run: Run, *, published: int) -> None:
    cast, review = run.cast, run.review
    with on_day(run.day(75)):
        save_media_strategy(
            review,
            by=cast.team,
            expected_version=0,
            impact_update="Since the rapid review every partner has changed how it advises "
            "parents on safe sleep; see the action plan.",
            publication_method="On the partnership's website, with a press release agreed with "
            "the communications leads of the three statutory partners.",
            practitioner_update="A 7-minute briefing and a lunchtime webinar for practitioners.",
            family_liaison="The author and the social worker meet the mother before publication.",
        )
        plan_publication(review, by=cast.team, expected_version=0, planned_on=run.day(published))
    with on_day(run.day(78)):
        agree_media_strategy(review, by=cast.team, agreed_on=run.day(78))
    notice = run.day(published - 7)
    with on_day(notice):
        record_pre_publication_notice(
            review,
            by=cast.team,
            sent_on=notice,
            sent_to="The National Panel and the Secretary of State (Department for Education)",
        )
    with on_day(run.day(published - 3)):
        record_family_told(
            review, by=cast.team, about="publication", told_on=run.day(published - 3)
        )
    with on_day(run.day(published)):
        record_published(
            review,
            by=cast.team,
            published_on=run.day(published),
            where="https://www.wcscp.example/reviews/published",
            # Asked for only if sign-off or the media strategy is incomplete on the day.
            gaps_confirmed=True,
            gaps_reason="The partners agreed at the subgroup to publish on the date planned.",
        )


TRIAL_REASON = (
    "Criminal proceedings: the trial of the father is listed for {trial} at Calderbridge Crown "
    "Court. The police and the Crown Prosecution Service asked that the review does not publish "
    "or approach witnesses until the trial ends."
)


def to_held(run: Run) -> None:
    """Events held with the family's contact deferred; publication delayed past six months;
    the review on hold while the father's criminal trial is awaited."""
    events_done(run, deferred=True)
    draft(run, 50, note="First draft, written without the family's views while contact waits.")
    trial = trial_date(run)
    reason = TRIAL_REASON.format(trial=long_date(trial))
    day = run.day(120)
    with on_day(day):
        delay_publication(
            run.review,
            by=run.cast.team,
            new_date=trial + dt.timedelta(days=90),
            reason=reason,
            told_on=day,
            told_how="A letter to the National Panel and an email to the Department for "
            "Education's mailbox",
        )
        start_hold(run.review, by=run.cast.team, start=day, reason=reason)
