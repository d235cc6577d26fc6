"""The working day 11 decision meeting: arranged by the business team, read (and its calendar
file downloaded) by everyone taking part, and by everyone invited to it: an invitee who may
not read the review (an agency contributor) sees the meeting's details only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import User
from reviews import actions, moment
from reviews.actions import ActionError, EditConflict
from reviews.actions import working_day_one as wd1
from reviews.actions.working_day_one.common import long_moment
from reviews.calendar_files import build_ics, ics_filename, meeting_invitation
from reviews.clock import schedule_for
from reviews.forms.working_day_one import MeetingForm
from reviews.models import AccessLogEntry, Meeting, Review, ReviewKind, ReviewRole
from reviews.permissions import Permission, can, get_review_for_meeting
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import look_from, person
from reviews.views.working_day_one.common import (
    posted,
    rapid_review,
    refused,
    status_of,
)

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


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, may_act, reads_review = _reader(request, pk)
    current = wd1.decision_meeting(review)
    invitees = list(current.invitees.order_by("full_name")) if current else []
    form: MeetingForm | None = None
    conflict: EditConflict | None = None
    if may_act:
        candidates = wd1.meeting_candidates(review)
        people = [(member_user, _parts(parts)) for member_user, parts in candidates]
        if current is not None:
            local = timezone.localtime(current.starts_at)
            initial: dict[str, Any] = {
                "version": current.version,
                "date": local.date(),
                "start_time": local.time().strftime("%H:%M"),
                "duration_minutes": current.duration_minutes,
                "location": current.location,
                "online_link": current.online_link,
                "invitees": [each.pk for each in invitees],
            }
        else:
            due = schedule_for(review).step("decision-meeting").due
            initial = {
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
        form = MeetingForm(posted(request), initial=initial, people=people)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            arranged = wd1.arrange_meeting(
                review,
                by=user,
                expected_version=form.cleaned_data["version"] or 0,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                online_link=form.cleaned_data["online_link"],
                invitees=form.chosen_invitees(),
            )
        except EditConflict as clash:
            conflict = clash
            saved = wd1.decision_meeting(review)
            form = MeetingForm(
                initial={**form.cleaned_data, "version": saved.version if saved else 0},
                people=people,
            )
        except ActionError as refusal:
            refused(form, refusal)
        else:
            count = arranged.invitees.count()
            messages.success(
                request,
                f"Invitations to the decision meeting on "
                f"{long_moment(arranged.starts_at)} have been sent to {count} "
                f"{'person' if count == 1 else 'people'}.",
            )
            return redirect("reviews:meeting", pk=review.pk)
    labels = {
        "starts_at": "Date and time",
        "duration_minutes": "Minutes",
        "location": "Place",
        "online_link": "Online link",
    }
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
            "conflict_rows": conflict_rows(conflict, labels, records=(Meeting,)),
        },
        status=status_of(form, conflict),
    )


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the decision meeting's calendar invitation, the same file the email carries."""
    user, review, _may_act, _reads_review = _reader(request, pk)
    current = wd1.decision_meeting(review)
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
