"""The people taking part in an LCSPR who are not users: practitioners, managers, family
members and others (domain.md, step participants-briefed).

Names and organisations are read by the review team and the review panel; sensitivity notes
and email addresses only by the review team (reviews.permissions, VIEW_PRIVATE). Names never
go into events: a review's history is read more widely than its participants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Organisation, User
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.guards import check_open_lcspr, check_recorded_on
from reviews.actions.records import edit_with_version_check
from reviews.actions.steps import complete_step
from reviews.event_types import EventType
from reviews.models import Participant, Review, StepRecord
from reviews.process import Step


def _participant_values(
    review: Review,
    *,
    kind: Participant.Kind,
    name: str,
    job_title: str,
    organisation: Organisation | None,
    email: str,
    sensitive: bool,
    sensitivity_note: str,
    support_in_place: bool,
) -> dict[str, Any]:
    name, job_title = name.strip(), job_title.strip()
    email, sensitivity_note = email.strip().lower(), sensitivity_note.strip()
    if not name:
        raise ActionError("Enter the participant's name.", field="name")
    for value, field, what, limit in [
        (name, "name", "Name", 200),
        (job_title, "job_title", "Job title", 200),
        (email, "email", "Email address", 254),
        (sensitivity_note, "sensitivity_note", "Sensitivity note", 2000),
    ]:
        if len(value) > limit:
            raise ActionError(f"{what} must be {limit:,} characters or fewer.", field=field)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(
                "Enter an email address in the correct format, like name@example.com.",
                field="email",
            ) from None
    if organisation is not None and organisation.partnership_id != review.partnership_id:
        raise ActionError("Choose an organisation of the partnership.", field="organisation")
    if sensitive and not sensitivity_note:
        raise ActionError(
            "Say why the participant's involvement is sensitive.", field="sensitivity_note"
        )
    return {
        "kind": kind.value,
        "name": name,
        "job_title": job_title,
        "organisation": organisation,
        "email": email,
        "sensitive": sensitive,
        # A note without the flag would be shown to nobody: keep neither.
        "sensitivity_note": sensitivity_note if sensitive else "",
        "support_in_place": support_in_place,
    }


def _check_unique_email(review: Review, email: str, *, besides: int | None = None) -> None:
    if not email:
        return
    others = Participant.objects.filter(review=review, email=email)
    if besides is not None:
        others = others.exclude(pk=besides)
    if others.exists():
        raise ActionError(
            "Someone with this email address is already a participant.", field="email"
        )


def add_participant(
    review: Review,
    *,
    by: User,
    kind: Participant.Kind,
    name: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    sensitive: bool = False,
    sensitivity_note: str = "",
    support_in_place: bool = False,
) -> Participant:
    """Add a practitioner, manager, family member or other person taking part (not a user)."""
    check_open_lcspr(review)
    values = _participant_values(
        review,
        kind=kind,
        name=name,
        job_title=job_title,
        organisation=organisation,
        email=email,
        sensitive=sensitive,
        sensitivity_note=sensitivity_note,
        support_in_place=support_in_place,
    )
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        _check_unique_email(review, values["email"])
        participant = Participant(review=review, added_by=by, **values)
        saved_by(participant, by)
        participant.save()
        record_event(
            review,
            EventType.PARTICIPANT_ADDED,
            by=by,
            kind=participant.get_kind_display().lower(),
            participant_id=participant.pk,
        )
    return participant


def change_participant(
    participant: Participant,
    *,
    by: User,
    expected_version: int,
    kind: Participant.Kind,
    name: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    sensitive: bool = False,
    sensitivity_note: str = "",
    support_in_place: bool = False,
) -> Participant:
    """Change a participant's details, if nobody saved them since ``expected_version``."""
    review = participant.review
    check_open_lcspr(review)
    values = _participant_values(
        review,
        kind=kind,
        name=name,
        job_title=job_title,
        organisation=organisation,
        email=email,
        sensitive=sensitive,
        sensitivity_note=sensitivity_note,
        support_in_place=support_in_place,
    )
    _check_unique_email(review, values["email"], besides=participant.pk)
    return edit_with_version_check(
        participant,
        review=review,
        by=by,
        expected_version=expected_version,
        values=values,
        changed=EventType.PARTICIPANT_CHANGED,
        describe_values=False,
        event_detail={
            "kind": Participant.Kind(kind).label.lower(),
            "participant_id": participant.pk,
        },
    )


def record_participants_briefed(
    review: Review, *, by: User, briefed_on: dt.date, note: str = ""
) -> StepRecord:
    """Record that the panel members told their practitioners and managers about the review,
    who is involved, and that support is in place (step participants-briefed)."""
    check_open_lcspr(review)
    check_recorded_on(review, briefed_on, what="The date briefed", field="briefed_on")
    if not Participant.objects.filter(review=review).exists():
        raise ActionError("Add the practitioners and managers taking part first.")
    return complete_step(
        review, key=Step.PARTICIPANTS_BRIEFED, by=by, completed_on=briefed_on, note=note
    )
