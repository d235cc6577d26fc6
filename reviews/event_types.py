"""The kinds of event a review records, and the one map from each to the words people read."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol


class EventType(StrEnum):
    """What happened, in the past tense. Values are stable: they are stored and exported."""

    REVIEW_OPENED = "review-opened"
    DETAILS_CHANGED = "details-changed"
    EDIT_REFUSED = "edit-refused"
    MEMBER_ADDED = "member-added"
    MEMBER_REMOVED = "member-removed"
    IDENTITY_RECORDED = "identity-recorded"
    IDENTITY_CHANGED = "identity-changed"
    IDENTITIES_VIEWED = "identities-viewed"
    STEP_COMPLETED = "step-completed"
    STEP_REOPENED = "step-reopened"
    DEADLINE_EXTENDED = "deadline-extended"
    HOLD_STARTED = "hold-started"
    HOLD_ENDED = "hold-ended"
    # Rapid review, working days 0 to 7.
    NOTIFICATION_RECORDED = "notification-recorded"
    NOTIFICATION_CHANGED = "notification-changed"
    PERIOD_CONFIRMED = "period-confirmed"
    TIMELINE_CONFIRMED = "timeline-confirmed"
    REQUEST_SENT = "request-sent"
    REQUESTS_FORWARDED_TO_LEGAL = "requests-forwarded-to-legal"
    MEETING_ARRANGED = "meeting-arranged"
    MEETING_CHANGED = "meeting-changed"
    RETURN_DRAFT_SAVED = "return-draft-saved"
    CHRONOLOGY_ENTRY_ADDED = "chronology-entry-added"
    CHRONOLOGY_ENTRY_REMOVED = "chronology-entry-removed"
    CHRONOLOGY_IMPORTED = "chronology-imported"
    SUPPORTING_DOCUMENT_ADDED = "supporting-document-added"
    SUPPORTING_DOCUMENT_REMOVED = "supporting-document-removed"
    RETURN_SUBMITTED = "return-submitted"
    NO_INVOLVEMENT_DECLARED = "no-involvement-declared"
    MORE_DETAIL_REQUESTED = "more-detail-requested"
    REQUEST_CHASED = "request-chased"
    COMBINED_REPORT_GENERATED = "combined-report-generated"
    COMBINED_REPORT_CIRCULATED = "combined-report-circulated"
    # Rapid review, working day 9 onwards.
    PARTNER_DECISION_RECORDED = "partner-decision-recorded"
    PARTNER_DECISION_CHANGED = "partner-decision-changed"
    ATTENDANCE_RECORDED = "attendance-recorded"
    JOINT_DECISION_RECORDED = "joint-decision-recorded"
    JOINT_DECISION_CHANGED = "joint-decision-changed"
    DISSENT_RECORDED = "dissent-recorded"
    REPORT_GENERATED = "report-generated"
    REPORT_UPLOADED = "report-uploaded"
    REPORT_APPROVED = "report-approved"
    REPORT_SENT_BACK = "report-sent-back"
    APPROVALS_VOIDED = "approvals-voided"
    REPORT_SUBMITTED = "report-submitted"
    PANEL_ACKNOWLEDGED = "panel-acknowledged"
    PANEL_RESPONDED = "panel-responded"
    SUBGROUP_INFORMED = "subgroup-informed"
    RECONVENED = "reconvened"
    OUTCOME_RECORDED = "outcome-recorded"
    LCSPR_COMMISSIONED = "lcspr-commissioned"
    COMMUNICATION_RECORDED = "communication-recorded"
    REVIEW_CLOSED = "review-closed"


WORDING: dict[EventType, str] = {
    EventType.REVIEW_OPENED: "Opened the review",
    EventType.DETAILS_CHANGED: "Changed the review's details",
    EventType.EDIT_REFUSED: "Tried to save a change that clashed with someone else's",
    EventType.MEMBER_ADDED: "Added {name} as {role}",
    EventType.MEMBER_REMOVED: "Removed {name} as {role}",
    EventType.IDENTITY_RECORDED: "Recorded the real identity behind {pseudonym}",
    EventType.IDENTITY_CHANGED: "Changed the real identity behind {pseudonym}",
    EventType.IDENTITIES_VIEWED: "Looked at the real identities, giving the reason: {reason}",
    EventType.STEP_COMPLETED: "Recorded “{title}” as done on {completed_on}",
    EventType.STEP_REOPENED: "Reopened “{title}”: {reason}",
    EventType.DEADLINE_EXTENDED: "Extended the deadline of “{title}” to {new_due}: {reason}",
    EventType.HOLD_STARTED: "Put the review on hold from {start}: {reason}",
    EventType.HOLD_ENDED: "Ended the hold on {end}",
    EventType.NOTIFICATION_RECORDED: "Recorded the serious incident notification",
    EventType.NOTIFICATION_CHANGED: "Corrected the serious incident notification",
    EventType.PERIOD_CONFIRMED: "Recorded the period under review, {period}, confirmed by {chair}",
    EventType.TIMELINE_CONFIRMED: "Confirmed the timeline and deadlines with the partners",
    EventType.REQUEST_SENT: "Sent a request for information to {organisation}",
    EventType.REQUESTS_FORWARDED_TO_LEGAL: "Forwarded the request details to legal services",
    EventType.MEETING_ARRANGED: "Invited {count} people to the {meeting} on {when}",
    EventType.MEETING_CHANGED: "Changed the {meeting}: now {when}",
    EventType.RETURN_DRAFT_SAVED: "Saved a draft of {organisation}'s return",
    EventType.CHRONOLOGY_ENTRY_ADDED: "Added an entry to {organisation}'s chronology",
    EventType.CHRONOLOGY_ENTRY_REMOVED: "Removed an entry from {organisation}'s chronology",
    EventType.CHRONOLOGY_IMPORTED: "Imported {count} chronology entries for {organisation}",
    EventType.SUPPORTING_DOCUMENT_ADDED: "Added {filename} to {organisation}'s return",
    EventType.SUPPORTING_DOCUMENT_REMOVED: "Removed {filename} from {organisation}'s return",
    EventType.RETURN_SUBMITTED: "Returned {organisation}'s information",
    EventType.NO_INVOLVEMENT_DECLARED: "Said {organisation} had no involvement",
    EventType.MORE_DETAIL_REQUESTED: "Asked {organisation} for more detail: {reason}",
    EventType.REQUEST_CHASED: "Chased {organisation} for its return",
    EventType.COMBINED_REPORT_GENERATED: "Generated version {number} of the combined agency report",
    EventType.COMBINED_REPORT_CIRCULATED: "Circulated version {number} of the combined report",
    EventType.PARTNER_DECISION_RECORDED: "Recorded {organisation}'s decision",
    EventType.PARTNER_DECISION_CHANGED: "Changed {organisation}'s decision",
    EventType.ATTENDANCE_RECORDED: "Recorded who attended the {meeting}",
    EventType.JOINT_DECISION_RECORDED: "Recorded the partners' joint decision",
    EventType.JOINT_DECISION_CHANGED: "Changed the record of the partners' joint decision",
    EventType.DISSENT_RECORDED: "Recorded that {organisation} disagreed",
    EventType.REPORT_GENERATED: "Generated version {number} of the rapid review report",
    EventType.REPORT_UPLOADED: "Uploaded version {number} of the rapid review report",
    EventType.REPORT_APPROVED: "Approved version {number} of the report as {role}",
    EventType.REPORT_SENT_BACK: "Sent back version {number} of the report: {reason}",
    EventType.APPROVALS_VOIDED: "Approvals of earlier versions no longer count ({count})",
    EventType.REPORT_SUBMITTED: "Sent version {number} of the report to the National Panel",
    EventType.PANEL_ACKNOWLEDGED: "Recorded the National Panel's acknowledgement",
    EventType.PANEL_RESPONDED: "Recorded the National Panel's response",
    EventType.SUBGROUP_INFORMED: "Sent the report and the Panel's reply to the CSPR subgroup",
    EventType.RECONVENED: "Recorded the reconvened meeting",
    EventType.OUTCOME_RECORDED: "Recorded the outcome: {outcome}",
    EventType.LCSPR_COMMISSIONED: "Commissioned the LCSPR {lcspr}",
    EventType.COMMUNICATION_RECORDED: "Recorded that {about} was communicated to {audience}",
    EventType.REVIEW_CLOSED: "Closed the review",
}


class _EventLike(Protocol):
    type: str
    detail: Any


def describe(event: _EventLike) -> str:
    """Say what an event means in plain words, using the values its detail holds."""
    try:
        template = WORDING[EventType(event.type)]
    except ValueError:
        return event.type.replace("-", " ").capitalize()
    detail = event.detail if isinstance(event.detail, dict) else {}
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template.split("{", 1)[0].strip() or event.type
