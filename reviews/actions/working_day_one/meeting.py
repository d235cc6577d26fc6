"""Inviting agency leads to the working day 11 decision meeting (invite-to-meeting).

Each invitee gets an email with a calendar invitation. A change sends an update under the
same UID with a higher SEQUENCE, so calendars move the entry rather than add a second one;
people no longer invited get a cancellation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.actions.guards import WORKING_DAY_ONE, check_open_rapid_review
from reviews.actions.records import refused
from reviews.actions.steps import complete_step
from reviews.calendar_files import (
    uid_host,
)
from reviews.dates_in_words import long_moment
from reviews.event_types import EventType
from reviews.models import Meeting, MeetingKind, Review, ReviewRole
from reviews.process import Step
from reviews.reads.steps import is_done
from reviews.reads.working_day_one import meeting_candidates

MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
MAX_DAYS_AHEAD = 366
# Invited unless the business team unticks them: the partners decide, legal services advise.
INVITED_BY_DEFAULT = frozenset({ReviewRole.STATUTORY_PARTNER_LEAD, ReviewRole.LEGAL_REPRESENTATIVE})
EDITABLE = ("starts_at", "duration_minutes", "location", "online_link")
# What the meeting is for, in the invitation and on the meeting's page alike.
DECISION_MEETING_AGENDA = (
    "The statutory partners decide whether the case meets the criteria for a local child "
    "safeguarding practice review, and whether it may need a national review by the "
    "National Panel, with legal advice.",
    "Please read the combined agency information report before the meeting.",
)


def _check(
    review: Review,
    *,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str,
    online_link: str,
    invitees: Sequence[User],
) -> None:
    check_open_rapid_review(review, WORKING_DAY_ONE)
    now = moment.now()
    if timezone.is_naive(starts_at):
        raise ActionError("Give the meeting's start with its time zone.", field="date")
    if starts_at <= now:
        raise ActionError("The meeting must be in the future.", field="date")
    if starts_at > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ActionError("The meeting must be within a year from today.", field="date")
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise ActionError(
            f"The meeting must last between {MIN_MINUTES} minutes and {MAX_MINUTES // 60} hours.",
            field="duration_minutes",
        )
    if len(location) > 300:  # noqa: PLR2004  Meeting.location's length
        raise ActionError("Place must be 300 characters or fewer.", field="location")
    if online_link and (len(online_link) > 500 or not online_link.startswith("https://")):  # noqa: PLR2004
        raise ActionError("Online meeting link must start with https://.", field="online_link")
    if not location and not online_link:
        raise ActionError(
            "Enter a place for the meeting, an online link, or both.", field="location"
        )
    if not invitees:
        raise ActionError("Choose at least one person to invite.", field="invitees")
    members = {user.pk for user, _parts in meeting_candidates(review)}
    if any(person.pk not in members for person in invitees):
        raise ActionError("Choose people who take part in this review.", field="invitees")


def _conflict(
    review: Review,
    *,
    by: User,
    meeting: Meeting | None,
    expected_version: int,
    values: dict[str, Any],
) -> EditConflict:
    return refused(
        review,
        by=by,
        record=meeting,
        label="Meeting",
        expected_version=expected_version,
        values=values,
        describe_values=True,
    )


def arrange_meeting(
    review: Review,
    *,
    by: User,
    expected_version: int,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str,
    online_link: str,
    invitees: Sequence[User],
) -> Meeting:
    """Arrange the decision meeting, or change it, and send every invitee the invitation.

    ``expected_version`` is 0 when the person saw no meeting yet, otherwise the meeting's
    version they started from: a clash raises EditConflict and nothing is sent.
    """
    location, online_link = location.strip(), online_link.strip()
    people = sorted(set(invitees), key=lambda person: person.full_name)
    _check(
        review,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        online_link=online_link,
        invitees=people,
    )
    values: dict[str, Any] = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "location": location,
        "online_link": online_link,
    }
    with transaction.atomic():
        # Locking the review serialises the first arrangement: one decision meeting per review.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .filter(review=review, kind=MeetingKind.DECISION)
            .select_related("review__partnership")
            .first()
        )
        if meeting is None and expected_version == 0:
            return _create(review, by=by, values=values, people=people)
        if meeting is not None and meeting.version == expected_version:
            return _update(meeting, by=by, values=values, people=people)
        # Kept outside the rollback: the refused attempt stays on record, and nothing is sent.
        conflict = _conflict(
            review, by=by, meeting=meeting, expected_version=expected_version, values=values
        )
    raise conflict


def _create(review: Review, *, by: User, values: dict[str, Any], people: Sequence[User]) -> Meeting:
    meeting = Meeting(
        review=review,
        kind=MeetingKind.DECISION,
        uid=f"{uuid4()}@{uid_host(settings.SITE_URL)}",
        invited_by=by,
        **values,
    )
    saved_by(meeting, by)
    meeting.save()
    meeting.invitees.set(people)
    record_event(
        review,
        EventType.MEETING_ARRANGED,
        by=by,
        meeting_id=meeting.pk,
        meeting="decision meeting",
        when=long_moment(meeting.starts_at),
        count=len(people),
        invited=[person.full_name for person in people],
    )
    if not is_done(review, Step.INVITE_TO_MEETING):
        complete_step(review, key=Step.INVITE_TO_MEETING, by=by, completed_on=moment.today())
    emails.decision_meeting_invitation(
        meeting, people, changed=False, cancelled=False, agenda=DECISION_MEETING_AGENDA
    )
    return meeting


def _update(
    meeting: Meeting, *, by: User, values: dict[str, Any], people: Sequence[User]
) -> Meeting:
    before = set(meeting.invitees.all())
    changes = {
        name: {"from": getattr(meeting, name), "to": value}
        for name, value in values.items()
        if getattr(meeting, name) != value
    }
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.version += 1
    saved_by(meeting, by)
    meeting.save()
    meeting.invitees.set(people)
    dropped = sorted(before - set(people), key=lambda person: person.full_name)
    record_event(
        meeting.review,
        EventType.MEETING_CHANGED,
        by=by,
        meeting_id=meeting.pk,
        meeting="decision meeting",
        when=long_moment(meeting.starts_at),
        sequence=meeting.sequence,
        changes=changes,
        invited=[person.full_name for person in people if person not in before],
        uninvited=[person.full_name for person in dropped],
    )
    emails.decision_meeting_invitation(
        meeting, people, changed=True, cancelled=False, agenda=DECISION_MEETING_AGENDA
    )
    if dropped:
        emails.decision_meeting_invitation(
            meeting, dropped, changed=True, cancelled=True, agenda=DECISION_MEETING_AGENDA
        )
    return meeting
