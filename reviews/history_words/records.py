"""Which record each kind of event's changes name, and the labels of their fields.

``RECORDS`` says whose fields an event's "changes" name; ``CORRECTED`` which corrections keep
their earlier answers in the record's history; ``INTERNAL`` the bookkeeping no one needs to
read; ``LABELS`` our own words where a field's verbose name does not read well on its own.
"""

from __future__ import annotations

from typing import Final

from django.db import models

from reviews.event_types import EventType
from reviews.models import (
    LCSPR_CRITERIA,
    AuthorCommission,
    DraftComment,
    FamilyEngagement,
    IdentityRecord,
    InformationRequest,
    IntroductionMeeting,
    JointDecision,
    Learning,
    LearningEvent,
    MediaStrategy,
    Meeting,
    MonitoringEntry,
    Notification,
    PanelResponse,
    PanelSubmission,
    Participant,
    PartnerDecision,
    Publication,
    Recommendation,
    Review,
)

# The record whose fields each kind of event's "changes" name.
RECORDS: Final[dict[str, type[models.Model]]] = {
    EventType.DETAILS_CHANGED: Review,
    EventType.PERIOD_CONFIRMED: Review,
    EventType.IDENTITY_CHANGED: IdentityRecord,
    EventType.NOTIFICATION_CHANGED: Notification,
    EventType.MEETING_CHANGED: Meeting,
    EventType.RETURN_DRAFT_SAVED: InformationRequest,
    EventType.PARTNER_DECISION_CHANGED: PartnerDecision,
    EventType.JOINT_DECISION_CHANGED: JointDecision,
    EventType.REPORT_SUBMITTED: PanelSubmission,
    EventType.PANEL_ACKNOWLEDGED: PanelSubmission,
    EventType.PANEL_RESPONDED: PanelResponse,
    EventType.COMMISSION_CHANGED: AuthorCommission,
    EventType.INTRODUCTION_MEETING_CHANGED: IntroductionMeeting,
    EventType.ITINERARY_CHANGED: LearningEvent,
    EventType.LEARNING_EVENT_CHANGED: LearningEvent,
    EventType.PARTICIPANT_CHANGED: Participant,
    EventType.FAMILY_PLAN_CHANGED: FamilyEngagement,
    EventType.AUTHOR_REPLIED: MonitoringEntry,
    EventType.DRAFT_COMMENT_ANSWERED: DraftComment,
    EventType.MEDIA_STRATEGY_CHANGED: MediaStrategy,
    EventType.PUBLICATION_PLANNED: Publication,
    EventType.LEARNING_CHANGED: Learning,
    EventType.RECOMMENDATION_CHANGED: Recommendation,
}

# Corrections whose event names the fields only ("the words stay in the history"): the
# earlier answers come from the record's history, found by the id the event keeps. Identities
# and returns are left out on purpose: their words must not reach the review's history page.
CORRECTED: Final[dict[str, tuple[type[models.Model], str]]] = {
    EventType.PARTNER_DECISION_CHANGED: (PartnerDecision, "decision_id"),
    EventType.JOINT_DECISION_CHANGED: (JointDecision, "decision_id"),
}

# Bookkeeping of the row itself: the version counter, ids and its own who-and-when (the
# event already says who and when).
INTERNAL: Final = frozenset(
    {
        "id",
        "version",
        "sequence",
        "uid",
        "review",
        "recorded_at",
        "recorded_by",
        "commissioned_at",
        "commissioned_by",
        "invited_at",
        "invited_by",
        "added_at",
        "added_by",
        "made_at",
        "responded_at",
        "responded_by",
        "replied_by",
        "opened_at",
        "sent_at",
        "sent_by",
        "submitted_at",
        "submitted_by",
        "last_chased_at",
        "minimum_period_reminder_sent_at",
    }
)

_CRITERIA_LABELS: Final = {
    prefix: "Regulation 11{}: {}".format(*words.split(" ", 1)) for prefix, words in LCSPR_CRITERIA
}

# Where a field's verbose name does not read well on its own.
LABELS: Final[dict[type[models.Model], dict[str, str]]] = {
    Review: {"period_confirmed_by": "Period confirmed by"},
    Notification: {
        "incident_date": "Date of the incident",
        "proceed_reason": "Reason to go ahead",
        "harm": "Harm to the child",
    },
    Meeting: {"starts_at": "Starts", "duration_minutes": "Length in minutes"},
    LearningEvent: {
        "planned_on": "Planned for",
        "starts_at": "Starts",
        "duration_minutes": "Length in minutes",
    },
    PanelSubmission: {
        "sent_on": "Date sent",
        "acknowledged_on": "Date acknowledged",
        "consideration_date": "Date the National Panel will consider it",
    },
    PanelResponse: {
        "received_on": "Date received",
        "agrees_with_conclusions": "Agrees with the conclusions",
        "letter_name": "Letter",
    },
    Publication: {"planned_on": "Planned for"},
    MonitoringEntry: {"replied_on": "Date of the reply"},
    IntroductionMeeting: {"held_on": "Date held", "attendees": "Who attended"},
    PartnerDecision: {
        **_CRITERIA_LABELS,
        **{
            f"{prefix}_rationale": f"Rationale for criterion {words.split(' ', 1)[0]}"
            for prefix, words in LCSPR_CRITERIA
        },
        "lcspr_criteria_met": "LCSPR criteria met",
        "lcspr_rationale": "Rationale for whether the LCSPR criteria are met",
        "national_criteria_may_be_met": "National review criteria may be met",
        "national_rationale": "Rationale for whether the national review criteria may be met",
    },
    JointDecision: {
        "held_on": "Date held",
        "lcspr_criteria_met": "LCSPR criteria met",
        "national_criteria_met": "National review criteria met",
        "attendance": "Who attended",
        "dissents": "Partners who disagreed",
    },
}
