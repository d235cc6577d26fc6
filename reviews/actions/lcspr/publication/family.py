"""The family's engagement in an LCSPR: the contact plan, contacts, deferral and what they were
told (domain.md, step family-engagement).

Family details are private to the review team (Permission.VIEW_PRIVATE). Events record that
something changed, never what the family said or who they are: the plan's texts are named,
not copied, and a contact is recorded by its date only.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import transaction

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.guards import check_day, check_length, locked_open_lcspr
from reviews.actions.records import create_or_edit
from reviews.actions.steps import complete_step
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    FamilyContact,
    FamilyEngagement,
    Review,
    StepRecord,
)
from reviews.process import Step
from reviews.reads.lcspr.publication import publication_date

# A deferral while proceedings run can be long, but not open-ended by mistake.
MAX_DEFERRAL_DAYS = 3 * 366

Told = Literal["outcome", "publication"]


def save_family_plan(
    review: Review,
    *,
    by: User,
    expected_version: int,
    contact_plan: str,
    consent_and_wishes: str,
    advocate: str,
) -> FamilyEngagement:
    """Save the contact plan, the family's consent and wishes, and their advocate.

    The record is created by the first save (``expected_version`` 0); later saves name the
    version they started from, and a clash changes nothing.
    """
    values = {
        "contact_plan": contact_plan.strip(),
        "consent_and_wishes": consent_and_wishes.strip(),
        "advocate": advocate.strip(),
    }
    check_length(
        values["contact_plan"],
        limit=max_length(FamilyEngagement, "contact_plan"),
        label="Contact plan",
        field="contact_plan",
    )
    check_length(
        values["consent_and_wishes"],
        limit=max_length(FamilyEngagement, "consent_and_wishes"),
        label="Consent and wishes",
        field="consent_and_wishes",
    )
    check_length(
        values["advocate"],
        limit=max_length(FamilyEngagement, "advocate"),
        label="Advocate",
        field="advocate",
    )
    if not any(values.values()):
        raise ActionError("Enter the contact plan", field="contact_plan")
    # The family's words and their advocate stay out of the event table: names of fields only.
    return create_or_edit(
        FamilyEngagement,
        review=review,
        by=by,
        expected_version=expected_version,
        values=values,
        changed=EventType.FAMILY_PLAN_CHANGED,
        label="Family engagement",
        lock=locked_open_lcspr,
        describe_values=False,
    )


def record_family_contact(
    review: Review,
    *,
    by: User,
    contacted_on: dt.date,
    with_whom: str,
    method: str,
    summary: str,
) -> FamilyContact:
    """Record one contact with the family: when, with whom (a role such as "Mother", never a
    name), how, and a summary."""
    with_whom, method, summary = with_whom.strip(), method.strip(), summary.strip()
    if not with_whom:
        raise ActionError("Enter who the contact was with", field="with_whom")
    if not method:
        raise ActionError("Enter how the contact was made", field="method")
    if not summary:
        raise ActionError("Enter a summary of the contact", field="summary")
    for name, text, label in (
        ("with_whom", with_whom, "With whom"),
        ("method", method, "Method"),
        ("summary", summary, "Summary"),
    ):
        check_length(text, limit=max_length(FamilyContact, name), label=label, field=name)
    check_day(review, contacted_on, what="The date of the contact", field="contacted_on")
    with transaction.atomic():
        locked_open_lcspr(review)
        contact = FamilyContact.objects.create(
            review=review,
            contacted_on=contacted_on,
            with_whom=with_whom,
            method=method,
            summary=summary,
            recorded_by=by,
        )
        record_event(
            review,
            EventType.FAMILY_CONTACT_RECORDED,
            by=by,
            contacted_on=long_date(contacted_on),
        )
    return contact


def _engagement(review: Review) -> FamilyEngagement:
    """The review's engagement record, locked, created empty if nothing was recorded yet."""
    engagement = FamilyEngagement.objects.select_for_update().filter(review=review).first()
    return engagement or FamilyEngagement(review=review)


