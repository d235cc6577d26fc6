"""The itinerary, participants, learning events, invitations, attendance and practitioner feedback.

Routes are listed in ``urlpatterns``, which reviews.urls includes. The itinerary's own pages
are in reviews.views.lcspr.itinerary, the participants' in reviews.views.lcspr.participants;
this module has one event's pages. The public page a participant answers through is
reviews.views.feedback (no account needed).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import actions, moment
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr import events as itinerary_actions
from reviews.actions.lcspr import feedback as feedback_actions
from reviews.actions.lcspr import invitations
from reviews.calendar_files import learning_event_name
from reviews.forms.lcspr_events import ArrangeEventForm, HeldForm, PlannedDateForm
from reviews.models import (
    AccessLogEntry,
    EventPlace,
    FeedbackLink,
    LearningEvent,
    Participant,
    Review,
    TermsOfReference,
)
from reviews.permissions import Permission, can
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for, look_from
from reviews.views.lcspr.itinerary import (
    event_for,
    itinerary,
    itinerary_add,
    itinerary_confirm,
    itinerary_draft,
    learning_events_complete,
    state_of,
)
from reviews.views.lcspr.participants import (
    participant_edit,
    participants,
    participants_briefed,
)
from reviews.views.working_day_one.common import posted, refused

LABELS = {
    "starts_at": "Date and time",
    "duration_minutes": "Minutes",
    "location": "Place",
    "areas_to_explore": "Areas of learning to explore",
    "planned_on": "Planned date",
    "held_on": "Date held",
    "notes": "Notes",
}
DEFAULT_START = "09:30"


def _themes(review: Review) -> str:
    """The latest terms of reference's themes: the learning events' agenda, one a line."""
    terms = TermsOfReference.objects.filter(review=review).order_by("-number").first()
    return "\n".join(terms.theme_list) if terms else ""


def _arrange_form(
    event: LearningEvent, people: list[Participant], invited: set[int], data: Any = None
) -> ArrangeEventForm:
    if event.starts_at is not None:
        local = timezone.localtime(event.starts_at)
        initial: dict[str, Any] = {
            "date": local.date(),
            "start_time": local.strftime("%H:%M"),
            "areas_to_explore": event.areas_to_explore,
        }
    else:
        initial = {
            "date": event.planned_on if event.planned_on > moment.today() else None,
            "start_time": DEFAULT_START,
            "areas_to_explore": event.areas_to_explore or _themes(event.review),
        }
    initial |= {
        "version": event.version,
        "duration_minutes": event.duration_minutes,
        "location": event.location,
        "invitees": sorted(invited),
    }
    return ArrangeEventForm(data, initial=initial, people=people)


def render_event(
    request: HttpRequest,
    user: User,
    event: LearningEvent,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    review = event.review
    places = list(
        EventPlace.objects.filter(event=event)
        .select_related("participant__organisation")
        .order_by("participant__name")
    )
    invited = {
        place.participant_id for place in places if place.invited_at and not place.cancelled_at
    }
    may_author = review.is_open and can(user, Permission.AUTHOR_WORK, review)
    private = can(user, Permission.VIEW_PRIVATE, review)
    forms: dict[str, Form] = {}
    if may_author and event.held_on is None:
        people = list(Participant.objects.filter(review=review).order_by("kind", "name"))
        forms["arrange"] = _arrange_form(event, people, invited)
        forms["planned"] = PlannedDateForm(
            initial={"version": event.version, "planned_on": event.planned_on}
        )
    forms.update(bound or {})
    feedback = (
        FeedbackLink.objects.filter(place__event=event).aggregate(
            sent=Count("pk"), answered=Count("pk", filter=Q(used_at__isnull=False))
        )
        if private
        else {}
    )
    return render(
        request,
        "reviews/lcspr/events/event.html",
        {
            "review": review,
            "event": event,
            "name": learning_event_name(event.kind),
            "state": state_of(event),
            "places": places,
            "may_author": may_author,
            "private": private,
            "forms": forms,
            "errors": next((form for form in forms.values() if form.errors), None),
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(LearningEvent,)),
            "refusal": refusal,
            "feedback": feedback,
            "to_ask": sum(
                1
                for place in places
                if place.attended and not place.cancelled_at and place.participant.email
            ),
        },
        status=status,
    )


def learning_event(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Read an event; a POST arranges it (or changes it) and sends the invitations."""
    reading = request.method != "POST"
    user, review = lcspr_for(
        request, pk, Permission.VIEW_REVIEW if reading else Permission.AUTHOR_WORK
    )
    event = event_for(review, event_pk)
    if reading:
        return render_event(request, user, event)
    people = list(Participant.objects.filter(review=review).order_by("kind", "name"))
    form = ArrangeEventForm(request.POST, people=people)
    if form.is_valid():
        try:
            arranged = invitations.arrange_learning_event(
                event,
                by=user,
                expected_version=form.cleaned_data["version"],
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                areas_to_explore=form.cleaned_data["areas_to_explore"],
                invitees=form.chosen(),
            )
        except EditConflict as clash:
            again = request.POST.copy()
            again["version"] = str(clash.current_version)
            fresh = ArrangeEventForm(again, people=people)
            fresh.is_valid()
            return render_event(
                request, user, event, bound={"arrange": fresh}, conflict=clash, status=409
            )
        except ActionError as refusal:
            refused(form, refusal)
        else:
            messages.success(
                request,
                f"The {learning_event_name(arranged.kind)} is arranged and the invitations "
                "are sent.",
            )
            return redirect("reviews:learning-event", pk=review.pk, event_pk=event.pk)
    return render_event(request, user, event, bound={"arrange": form}, status=400)


