"""The working day 11 decision meeting: arranged by the business team, read (and its calendar
file downloaded) by everyone taking part, and by everyone invited to it: an invitee who may
not read the review (an agency contributor) sees the meeting's details only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import User
from reviews import actions, moment
from reviews.actions import EditConflict
from reviews.actions import working_day_one as wd1
from reviews.calendar_files import build_ics, ics_filename, meeting_invitation
from reviews.clock import schedule_for
from reviews.dates_in_words import long_moment
from reviews.forms.working_day_one import MeetingForm
from reviews.models import AccessLogEntry, Meeting, Review, ReviewKind, ReviewMember, ReviewRole
from reviews.permissions import Permission, can, get_review_for_meeting
from reviews.process import Step
from reviews.reads.working_day_one import decision_meeting, meeting_candidates
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import look_from, person
from reviews.views.posting import saved, status_of, submit
from reviews.views.working_day_one.common import rapid_review

DEFAULT_MEETING_TIME = dt.time(10, 0)


def _parts(members: Iterable[Any]) -> str:
    return "; ".join(
        ReviewRole(member.role).label
        + (f", {member.organisation.name}" if member.organisation else "")
        for member in members
    )


def _reader(request: HttpRequest, pk: int) -> tuple[User, Review, bool, bool]:
    """Fetch the rapid review for its meeting: return the person, the review, whether they may
    act (every POST needs it) and whether they may read the review beyond the meeting."""
    if request.method == "POST":
        user, review, may_act = rapid_review(request, pk, read=False)
        return user, review, may_act, True
    user = person(request)
    review, reads_review = get_review_for_meeting(user, pk)
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise Http404("Working day 1 belongs to a rapid review.")
    may_act = reads_review and can(user, Permission.MANAGE_REQUESTS, review)
    return user, review, may_act, reads_review


MEETING_LABELS = {
    "starts_at": "Date and time",
    "duration_minutes": "Minutes",
    "location": "Place",
    "online_link": "Online link",
}


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, may_act, reads_review = _reader(request, pk)
    current = decision_meeting(review)
    invitees = list(current.invitees.order_by("full_name")) if current else []
    form: MeetingForm | None = None
    conflict: EditConflict | None = None
    if may_act:
        candidates = meeting_candidates(review)
        people = [(member_user, _parts(parts)) for member_user, parts in candidates]
        initial = _initial(review, current, invitees, candidates)
        form = MeetingForm(initial=initial, people=people)
        if request.method == "POST":
            posted = submit(
                request,
                bind=lambda data: MeetingForm(data, initial=initial, people=people),
                act=lambda valid: _arrange(review, user, valid),
            )
            if posted.done:
                return saved(request, _invited(posted.result), "reviews:meeting", pk=review.pk)
            form, conflict = posted.form, posted.conflict
    return render(
        request,
        "reviews/working_day_one/meeting.html",
        {
            "review": review,
            "form": form,
            "meeting": current,
            "invitees": invitees,
            "agenda": wd1.DECISION_MEETING_AGENDA,
            "reads_review": reads_review,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, MEETING_LABELS, records=(Meeting,)),
        },
        status=status_of(form, conflict),
    )


def _initial(
    review: Review,
    current: Meeting | None,
    invitees: list[User],
    candidates: list[tuple[User, list[ReviewMember]]],
) -> dict[str, Any]:
    """The meeting as arranged, or a first suggestion: on its due date (if still to come), at
    ten, with the people invited by default."""
    if current is not None:
        local = timezone.localtime(current.starts_at)
        return {
            "version": current.version,
            "date": local.date(),
            "start_time": local.time().strftime("%H:%M"),
            "duration_minutes": current.duration_minutes,
            "location": current.location,
            "online_link": current.online_link,
            "invitees": [each.pk for each in invitees],
        }
    due = schedule_for(review).step(Step.DECISION_MEETING).due
    return {
        "version": 0,
        "date": due if due and due > moment.today() else None,
        "start_time": DEFAULT_MEETING_TIME.strftime("%H:%M"),
        "duration_minutes": 90,
        "invitees": [
            member_user.pk
            for member_user, parts in candidates
            if any(part.role in wd1.INVITED_BY_DEFAULT for part in parts)
        ],
    }


def _arrange(review: Review, user: User, form: MeetingForm) -> Meeting:
    return wd1.arrange_meeting(
        review,
        by=user,
        expected_version=form.cleaned_data["version"] or 0,
        starts_at=form.starts_at(),
        duration_minutes=form.cleaned_data["duration_minutes"],
        location=form.cleaned_data["location"],
        online_link=form.cleaned_data["online_link"],
        invitees=form.chosen_invitees(),
    )


def _invited(arranged: Meeting) -> str:
    count = arranged.invitees.count()
    return (
        f"Invitations to the decision meeting on {long_moment(arranged.starts_at)} have been "
        f"sent to {count} {'person' if count == 1 else 'people'}."
    )


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the decision meeting's calendar invitation, the same file the email carries."""
    user, review, _may_act, _reads_review = _reader(request, pk)
    current = decision_meeting(review)
    if current is None:
        raise Http404("No meeting has been arranged yet.")
    filename = ics_filename(current)
    invitation = meeting_invitation(current, attendees=list(current.invitees.order_by("full_name")))
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        review=review,
        target=filename,
        look=look_from(request),
    )
    response = HttpResponse(build_ics(invitation), content_type=invitation.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
