"""The introduction meeting: read by everyone taking part, recorded by the business team, the
review's business team lead and the independent author (AUTHOR_WORK)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.lcspr.planning.author import record_introduction_meeting
from reviews.forms.lcspr.planning import IntroductionMeetingForm
from reviews.models import IntroductionMeeting, Review
from reviews.permissions import GRANTS, Permission, standing_on
from reviews.reads.lcspr.planning import attendee_choices
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.planning.author import PLANNED
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit

LABELS = {
    "held_on": "Date of the meeting",
    "attendees": "Who attended",
    "others_present": "Others present",
    "agreed": "What was agreed",
}


def _initial(meeting: IntroductionMeeting | None) -> dict[str, Any]:
    if meeting is None:
        return {"version": 0}
    return {
        "version": meeting.version,
        "held_on": meeting.held_on,
        "attendees": [each.pk for each in meeting.attendees.all()],
        "others_present": meeting.others_present,
        "agreed": meeting.agreed,
    }


def _attendees(review: Review) -> tuple[dict[int, User], list[tuple[int, str]]]:
    """The people who may be recorded as attending, by id, and as the form offers them."""
    members = attendee_choices(review)
    choices = [
        (
            member.user_id,
            f"{member.user.full_name} ({member.get_role_display()}"
            f"{', ' + member.organisation.name if member.organisation else ''})",
        )
        for member in members
    ]
    return {member.user_id: member.user for member in members}, choices


def introduction_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The introduction meeting: read by everyone taking part, recorded by the review team."""
    reading = request.method != "POST"
    user, review = lcspr_for(
        request, pk, Permission.VIEW_REVIEW if reading else Permission.AUTHOR_WORK
    )
    meeting = (
        IntroductionMeeting.objects.filter(review=review)
        .select_related("recorded_by")
        .prefetch_related("attendees")
        .first()
    )
    form: IntroductionMeetingForm | None = None
    conflict: EditConflict | None = None
    choices: list[tuple[int, str]] = []
    status = 200
    if bool(standing_on(user, review) & GRANTS[Permission.AUTHOR_WORK]) and review.is_open:
        people, choices = _attendees(review)
        initial = _initial(meeting)

        def bind(data: QueryDict | None) -> IntroductionMeetingForm:
            return IntroductionMeetingForm(data, initial=initial, people=choices)

        def act(form: IntroductionMeetingForm) -> None:
            data = form.cleaned_data
            attendees = [people[pk] for pk in data["attendees"]]
            record_introduction_meeting(
                review,
                by=user,
                expected_version=data["version"],
                held_on=data["held_on"],
                attendees=attendees,
                others_present=data["others_present"],
                agreed=data["agreed"],
            )

        form = bind(None)
        if not reading:
            posted = submit(request, bind=bind, act=act)
            if posted.done:
                message = "The introduction meeting is recorded."
                return saved(request, message, "reviews:introduction-meeting", pk=review.pk)
            form, conflict, status = posted.form, posted.conflict, status_after(posted)
    context = {
        "review": review,
        "meeting": meeting,
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(conflict, LABELS, records=PLANNED, names=dict(choices)),
    }
    return render(
        request, "reviews/lcspr/planning/introduction_meeting.html", context, status=status
    )
