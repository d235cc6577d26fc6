"""The end of an LCSPR: the media strategy, the planned publication date, the final report sent
to the National Panel and the Secretary of State before publication, delays, publication
itself, and the reminder once the minimum publication period has passed.

Working Together: publish no later than six calendar months after the decision to start the
review, the report or, where that is inappropriate, the improvements to be made; send the final
report to the Panel and the Secretary of State N working days before (the partnership's
pre_publication_notice_days, 7 by default); keep it published for at least a year.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import PartnershipRole, User
from reviews import emails, moment
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.completion import record_step_on
from reviews.actions.guards import check_day, check_length, locked_open_lcspr
from reviews.actions.lcspr.publication.readiness import checked_gaps
from reviews.actions.lcspr.publication.telling import checked_delay_telling, checked_justification
from reviews.actions.records import create_or_edit
from reviews.actions.steps import extend_deadline
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import Extension, MediaStrategy, Publication, Review, ReviewMember, ReviewRole
from reviews.process import Step
from reviews.reads.lcspr.drafts import latest_check_passed
from reviews.reads.lcspr.publication import minimum_period_ends, six_month_deadline

# A planned date years away is a typing mistake.
MAX_PLAN_DAYS = 3 * 366

MEDIA_FIELDS = {
    "impact_update": "Impact update",
    "publication_method": "Method of publication",
    "practitioner_update": "Update for practitioners and managers",
    "family_liaison": "Family liaison",
}


def save_media_strategy(
    review: Review,
    *,
    by: User,
    expected_version: int,
    impact_update: str,
    publication_method: str,
    practitioner_update: str,
    family_liaison: str,
) -> MediaStrategy:
    """Save the media strategy (created by the first save, ``expected_version`` 0)."""
    values = {
        "impact_update": impact_update.strip(),
        "publication_method": publication_method.strip(),
        "practitioner_update": practitioner_update.strip(),
        "family_liaison": family_liaison.strip(),
    }
    for name, label in MEDIA_FIELDS.items():
        check_length(values[name], limit=max_length(MediaStrategy, name), label=label, field=name)
    if not any(values.values()):
        raise ActionError("Enter the impact update", field="impact_update")
    # Family liaison may describe the family: the event names the fields changed, not the text.
    return create_or_edit(
        MediaStrategy,
        review=review,
        by=by,
        expected_version=expected_version,
        values=values,
        changed=EventType.MEDIA_STRATEGY_CHANGED,
        label="Media strategy",
        lock=locked_open_lcspr,
        describe_values=False,
    )


def agree_media_strategy(review: Review, *, by: User, agreed_on: dt.date) -> MediaStrategy:
    """Record the media strategy as agreed, which completes the step media-strategy."""
    check_day(review, agreed_on, what="The date it was agreed", field="agreed_on")
    with transaction.atomic():
        locked_open_lcspr(review)
        strategy = MediaStrategy.objects.select_for_update().filter(review=review).first()
        if strategy is None:
            raise ActionError("Write the media strategy before recording it as agreed.")
        if strategy.agreed_on is not None:
            raise ActionError(
                f"The media strategy was already agreed on {long_date(strategy.agreed_on)}."
            )
        missing = [label for name, label in MEDIA_FIELDS.items() if not getattr(strategy, name)]
        if missing:
            raise ActionError(
                "The media strategy cannot be agreed without: " + ", ".join(missing).lower()
            )
        strategy.agreed_on, strategy.agreed_by = agreed_on, by
        strategy.version += 1
        saved_by(strategy, by)
        strategy.save()
        record_event(review, EventType.MEDIA_STRATEGY_AGREED, by=by, agreed_on=long_date(agreed_on))
        record_step_on(review, key=Step.MEDIA_STRATEGY, by=by, on=agreed_on)
    return strategy


def _check_not_published(review: Review) -> None:
    published = (
        Publication.objects.filter(review=review, published_on__isnull=False)
        .values_list("published_on", flat=True)
        .first()
    )
    if published is not None:
        raise ActionError(f"{review.case_code} was published on {long_date(published)}.")


def _check_future_date(review: Review, day: dt.date, *, what: str, field: str) -> None:
    if day < review.origin:
        raise ActionError(
            f"{what} must be on or after the decision to start the review, "
            f"{long_date(review.origin)}",
            field=field,
        )
    if day > moment.today() + dt.timedelta(days=MAX_PLAN_DAYS):
        raise ActionError(f"{what} must be within three years", field=field)


def plan_publication(
    review: Review, *, by: User, expected_version: int, planned_on: dt.date
) -> Publication:
    """Set or change the planned publication date; the pre-publication notice is due N working
    days before it (reviews.clock)."""
    _check_future_date(review, planned_on, what="The planned date", field="planned_on")
    _check_not_published(review)
    return create_or_edit(
        Publication,
        review=review,
        by=by,
        expected_version=expected_version,
        values={"planned_on": planned_on},
        changed=EventType.PUBLICATION_PLANNED,
        label="Publication",
        lock=locked_open_lcspr,
        event_detail={"planned_on": long_date(planned_on)},
    )


def _locked_publication(review: Review) -> Publication:
    publication = Publication.objects.select_for_update().filter(review=review).first()
    if publication is None or publication.planned_on is None:
        raise ActionError("Set the planned publication date first.")
    if publication.published_on is not None:
        raise ActionError(
            f"{review.case_code} was published on {long_date(publication.published_on)}."
        )
    return publication


def record_pre_publication_notice(
    review: Review, *, by: User, sent_on: dt.date, sent_to: str
) -> Publication:
    """Record the final report sent to the National Panel and the Secretary of State before
    publication (completes pre-publication-notice; a correction moves the step's date).

    Sent fewer than N working days before the planned date is allowed: the schedule shows the
    step as done late, and the publication page says so.
    """
    sent_to = sent_to.strip()
    if not sent_to:
        raise ActionError("Enter who the final report was sent to", field="sent_to")
    check_length(
        sent_to, limit=max_length(Publication, "notice_sent_to"), label="Sent to", field="sent_to"
    )
    check_day(review, sent_on, what="The date the report was sent", field="sent_on")
    with transaction.atomic():
        locked_open_lcspr(review)
        publication = _locked_publication(review)
        publication.notice_sent_on, publication.notice_sent_to = sent_on, sent_to
        publication.version += 1
        saved_by(publication, by)
        publication.save()
        record_event(
            review,
            EventType.PRE_PUBLICATION_NOTICE_SENT,
            by=by,
            sent_on=long_date(sent_on),
            sent_to=sent_to,
        )
        record_step_on(review, key=Step.PRE_PUBLICATION_NOTICE, by=by, on=sent_on)
    return publication


def delay_publication(
    review: Review,
    *,
    by: User,
    new_date: dt.date,
    reason: str,
    told_on: dt.date,
    told_how: str,
) -> Publication:
    """Put publication back past its deadline, with the reason (a criminal trial, an inquest,
    family proceedings): an extension of the step published, and the planned date moved.

    Working Together: the National Panel and the Secretary of State are told why; the delay
    records when (``told_on``) and how (``told_how``).
    """
    reason = reason.strip()
    if not reason:
        raise ActionError("Enter why publication is delayed", field="reason")
    check_length(reason, limit=max_length(Extension, "reason"), label="Reason", field="reason")
    told_how = checked_delay_telling(review, told_on=told_on, told_how=told_how)
    _check_future_date(review, new_date, what="The new publication date", field="new_date")
    with transaction.atomic():
        locked_open_lcspr(review)
        publication = Publication.objects.select_for_update().filter(review=review).first()
        if publication is not None and publication.published_on is not None:
            raise ActionError(
                f"{review.case_code} was published on {long_date(publication.published_on)}."
            )
        extend_deadline(review, key=Step.PUBLISHED, by=by, reason=reason, new_date=new_date)
        publication = publication or Publication(review=review)
        publication.planned_on, publication.delay_reason = new_date, reason
        publication.delay_told_on, publication.delay_told_how = told_on, told_how
        if publication.pk is not None:
            publication.version += 1
        saved_by(publication, by)
        publication.save()
        record_event(
            review,
            EventType.PUBLICATION_DELAYED,
            by=by,
            new_date=long_date(new_date),
            reason=reason,
            told_on=long_date(told_on),
            told_how=told_how,
        )
    return publication


def _delay_reason_if_ready(
    review: Review, publication: Publication, *, published_on: dt.date, delay_reason: str
) -> str:
    """Refuse publication before the notice is recorded, before the day it was sent, before
    the final draft passes the anonymisation check, or late with no reason; return the reason
    for any delay (given now or recorded when publication was delayed)."""
    if publication.notice_sent_on is None:
        raise ActionError(
            "Record the final report sent to the National Panel and the Secretary of State "
            "before publishing."
        )
    if published_on < publication.notice_sent_on:
        raise ActionError(
            "The date of publication must be on or after the date the final report was "
            f"sent to the Panel, {long_date(publication.notice_sent_on)}",
            field="published_on",
        )
    if not latest_check_passed(review):
        raise ActionError(
            "The agreed final draft has not passed the anonymisation check: check it for "
            "real names and identifiers before publishing."
        )
    deadline = six_month_deadline(review)
    reason = delay_reason or publication.delay_reason
    if deadline is not None and published_on > deadline and not reason:
        raise ActionError(
            "Enter why publication is later than six months after the decision to start "
            f"the review ({long_date(deadline)})",
            field="delay_reason",
        )
    return reason


def record_published(
    review: Review,
    *,
    by: User,
    published_on: dt.date,
    where: str,
    improvements_only: bool = False,
    delay_reason: str = "",
    improvements_justification: str = "",
    gaps_confirmed: bool = False,
    gaps_reason: str = "",
) -> Publication:
    """Record the review as published (completes published). Refused until the notice is
    recorded and the final draft passed the anonymisation check. After the six-month deadline
    it needs a reason for the delay (here or recorded earlier); only the improvements, their
    justification; without sign-off or an agreed media strategy, a confirmation and a reason
    kept on the event (readiness.checked_gaps)."""
    where, delay_reason = where.strip(), delay_reason.strip()
    justification = checked_justification(
        improvements_only=improvements_only, justification=improvements_justification
    )
    if not where:
        raise ActionError("Enter where it was published", field="where")
    check_length(
        where, limit=max_length(Publication, "where"), label="Where it was published", field="where"
    )
    check_length(
        delay_reason,
        limit=max_length(Publication, "delay_reason"),
        label="Reason for the delay",
        field="delay_reason",
    )
    check_day(review, published_on, what="The date of publication", field="published_on")
    with transaction.atomic():
        locked_open_lcspr(review)
        publication = _locked_publication(review)
        reason = _delay_reason_if_ready(
            review, publication, published_on=published_on, delay_reason=delay_reason
        )
        gaps = checked_gaps(review, confirmed=gaps_confirmed, reason=gaps_reason)
        publication.published_on, publication.where = published_on, where
        publication.improvements_only = improvements_only
        publication.improvements_justification = justification
        publication.delay_reason = reason
        publication.version += 1
        saved_by(publication, by)
        publication.save()
        record_event(
            review,
            EventType.PUBLISHED,
            by=by,
            published_on=long_date(published_on),
            where=where,
            improvements_only=improvements_only,
            **gaps,
        )
        record_step_on(review, key=Step.PUBLISHED, by=by, on=published_on)
    return publication


def reminder_recipients(review: Review) -> list[str]:
    """The review's business team lead, or the partnership's business team if it has none."""
    leads = list(
        ReviewMember.objects.filter(
            review=review,
            role=ReviewRole.BUSINESS_TEAM_LEAD,
            active=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if leads:
        return sorted(leads)
    return sorted(
        PartnershipRole.objects.filter(
            partnership_id=review.partnership_id,
            role=PartnershipRole.Role.BUSINESS_TEAM,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def send_publication_reminders(*, today: dt.date) -> int:
    """Email each published LCSPR's business team once its minimum publication period has
    passed, saying the report may now be taken down; return how many reminders were sent.

    Run daily by ``manage.py send_reminders``. Each publication is reminded once
    (Publication.minimum_period_reminder_sent_at), so running it again sends nothing new.
    """
    # A year is at least 365 days, so nothing published since then can be due (a cheap filter
    # before the exact calendar-month test below).
    candidates = Publication.objects.filter(
        published_on__isnull=False,
        published_on__lte=today - dt.timedelta(days=365),
        minimum_period_reminder_sent_at__isnull=True,
    ).values_list("pk", "published_on")
    sent = 0
    for pk, published_on in candidates:
        if published_on is None or minimum_period_ends(published_on) > today:
            continue
        # One transaction each: a failure with one review leaves the others reminded.
        with transaction.atomic():
            publication = (
                Publication.objects.select_for_update(of=("self",))
                .select_related("review")
                .filter(pk=pk, minimum_period_reminder_sent_at__isnull=True)
                .first()
            )
            if publication is None:  # reminded by a run at the same time
                continue
            review = publication.review
            publication.minimum_period_reminder_sent_at = moment.now()
            publication.save(update_fields=["minimum_period_reminder_sent_at"])
            record_event(
                review,
                EventType.PUBLICATION_REMINDER_SENT,
                by=None,
                published_on=long_date(published_on),
                period_ended_on=long_date(minimum_period_ends(published_on)),
            )
            emails.publication_reminder(
                publication, to=reminder_recipients(review), published=long_date(published_on)
            )
        sent += 1
    return sent
