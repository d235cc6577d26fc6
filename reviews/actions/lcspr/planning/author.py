"""The independent author's commission, and the introduction meeting with key partners.

The author sees only the review they are commissioned for (domain.md): commissioning them
gives their account a part in this LCSPR and nothing else. Changing the author ends the old
author's part and gives the new one theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, EditConflict, max_length, record_event, saved_by
from reviews.actions.completion import record_step_on
from reviews.actions.guards import check_day, check_length, check_open_lcspr, locked_open_lcspr
from reviews.actions.records import (
    changes_between,
    clash,
    edit_with_version_check,
    keeping_refused_edits,
)
from reviews.actions.review.members import add_review_member, remove_review_member
from reviews.actions.steps import complete_step
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    AuthorCommission,
    IntroductionMeeting,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.process import Step
from reviews.reads.lcspr.planning import attendee_choices
from reviews.reads.steps import is_done

COMMISSION_STEP = Step.AUTHOR_COMMISSIONED
MEETING_STEP = Step.INTRODUCTION_MEETING
# A commission runs for months; ten years is a typing mistake.
MAX_COMMISSION_DAYS = 3660


def _check_commission(
    review: Review,
    *,
    author: User,
    author_organisation: str,
    starts_on: dt.date,
    ends_on: dt.date,
    contract_reference: str,
) -> None:
    if author.partnership_id != review.partnership_id or not author.is_active:
        raise ActionError("Choose the author from the people of this partnership", field="author")
    check_length(
        author_organisation,
        limit=max_length(AuthorCommission, "author_organisation"),
        label="Author's organisation",
        field="author_organisation",
    )
    if not contract_reference:
        raise ActionError("Enter the contract reference", field="contract_reference")
    check_length(
        contract_reference,
        limit=max_length(AuthorCommission, "contract_reference"),
        label="Contract reference",
        field="contract_reference",
    )
    if ends_on < starts_on:
        raise ActionError(
            "The end of the commission must be on or after its start", field="ends_on"
        )
    if (ends_on - starts_on).days > MAX_COMMISSION_DAYS:
        raise ActionError("A commission can last at most ten years", field="ends_on")


def _give_access(review: Review, author: User, *, by: User) -> None:
    """Give the author their part in this review (and only this one), unless they have it."""
    if not ReviewMember.objects.filter(
        review=review, user=author, role=ReviewRole.INDEPENDENT_AUTHOR, active=True
    ).exists():
        add_review_member(review, user=author, role=ReviewRole.INDEPENDENT_AUTHOR, by=by)


def _tell_author(review: Review, author: User) -> None:
    emails.author_commissioned(review, to=author)


def commission_author(
    review: Review,
    *,
    by: User,
    author: User,
    author_organisation: str,
    starts_on: dt.date,
    ends_on: dt.date,
    contract_reference: str,
) -> AuthorCommission:
    """Commission the independent author (completes author-commissioned) and email them.

    The author is given a part in this review only; a review has one commission, changed
    afterwards with ``change_commission``.
    """
    author_organisation, contract_reference = (
        author_organisation.strip(),
        contract_reference.strip(),
    )
    check_open_lcspr(review)
    _check_commission(
        review,
        author=author,
        author_organisation=author_organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        contract_reference=contract_reference,
    )
    with transaction.atomic():
        current = locked_open_lcspr(review)
        if AuthorCommission.objects.filter(review=current).exists():
            raise ActionError("The author is already commissioned: change the commission instead.")
        commission = AuthorCommission(
            review=current,
            author=author,
            author_organisation=author_organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            contract_reference=contract_reference,
            commissioned_by=by,
        )
        saved_by(commission, by)
        commission.save()
        _give_access(current, author, by=by)
        record_event(
            current,
            EventType.AUTHOR_COMMISSIONED,
            by=by,
            author=author.full_name,
            author_id=author.pk,
            organisation=author_organisation,
            starts_on=long_date(starts_on),
            ends_on=long_date(ends_on),
        )
        if not is_done(current, COMMISSION_STEP):
            complete_step(current, key=COMMISSION_STEP, by=by, completed_on=moment.today())
        _tell_author(current, author)
    return commission


def change_commission(
    commission: AuthorCommission,
    *,
    by: User,
    expected_version: int,
    author: User,
    author_organisation: str,
    starts_on: dt.date,
    ends_on: dt.date,
    contract_reference: str,
) -> AuthorCommission:
    """Change the commission, refusing to overwrite someone else's save (EditConflict).

    A new author replaces the old one: the old author's part in the review ends (their
    account no longer reaches it), the new one's begins and they are emailed.
    """
    review = commission.review
    author_organisation, contract_reference = (
        author_organisation.strip(),
        contract_reference.strip(),
    )
    check_open_lcspr(review)
    _check_commission(
        review,
        author=author,
        author_organisation=author_organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        contract_reference=contract_reference,
    )
    values: dict[str, Any] = {
        "author_id": author.pk,
        "author_organisation": author_organisation,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "contract_reference": contract_reference,
    }
    with keeping_refused_edits():
        locked_open_lcspr(review)
        previous = AuthorCommission.objects.get(pk=commission.pk).author
        saved = edit_with_version_check(
            commission,
            review=review,
            by=by,
            expected_version=expected_version,
            values=values,
            changed=EventType.COMMISSION_CHANGED,
            event_detail={"author": author.full_name},
        )
        _replace_author(review, previous, author, by=by)
    return saved


def _replace_author(review: Review, previous: User, author: User, *, by: User) -> None:
    """A new author: the old one's part in the review ends, the new one's begins and they
    are emailed. The same author keeps their part."""
    if previous.pk == author.pk:
        return
    for member in ReviewMember.objects.filter(
        review=review, user=previous, role=ReviewRole.INDEPENDENT_AUTHOR, active=True
    ):
        remove_review_member(member, by=by)
    _give_access(review, author, by=by)
    _tell_author(review, author)


def record_introduction_meeting(
    review: Review,
    *,
    by: User,
    expected_version: int,
    held_on: dt.date,
    attendees: Sequence[User],
    others_present: str,
    agreed: str,
) -> IntroductionMeeting:
    """Record the introduction meeting (completes introduction-meeting), or correct it.

    ``expected_version`` is 0 for the first record, else the version the person started
    from: a clash changes nothing and raises EditConflict. Attendees must be taking part in
    the review; anyone else present is named in ``others_present`` (no account needed).
    """
    others_present, agreed = others_present.strip(), agreed.strip()
    chosen = _checked_meeting(
        review, held_on=held_on, attendees=attendees, others_present=others_present, agreed=agreed
    )
    with keeping_refused_edits():
        current = locked_open_lcspr(review)
        meeting = IntroductionMeeting.objects.select_for_update().filter(review=current).first()
        if (meeting.version if meeting else 0) != expected_version:
            raise _refused_meeting(
                current,
                meeting,
                by=by,
                expected_version=expected_version,
                values={
                    "held_on": held_on,
                    "attendees": chosen,
                    "others_present": others_present,
                    "agreed": agreed,
                },
            )
        return _save_meeting(
            current,
            meeting,
            by=by,
            held_on=held_on,
            attendees=chosen,
            others_present=others_present,
            agreed=agreed,
        )


def _checked_meeting(
    review: Review,
    *,
    held_on: dt.date,
    attendees: Sequence[User],
    others_present: str,
    agreed: str,
) -> list[int]:
    """Refuse a meeting record the rules do not allow; return the attendees' ids, sorted."""
    check_open_lcspr(review)
    check_day(review, held_on, what="The date the meeting was held", field="held_on")
    if not agreed:
        raise ActionError("Enter what was agreed", field="agreed")
    check_length(
        agreed,
        limit=max_length(IntroductionMeeting, "agreed"),
        label="What was agreed",
        field="agreed",
    )
    check_length(
        others_present,
        limit=max_length(IntroductionMeeting, "others_present"),
        label="Others present",
        field="others_present",
    )
    taking_part = {member.user_id for member in attendee_choices(review)}
    chosen = sorted({person.pk for person in attendees})
    if any(pk not in taking_part for pk in chosen):
        raise ActionError(
            "Choose attendees from the people taking part in the review", field="attendees"
        )
    if not chosen and not others_present:
        raise ActionError("Choose who attended, or name the others present", field="attendees")
    return chosen


