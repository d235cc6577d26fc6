"""Practitioner feedback on a held learning event, for the review team: sending each attendee a
one-time link (Permission.AUTHOR_WORK) and reading the answers (Permission.VIEW_PRIVATE, every
look logged). The public page a participant answers through is feedback_link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from reviews import actions, moment
from reviews.actions import ActionError
from reviews.actions.lcspr.events import feedback as feedback_actions
from reviews.calendar_files import learning_event_name
from reviews.models import AccessLogEntry, FeedbackLink
from reviews.permissions import Permission
from reviews.views.helpers import lcspr_for, look_from
from reviews.views.lcspr.events.event import render_event
from reviews.views.lcspr.events.itinerary import event_for
from reviews.views.posting import saved


@require_POST
def feedback_send(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Email a one-time feedback link to each attendee with an email address."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    event = event_for(review, event_pk)
    try:  # a button with no fields whose refusal is shown on the event's page itself (400)
        links = feedback_actions.send_feedback_links(event, by=user)
    except ActionError as refusal:
        return render_event(request, user, event, refusal=refusal.message, status=400)
    count = len(links)
    return saved(
        request,
        f"A feedback link has been sent to {count} {'person' if count == 1 else 'people'}.",
        "reviews:learning-event",
        pk=review.pk,
        event_pk=event.pk,
    )


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
