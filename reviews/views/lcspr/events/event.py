"""One learning event's page: arranging it (or changing it) and sending the invitations, and
moving its planned date.

Everyone taking part in the review (agencies aside) reads it; the author and the business team
arrange it (Permission.AUTHOR_WORK); who was invited and what they said only the review team
(Permission.VIEW_PRIVATE).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import moment
from reviews.actions import EditConflict
from reviews.actions.lcspr.events import invitations
from reviews.actions.lcspr.events import itinerary as itinerary_actions
from reviews.calendar_files import learning_event_name
from reviews.forms.lcspr.events import ArrangeEventForm, PlannedDateForm
from reviews.models import (
    EventPlace,
    FeedbackLink,
    LearningEvent,
    Participant,
    Review,
    TermsOfReference,
)
from reviews.permissions import Permission, can
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.events.itinerary import event_for, state_of
from reviews.views.posting import saved, submit

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


def _people(review: Review) -> list[Participant]:
    return list(Participant.objects.filter(review=review).order_by("kind", "name"))


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


def _forms(
    event: LearningEvent, invited: set[int], bound: dict[str, Form] | None
) -> dict[str, Form]:
    """The forms the author sees before the event is held, with any just posted in place."""
    forms: dict[str, Form] = {}
    if event.held_on is None:
        forms["arrange"] = _arrange_form(event, _people(event.review), invited)
        forms["planned"] = PlannedDateForm(
            initial={"version": event.version, "planned_on": event.planned_on}
        )
    return forms | (bound or {})


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
    forms = _forms(event, invited, bound) if may_author else dict(bound or {})
    feedback = (
        FeedbackLink.objects.filter(place__event=event).aggregate(
            sent=Count("pk"), answered=Count("pk", filter=Q(used_at__isnull=False))
        )
        if private
        else {}
    )
    context = {
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
    }
    return render(request, "reviews/lcspr/events/event.html", context, status=status)


def learning_event(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Read an event; a POST arranges it (or changes it) and sends the invitations."""
    reading = request.method != "POST"
    user, review = lcspr_for(
        request, pk, Permission.VIEW_REVIEW if reading else Permission.AUTHOR_WORK
    )
    event = event_for(review, event_pk)
    if reading:
        return render_event(request, user, event)
    people = _people(review)

    def act(form: ArrangeEventForm) -> LearningEvent:
        return invitations.arrange_learning_event(
            event,
            by=user,
            expected_version=form.cleaned_data["version"],
            starts_at=form.starts_at(),
            duration_minutes=form.cleaned_data["duration_minutes"],
            location=form.cleaned_data["location"],
            areas_to_explore=form.cleaned_data["areas_to_explore"],
            invitees=form.chosen(),
        )

    posted = submit(request, bind=lambda data: ArrangeEventForm(data, people=people), act=act)
    if posted.done:
        name = learning_event_name(posted.result.kind)
        message = f"The {name} is arranged and the invitations are sent."
        return saved(request, message, "reviews:learning-event", pk=review.pk, event_pk=event.pk)
    bound: dict[str, Form] = {"arrange": posted.form}
    return render_event(
        request, user, event, bound=bound, conflict=posted.conflict, status=posted.status
    )


@require_POST
def itinerary_date(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Move an item's planned date (version-checked)."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    event = event_for(review, event_pk)
    posted = submit(
        request,
        bind=PlannedDateForm,
        act=lambda form: itinerary_actions.change_planned_date(
            event,
            by=user,
            expected_version=form.cleaned_data["version"],
            planned_on=form.cleaned_data["planned_on"],
        ),
    )
    if posted.done:
        return saved(request, "The planned date is changed.", "reviews:itinerary", pk=review.pk)
    bound: dict[str, Form] = {"planned": posted.form}
    return render_event(
        request, user, event, bound=bound, conflict=posted.conflict, status=posted.status
    )