def defer_family_contact(
    review: Review,
    *,
    by: User,
    since: dt.date,
    reason: str,
    until: dt.date | None = None,
) -> FamilyEngagement:
    """Defer contact with the family, with the reason, for example while criminal proceedings
    make contact inappropriate. It does not stop the review's clock: a hold does that."""
    reason = reason.strip()
    if not reason:
        raise ActionError("Enter why contact with the family is deferred", field="reason")
    check_length(
        reason,
        limit=max_length(FamilyEngagement, "deferred_reason"),
        label="Reason",
        field="reason",
    )
    check_day(review, since, what="The date contact was deferred from", field="since")
    if until is not None:
        if until < since:
            raise ActionError(
                "The date contact may resume must be on or after the date it was deferred from",
                field="until",
            )
        if until > since + dt.timedelta(days=MAX_DEFERRAL_DAYS):
            raise ActionError(
                "The date contact may resume must be within three years", field="until"
            )
    with transaction.atomic():
        locked_open_lcspr(review)
        engagement = _engagement(review)
        if engagement.is_deferred:
            raise ActionError("Contact with the family is already deferred.")
        engagement.deferred_since, engagement.deferred_until = since, until
        engagement.deferred_reason = reason
        if engagement.pk is not None:
            engagement.version += 1
        saved_by(engagement, by)
        engagement.save()
        record_event(review, EventType.FAMILY_CONTACT_DEFERRED, by=by, reason=reason)
    return engagement


def resume_family_contact(review: Review, *, by: User) -> FamilyEngagement:
    """End a deferral: contact with the family may go ahead (the history keeps the deferral)."""
    with transaction.atomic():
        locked_open_lcspr(review)
        engagement = _engagement(review)
        if not engagement.is_deferred:
            raise ActionError("Contact with the family is not deferred.")
        engagement.deferred_since = engagement.deferred_until = None
        engagement.deferred_reason = ""
        engagement.version += 1
        saved_by(engagement, by)
        engagement.save()
        record_event(review, EventType.FAMILY_CONTACT_RESUMED, by=by)
    return engagement


def record_family_told(
    review: Review, *, by: User, about: Told, told_on: dt.date
) -> FamilyEngagement:
    """Record the date the family was told of the review's outcome, or of its publication.

    The family hears of publication before it happens: a date after the planned (or actual)
    publication date is refused.
    """
    if about not in ("outcome", "publication"):
        raise ActionError("Choose what the family was told", field="about")
    check_day(review, told_on, what="The date the family was told", field="told_on")
    with transaction.atomic():
        locked_open_lcspr(review)
        if about == "publication":
            published = publication_date(review)
            if published is None:
                raise ActionError(
                    "Plan the publication date before recording that the family was told of it.",
                    field="told_on",
                )
            if told_on > published:
                raise ActionError(
                    "The family must be told of publication on or before the publication date, "
                    f"{long_date(published)}",
                    field="told_on",
                )
        engagement = _engagement(review)
        if about == "outcome":
            engagement.told_of_outcome_on = told_on
        else:
            engagement.told_of_publication_on = told_on
        if engagement.pk is not None:
            engagement.version += 1
        saved_by(engagement, by)
        engagement.save()
        record_event(review, EventType.FAMILY_TOLD, by=by, about=about, on=long_date(told_on))
    return engagement


def complete_family_engagement(
    review: Review, *, by: User, completed_on: dt.date, note: str = ""
) -> StepRecord:
    """Record the step family-engagement as done.

    Allowed while contact is deferred, since proceedings may outlast the review: the step's
    note then says so, with the deferral's reason, so the record shows why.
    """
    note = note.strip()
    check_length(note, limit=max_length(StepRecord, "note"), label="Note", field="note")
    if completed_on > moment.today():
        raise ActionError(
            "The date it was done must be today or in the past.", field="completed_on"
        )
    with transaction.atomic():
        locked_open_lcspr(review)
        engagement = FamilyEngagement.objects.filter(review=review).first()
        if engagement is None:
            raise ActionError(
                "Record the contact plan, or defer contact with a reason, before completing "
                "the family's engagement."
            )
        if engagement.is_deferred:
            deferral = (
                f"Completed while contact with the family is deferred: {engagement.deferred_reason}"
            )
            note = (f"{deferral}\n{note}" if note else deferral)[: max_length(StepRecord, "note")]
        return complete_step(
            review, key=Step.FAMILY_ENGAGEMENT, by=by, completed_on=completed_on, note=note
        )
