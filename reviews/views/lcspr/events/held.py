"""Recording a learning event as held: the date, who attended, notes (Permission.AUTHOR_WORK)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from reviews import moment
from reviews.actions.lcspr.events import invitations
from reviews.calendar_files import learning_event_name
from reviews.forms.lcspr.events import HeldForm
from reviews.models import LearningEvent
from reviews.permissions import Permission
from reviews.reads.lcspr.events import invited_places
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.events.event import LABELS
from reviews.views.lcspr.events.itinerary import event_for
from reviews.views.posting import saved, submit


def learning_event_held(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Record the event as held: the date, who attended, notes."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    event = event_for(review, event_pk)
    if event.held_on is not None:
        return redirect("reviews:learning-event", pk=review.pk, event_pk=event.pk)
    invited = [place.participant for place in invited_places(event)]
    initial = {
        "version": event.version,
        "held_on": min(moment.today(), event.planned_on),
        "attended": [person.pk for person in invited],
    }

    def bind(data: QueryDict | None) -> HeldForm:
        return HeldForm(data, invited=invited, initial=initial)

    def act(form: HeldForm) -> None:
        invitations.record_event_held(
            event,
            by=user,
            expected_version=form.cleaned_data["version"],
            held_on=form.cleaned_data["held_on"],
            attended=form.cleaned_data["attended"],
            notes=form.cleaned_data["notes"],
        )

    name = learning_event_name(event.kind)
    form, conflict, status = bind(None), None, 200
    if request.method == "POST":
        posted = submit(request, bind=bind, act=act)
        if posted.done:
            message = f"The {name} is recorded as held."
            return saved(
                request, message, "reviews:learning-event", pk=review.pk, event_pk=event.pk
            )
        form, conflict, status = posted.form, posted.conflict, posted.status
    context = {
        "review": review,
        "event": event,
        "name": name,
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(conflict, LABELS, records=(LearningEvent,)),
    }
    return render(request, "reviews/lcspr/events/held.html", context, status=status)
