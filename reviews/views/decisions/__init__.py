"""The partners' decisions (working day 9) and the decision meeting (working day 11).

Every read of a partner's decision goes through permissions.decisions_visible_to (the blind
rule): a partner lead sees the others' only once their own is recorded or working day 9 has
passed. Only a partner's own lead records its decision; the business team records the
meeting. These pages belong to a rapid review: an LCSPR answers 404. A package by page;
reviews.urls includes ``urlpatterns``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.decisions.meeting import meeting_record
from reviews.views.decisions.partners import partner_decision, partner_decisions

urlpatterns: list[URLPattern] = [
    path("<int:pk>/decisions/", partner_decisions, name="partner-decisions"),
    path("<int:pk>/decisions/<int:organisation_pk>/", partner_decision, name="partner-decision"),
    path("<int:pk>/decision-meeting/", meeting_record, name="decision-meeting"),
]