@require_POST
def itinerary_date(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Move an item's planned date (version-checked)."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    event = event_for(review, event_pk)
    form = PlannedDateForm(request.POST)
    if form.is_valid():
        try:
            itinerary_actions.change_planned_date(
                event,
                by=user,
                expected_version=form.cleaned_data["version"],
                planned_on=form.cleaned_data["planned_on"],
            )
        except EditConflict as clash:
            again = request.POST.copy()
            again["version"] = str(clash.current_version)
            fresh = PlannedDateForm(again)
            fresh.is_valid()
            return render_event(
                request, user, event, bound={"planned": fresh}, conflict=clash, status=409
            )
        except ActionError as refusal:
            refused(form, refusal)
        else:
            messages.success(request, "The planned date is changed.")
            return redirect("reviews:itinerary", pk=review.pk)
    return render_event(request, user, event, bound={"planned": form}, status=400)


def learning_event_held(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Record the event as held: the date, who attended, notes."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    event = event_for(review, event_pk)
    if event.held_on is not None:
        return redirect("reviews:learning-event", pk=review.pk, event_pk=event.pk)
    places = invitations.invited_places(event)
    invited = [place.participant for place in places]
    form = HeldForm(
        posted(request),
        invited=invited,
        initial={
            "version": event.version,
            "held_on": min(moment.today(), event.planned_on),
            "attended": [person.pk for person in invited],
        },
    )
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            invitations.record_event_held(
                event,
                by=user,
                expected_version=form.cleaned_data["version"],
                held_on=form.cleaned_data["held_on"],
                attended=form.cleaned_data["attended"],
                notes=form.cleaned_data["notes"],
            )
        except EditConflict as clash:
            conflict = clash
            again = request.POST.copy()
            again["version"] = str(clash.current_version)
            form = HeldForm(again, invited=invited)
            form.is_valid()
        except ActionError as refusal:
            refused(form, refusal)
        else:
            messages.success(request, f"The {learning_event_name(event.kind)} is recorded as held.")
            return redirect("reviews:learning-event", pk=review.pk, event_pk=event.pk)
    return render(
        request,
        "reviews/lcspr/events/held.html",
        {
            "review": review,
            "event": event,
            "name": learning_event_name(event.kind),
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(LearningEvent,)),
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@require_POST
def feedback_send(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Email a one-time feedback link to each attendee with an email address."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    event = event_for(review, event_pk)
    try:
        links = feedback_actions.send_feedback_links(event, by=user)
    except ActionError as refusal:
        return render_event(request, user, event, refusal=refusal.message, status=400)
    count = len(links)
    messages.success(
        request,
        f"A feedback link has been sent to {count} {'person' if count == 1 else 'people'}.",
    )
    return redirect("reviews:learning-event", pk=review.pk, event_pk=event.pk)


def feedback_answers(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """The participants' answers: private to the review team, and every look is logged."""
    user, review = lcspr_for(request, pk, Permission.VIEW_PRIVATE)
    event = event_for(review, event_pk)
    links = list(
        FeedbackLink.objects.filter(place__event=event)
        .select_related("place__participant__organisation")
        .order_by("-used_at", "place__participant__name")
    )
    name = learning_event_name(event.kind)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=review,
        target=f"{review.case_code}: feedback on the {name}",
        look=look_from(request),
    )
    return render(
        request,
        "reviews/lcspr/events/answers.html",
        {
            "review": review,
            "event": event,
            "name": name,
            "answered": [link for link in links if link.used_at],
            "waiting": [link for link in links if not link.used_at],
            "now": moment.now(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/itinerary/", itinerary, name="itinerary"),
    path("<int:pk>/itinerary/draft/", itinerary_draft, name="itinerary-draft"),
    path("<int:pk>/itinerary/add/", itinerary_add, name="itinerary-add"),
    path("<int:pk>/itinerary/confirm/", itinerary_confirm, name="itinerary-confirm"),
    path("<int:pk>/itinerary/done/", learning_events_complete, name="learning-events-complete"),
    path("<int:pk>/itinerary/<int:event_pk>/", learning_event, name="learning-event"),
    path("<int:pk>/itinerary/<int:event_pk>/date/", itinerary_date, name="itinerary-date"),
    path(
        "<int:pk>/itinerary/<int:event_pk>/held/", learning_event_held, name="learning-event-held"
    ),
    path("<int:pk>/itinerary/<int:event_pk>/feedback/", feedback_answers, name="feedback-answers"),
    path("<int:pk>/itinerary/<int:event_pk>/feedback/send/", feedback_send, name="feedback-send"),
    path("<int:pk>/participants/", participants, name="participants"),
    path("<int:pk>/participants/<int:participant_pk>/", participant_edit, name="participant-edit"),
    path("<int:pk>/participants/briefed/", participants_briefed, name="participants-briefed"),
]
