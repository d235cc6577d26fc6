"""Working day 1 of a rapid review: the period under review, the timeline, the requests for
information, further agencies and the invitation to the working day 11 decision meeting.

Everyone who may view the review reads the period, the timeline and the meeting; only the
business team (and the review's business team lead) act (Permission.MANAGE_REQUESTS). A package
by sub-topic; reviews.urls includes ``urlpatterns``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.working_day_one.meeting import meeting, meeting_ics
from reviews.views.working_day_one.period import period, timeline
from reviews.views.working_day_one.requests import add_agency, send_requests

urlpatterns: list[URLPattern] = [
    path("<int:pk>/period/", period, name="period"),
    path("<int:pk>/timeline/", timeline, name="timeline"),
    path("<int:pk>/requests/send/", send_requests, name="send-requests"),
    path("<int:pk>/requests/add-agency/", add_agency, name="add-agency"),
    path("<int:pk>/meeting/", meeting, name="meeting"),
    path("<int:pk>/meeting/invitation.ics", meeting_ics, name="meeting-ics"),
]
