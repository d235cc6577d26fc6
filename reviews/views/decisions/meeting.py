"""The decision meeting (working day 11): each partner's own decision side by side, then what
the meeting agreed, which the business team records: attendance, legal advice, the joint
decision and dissent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import User
from reviews import moment
from reviews.actions.decisions import record_decision_meeting
from reviews.forms.decisions import DecisionMeetingForm, initial_for_meeting
from reviews.models import Attendance, JointDecision, Meeting, Review, ReviewMember, ReviewRole
from reviews.permissions import Permission, can, decisions_visible_to
from reviews.process import Step
from reviews.reads.decisions import meeting_gaps, review_partners
from reviews.reads.step_pages import optional_url
from reviews.reads.working_day_one import decision_meeting
from reviews.views.decisions.common import (
    DECIDED,
    DECISION_ROWS,
    LABELS,
    step_of,
)
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import rapid_review_for
from reviews.views.posting import saved, submit

TEMPLATE: Final = "reviews/decisions/meeting.html"


def _page(user: User, review: Review, meeting: Meeting | None, *, may_run: bool) -> dict[str, Any]:
    """The page's context before anything of the meeting itself is read."""
    return {
        "review": review,
        "meeting": meeting,
        "step": step_of(review, Step.DECISION_MEETING),
        "decisions": list(decisions_visible_to(user, review)),
        "partners": review_partners(review),
        "rows": DECISION_ROWS,
        "report_url": optional_url("reviews:report", pk=review.pk),
        "may_run": may_run,
        "form": None,
        "conflict": None,
        "conflict_rows": [],
        "invitees": [],
        "attendance": [],
        "joint": None,
        "dissents": [],
        "gaps": [],
    }


def _recorded(review: Review, meeting: Meeting) -> tuple[list[ReviewMember], dict[str, Any]]:
    """The review's members, and what is recorded of the meeting as the page shows it."""
    members = list(
        ReviewMember.objects.filter(review=review, active=True).select_related("organisation")
    )
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("user", "organisation")
    )
    joint = JointDecision.objects.filter(meeting=meeting).select_related("recorded_by").first()
    legal = [m.user_id for m in members if m.role == ReviewRole.LEGAL_REPRESENTATIVE]
    return members, {
        "invitees": list(meeting.invitees.order_by("full_name")),
        "attendance": attendance,
        "joint": joint,
        "dissents": list(joint.dissents.select_related("organisation", "person")) if joint else [],
        "gaps": meeting_gaps(attendance, legal),
    }


def _parts(members: list[ReviewMember]) -> dict[int, str]:
    """Return each person's parts in the review, in words, by person id."""
    parts: dict[int, list[str]] = {}
    for member in members:
        words = ReviewRole(member.role).label
        if member.organisation is not None:
            words += f", {member.organisation.name}"
        parts.setdefault(member.user_id, []).append(words)
    return {pk: "; ".join(each) for pk, each in parts.items()}


def _form_for(
    meeting: Meeting, members: list[ReviewMember], context: dict[str, Any]
) -> Callable[[QueryDict | None], DecisionMeetingForm]:
    """Make the meeting's form, starting from what is recorded (or the day it was arranged for,
    once that has come), with each invitee's parts in the review as the hint."""
    joint: JointDecision | None = context["joint"]
    if joint is not None:
        initial = initial_for_meeting(
            joint,
            {row.user_id: (row.attended, row.apologies) for row in context["attendance"]},
            {row.organisation_id: row.reasons for row in context["dissents"]},
        )
    else:
        held = timezone.localtime(meeting.starts_at).date()
        initial = {"version": 0, "held_on": held if held <= moment.today() else None}
    parts = _parts(members)
    people = [(invitee, parts.get(invitee.pk, "")) for invitee in context["invitees"]]
    return lambda data: DecisionMeetingForm(
        data, initial=initial, invitees=people, partners=context["partners"]
    )


@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance, legal advice, the joint decision and dissent at the decision meeting."""
    posting = request.method == "POST"
    user, review = rapid_review_for(
        request, pk, Permission.RUN_REVIEW if posting else Permission.VIEW_REVIEW
    )
    may_run = posting or can(user, Permission.RUN_REVIEW, review)
    meeting = decision_meeting(review)
    context = _page(user, review, meeting, may_run=may_run)
    if meeting is None:
        if posting:
            raise Http404("No decision meeting has been arranged.")
        return render(request, TEMPLATE, context)
    members, recorded = _recorded(review, meeting)
    context |= recorded
    if not may_run:
        return render(request, TEMPLATE, context)
    bind = _form_for(meeting, members, context)
    if not posting:
        context["form"] = bind(None)
        return render(request, TEMPLATE, context)
    posted = submit(
        request,
        bind=bind,
        act=lambda form: record_decision_meeting(
            meeting,
            by=user,
            expected_version=form.cleaned_data["version"],
            attendance=form.attendance(),
            dissents=form.dissents(),
            **form.decision(),
        ),
    )
    if posted.done:
        return saved(
            request,
            "The decision meeting has been recorded.",
            "reviews:decision-meeting",
            pk=review.pk,
        )
    context |= {
        "form": posted.form,
        "conflict": posted.conflict,
        "conflict_rows": conflict_rows(posted.conflict, LABELS, records=DECIDED),
    }
    return render(request, TEMPLATE, context, status=posted.status)
