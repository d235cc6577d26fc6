"""The itinerary, participants, learning events, invitations, attendance and practitioner
feedback: a module per page.

Every page answers a rapid review with 404. reviews.urls includes ``urlpatterns`` (through
reviews.views.lcspr); the public page a participant answers through (feedback_link, no account
needed) is routed by config.urls.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.lcspr.events import event, feedback, held, itinerary, participants

urlpatterns: list[URLPattern] = [
    path("<int:pk>/itinerary/", itinerary.itinerary, name="itinerary"),
    path("<int:pk>/itinerary/draft/", itinerary.itinerary_draft, name="itinerary-draft"),
    path("<int:pk>/itinerary/add/", itinerary.itinerary_add, name="itinerary-add"),
    path("<int:pk>/itinerary/confirm/", itinerary.itinerary_confirm, name="itinerary-confirm"),
    path(
        "<int:pk>/itinerary/done/",
        itinerary.learning_events_complete,
        name="learning-events-complete",
    ),
    path("<int:pk>/itinerary/<int:event_pk>/", event.learning_event, name="learning-event"),
    path("<int:pk>/itinerary/<int:event_pk>/date/", event.itinerary_date, name="itinerary-date"),
    path(
        "<int:pk>/itinerary/<int:event_pk>/held/",
        held.learning_event_held,
        name="learning-event-held",
    ),
    path(
        "<int:pk>/itinerary/<int:event_pk>/feedback/",
        feedback.feedback_answers,
        name="feedback-answers",
    ),
    path(
        "<int:pk>/itinerary/<int:event_pk>/feedback/send/",
        feedback.feedback_send,
        name="feedback-send",
    ),
    path("<int:pk>/participants/", participants.participants, name="participants"),
    path(
        "<int:pk>/participants/<int:participant_pk>/",
        participants.participant_edit,
        name="participant-edit",
    ),
    path(
        "<int:pk>/participants/briefed/",
        participants.participants_briefed,
        name="participants-briefed",
    ),
]