def _attendee_ids(meeting: IntroductionMeeting) -> list[int]:
    return sorted(meeting.attendees.values_list("pk", flat=True))


def _refused_meeting(
    review: Review,
    meeting: IntroductionMeeting | None,
    *,
    by: User,
    expected_version: int,
    values: dict[str, Any],
) -> EditConflict:
    theirs: dict[str, Any] = {}
    if meeting is not None:
        theirs = {
            "held_on": meeting.held_on,
            "attendees": _attendee_ids(meeting),
            "others_present": meeting.others_present,
            "agreed": meeting.agreed,
        }
    return clash(
        review,
        by=by,
        label="Introduction meeting",
        event_name="introductionmeeting",
        record_id=meeting.pk if meeting else None,
        expected_version=expected_version,
        current_version=meeting.version if meeting else 0,
        theirs=theirs,
        yours=values,
    )


def _save_meeting(
    review: Review,
    meeting: IntroductionMeeting | None,
    *,
    by: User,
    held_on: dt.date,
    attendees: list[int],
    others_present: str,
    agreed: str,
) -> IntroductionMeeting:
    fields = {"held_on": held_on, "others_present": others_present, "agreed": agreed}
    if meeting is None:
        meeting = IntroductionMeeting(review=review, recorded_by=by, **fields)
        saved_by(meeting, by)
        meeting.save()
        meeting.attendees.set(attendees)
        record_event(
            review,
            EventType.INTRODUCTION_MEETING_RECORDED,
            by=by,
            held_on=long_date(held_on),
            attendees=len(attendees),
        )
    else:
        changes = changes_between(meeting, fields)
        before = _attendee_ids(meeting)
        if before != attendees:
            changes["attendees"] = {"from": before, "to": attendees}
        if not changes:
            return meeting
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.version += 1
        saved_by(meeting, by)
        meeting.save()
        meeting.attendees.set(attendees)
        record_event(
            review,
            EventType.INTRODUCTION_MEETING_CHANGED,
            by=by,
            held_on=long_date(held_on),
            changes=sorted(changes),
        )
    record_step_on(review, key=MEETING_STEP, by=by, on=held_on)
    return meeting
