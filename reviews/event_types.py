"""The kinds of event a review records, and the one map from each to the words people read."""

from __future__ import annotations

import re
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
    # LCSPR, from terms of reference to publication.
    LCSPR_RECORDED = "lcspr-recorded"
    TERMS_DRAFTED = "terms-drafted"
    TERMS_SHARED = "terms-shared"
    TERMS_AGREED = "terms-agreed"
    AUTHOR_COMMISSIONED = "author-commissioned"
    COMMISSION_CHANGED = "commission-changed"
    INTRODUCTION_MEETING_RECORDED = "introduction-meeting-recorded"
    INTRODUCTION_MEETING_CHANGED = "introduction-meeting-changed"
    ITINERARY_DRAFTED = "itinerary-drafted"
    ITINERARY_CHANGED = "itinerary-changed"
    ITINERARY_CONFIRMED = "itinerary-confirmed"
    PARTICIPANT_ADDED = "participant-added"
    PARTICIPANT_CHANGED = "participant-changed"
    INVITATIONS_SENT = "invitations-sent"
    LEARNING_EVENT_CHANGED = "learning-event-changed"
    LEARNING_EVENT_HELD = "learning-event-held"
    FEEDBACK_REQUESTED = "feedback-requested"
    FEEDBACK_RECEIVED = "feedback-received"
    FAMILY_PLAN_CHANGED = "family-plan-changed"
    FAMILY_CONTACT_RECORDED = "family-contact-recorded"
    FAMILY_CONTACT_DEFERRED = "family-contact-deferred"
    FAMILY_CONTACT_RESUMED = "family-contact-resumed"
    FAMILY_TOLD = "family-told"
    MONITORING_CHECKPOINT = "monitoring-checkpoint"
    AUTHOR_ASKED = "author-asked"
    AUTHOR_REPLIED = "author-replied"
    DRAFT_UPLOADED = "draft-uploaded"
    DRAFT_COMMENTED = "draft-commented"
    DRAFT_COMMENT_ANSWERED = "draft-comment-answered"
    DRAFT_PRESENTED = "draft-presented"
    FINAL_DRAFT_AGREED = "final-draft-agreed"
    SIGNED_OFF = "signed-off"
    ANONYMISATION_CHECKED = "anonymisation-checked"
    MEDIA_STRATEGY_CHANGED = "media-strategy-changed"
    MEDIA_STRATEGY_AGREED = "media-strategy-agreed"
    PUBLICATION_PLANNED = "publication-planned"
    PRE_PUBLICATION_NOTICE_SENT = "pre-publication-notice-sent"
    PUBLICATION_DELAYED = "publication-delayed"
    PUBLISHED = "published"
    PUBLICATION_REMINDER_SENT = "publication-reminder-sent"
    # Learning, recommendations and action plans.
    LEARNING_RECORDED = "learning-recorded"
    LEARNING_CHANGED = "learning-changed"
    RECOMMENDATION_MADE = "recommendation-made"
    RECOMMENDATION_CHANGED = "recommendation-changed"
    ACTION_ADDED = "action-added"
    IMMEDIATE_ACTION_RAISED = "immediate-action-raised"
    ACTION_UPDATED = "action-updated"
    ACTION_COMPLETED = "action-completed"
    ACTION_CONFIRMED = "action-confirmed"
    ACTION_SENT_BACK = "action-sent-back"
    ACTION_WITHDRAWN = "action-withdrawn"
    ACTION_EVIDENCE_ADDED = "action-evidence-added"
    ACTION_EVIDENCE_REMOVED = "action-evidence-removed"
    LEARNING_DOCUMENT_GENERATED = "learning-document-generated"
    LEARNING_SHARED = "learning-shared"


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
    EventType.LCSPR_RECORDED: "Recorded an LCSPR commissioned on {decided_on}",
    EventType.TERMS_DRAFTED: "Drafted version {number} of the terms of reference",
    EventType.TERMS_SHARED: "Shared version {number} of the terms of reference",
    EventType.TERMS_AGREED: "Agreed version {number} of the terms of reference",
    EventType.AUTHOR_COMMISSIONED: "Commissioned {author} as the independent author",
    EventType.COMMISSION_CHANGED: "Changed the independent author's commission",
    EventType.INTRODUCTION_MEETING_RECORDED: "Recorded the introduction meeting of {held_on}",
    EventType.INTRODUCTION_MEETING_CHANGED: "Changed the record of the introduction meeting",
    EventType.ITINERARY_DRAFTED: "Drafted the itinerary with {count} items",
    EventType.ITINERARY_CHANGED: "Changed the itinerary: {event}",
    EventType.ITINERARY_CONFIRMED: "Recorded the itinerary as confirmed by the review panel",
    EventType.PARTICIPANT_ADDED: "Added a participant ({kind})",
    EventType.PARTICIPANT_CHANGED: "Changed a participant's details ({kind})",
    EventType.INVITATIONS_SENT: "Invited {count} participants to the {event} on {when}",
    EventType.LEARNING_EVENT_CHANGED: "Changed the {event}: now {when}",
    EventType.LEARNING_EVENT_HELD: "Recorded the {event} as held on {held_on}",
    EventType.FEEDBACK_REQUESTED: "Sent feedback links to {count} participants of the {event}",
    EventType.FEEDBACK_RECEIVED: "Received a participant's feedback on the {event}",
    EventType.FAMILY_PLAN_CHANGED: "Changed the family engagement plan",
    EventType.FAMILY_CONTACT_RECORDED: "Recorded contact with the family on {contacted_on}",
    EventType.FAMILY_CONTACT_DEFERRED: "Deferred contact with the family: {reason}",
    EventType.FAMILY_CONTACT_RESUMED: "Resumed contact with the family",
    EventType.FAMILY_TOLD: "Recorded that the family was told of the {about} on {on}",
    EventType.MONITORING_CHECKPOINT: "Recorded a monitoring checkpoint of {dated}",
    EventType.AUTHOR_ASKED: "Wrote to the independent author on {dated}",
    EventType.AUTHOR_REPLIED: "Recorded the independent author's reply of {replied_on}",
    EventType.DRAFT_UPLOADED: "Uploaded version {number} of the draft report",
    EventType.DRAFT_COMMENTED: "Commented on version {number} of the draft ({topic})",
    EventType.DRAFT_COMMENT_ANSWERED: "Answered a comment on version {number}: {status}",
    EventType.DRAFT_PRESENTED: "Recorded version {number} as presented to the CSPR subgroup",
    EventType.FINAL_DRAFT_AGREED: "Recorded version {number} as the agreed final draft",
    EventType.SIGNED_OFF: "Signed off version {number} for {organisation}",
    EventType.ANONYMISATION_CHECKED: "Checked version {number} for identifying details: "
    "{hits} found",
    EventType.MEDIA_STRATEGY_CHANGED: "Changed the media strategy",
    EventType.MEDIA_STRATEGY_AGREED: "Recorded the media strategy as agreed on {agreed_on}",
    EventType.PUBLICATION_PLANNED: "Planned publication for {planned_on}",
    EventType.PRE_PUBLICATION_NOTICE_SENT: "Sent the final report to the National Panel and "
    "the Secretary of State on {sent_on}",
    EventType.PUBLICATION_DELAYED: "Delayed publication to {new_date}: {reason}",
    EventType.PUBLISHED: "Recorded the review as published on {published_on}",
    EventType.PUBLICATION_REMINDER_SENT: "Sent a reminder that the minimum publication period "
    "has passed",
    EventType.LEARNING_RECORDED: "Recorded learning from {source}",
    EventType.LEARNING_CHANGED: "Changed a record of learning",
    EventType.RECOMMENDATION_MADE: "Made recommendation {number}",
    EventType.RECOMMENDATION_CHANGED: "Changed recommendation {number}",
    EventType.ACTION_ADDED: "Added an action for {organisation}, due {due_on}",
    EventType.IMMEDIATE_ACTION_RAISED: "Raised an immediate action for {organisation}",
    EventType.ACTION_UPDATED: "Updated an action of {organisation}: {status}",
    EventType.ACTION_COMPLETED: "Recorded an action of {organisation} as completed",
    EventType.ACTION_CONFIRMED: "Confirmed that an action of {organisation} is complete",
    EventType.ACTION_SENT_BACK: "Sent back an action of {organisation}: {reason}",
    EventType.ACTION_WITHDRAWN: "Withdrew an action of {organisation}: {reason}",
    EventType.ACTION_EVIDENCE_ADDED: "Added evidence to an action of {organisation}",
    EventType.ACTION_EVIDENCE_REMOVED: "Removed evidence from an action of {organisation}",
    EventType.LEARNING_DOCUMENT_GENERATED: "Generated version {number} of the {document}",
    EventType.LEARNING_SHARED: "Recorded that {organisation} shared the learning ({method})",
}


# The name of each kind of event in a list of kinds (the history page's "What happened"
# filter): short, sentence case, acronyms and the National Panel in capitals.
TITLES: dict[EventType, str] = {
    EventType.REVIEW_OPENED: "Review opened",
    EventType.DETAILS_CHANGED: "Review details changed",
    EventType.EDIT_REFUSED: "Clashing change refused",
    EventType.MEMBER_ADDED: "Person added to the review",
    EventType.MEMBER_REMOVED: "Person removed from the review",
    EventType.IDENTITY_RECORDED: "Real identity recorded",
    EventType.IDENTITY_CHANGED: "Real identity changed",
    EventType.IDENTITIES_VIEWED: "Real identities looked at",
    EventType.STEP_COMPLETED: "Step done",
    EventType.STEP_REOPENED: "Step reopened",
    EventType.DEADLINE_EXTENDED: "Deadline extended",
    EventType.HOLD_STARTED: "Hold started",
    EventType.HOLD_ENDED: "Hold ended",
    EventType.NOTIFICATION_RECORDED: "Serious incident notification recorded",
    EventType.NOTIFICATION_CHANGED: "Serious incident notification corrected",
    EventType.PERIOD_CONFIRMED: "Period under review confirmed",
    EventType.TIMELINE_CONFIRMED: "Timeline confirmed with the partners",
    EventType.REQUEST_SENT: "Request for information sent",
    EventType.REQUESTS_FORWARDED_TO_LEGAL: "Requests forwarded to legal services",
    EventType.MEETING_ARRANGED: "Meeting arranged",
    EventType.MEETING_CHANGED: "Meeting changed",
    EventType.RETURN_DRAFT_SAVED: "Draft return saved",
    EventType.CHRONOLOGY_ENTRY_ADDED: "Chronology entry added",
    EventType.CHRONOLOGY_ENTRY_REMOVED: "Chronology entry removed",
    EventType.CHRONOLOGY_IMPORTED: "Chronology imported",
    EventType.SUPPORTING_DOCUMENT_ADDED: "Supporting document added",
    EventType.SUPPORTING_DOCUMENT_REMOVED: "Supporting document removed",
    EventType.RETURN_SUBMITTED: "Return submitted",
    EventType.NO_INVOLVEMENT_DECLARED: "No involvement declared",
    EventType.MORE_DETAIL_REQUESTED: "More detail asked for",
    EventType.REQUEST_CHASED: "Return chased",
    EventType.COMBINED_REPORT_GENERATED: "Combined agency report generated",
    EventType.COMBINED_REPORT_CIRCULATED: "Combined agency report circulated",
    EventType.PARTNER_DECISION_RECORDED: "Partner's decision recorded",
    EventType.PARTNER_DECISION_CHANGED: "Partner's decision changed",
    EventType.ATTENDANCE_RECORDED: "Attendance recorded",
    EventType.JOINT_DECISION_RECORDED: "Joint decision recorded",
    EventType.JOINT_DECISION_CHANGED: "Joint decision changed",
    EventType.DISSENT_RECORDED: "Disagreement recorded",
    EventType.REPORT_GENERATED: "Rapid review report generated",
    EventType.REPORT_UPLOADED: "Rapid review report uploaded",
    EventType.REPORT_APPROVED: "Report approved",
    EventType.REPORT_SENT_BACK: "Report sent back",
    EventType.APPROVALS_VOIDED: "Earlier approvals no longer count",
    EventType.REPORT_SUBMITTED: "Report sent to the National Panel",
    EventType.PANEL_ACKNOWLEDGED: "National Panel's acknowledgement recorded",
    EventType.PANEL_RESPONDED: "National Panel's response recorded",
    EventType.SUBGROUP_INFORMED: "Report sent to the CSPR subgroup",
    EventType.RECONVENED: "Reconvened meeting recorded",
    EventType.OUTCOME_RECORDED: "Outcome recorded",
    EventType.LCSPR_COMMISSIONED: "LCSPR commissioned",
    EventType.COMMUNICATION_RECORDED: "Communication recorded",
    EventType.REVIEW_CLOSED: "Review closed",
    EventType.LCSPR_RECORDED: "LCSPR recorded",
    EventType.TERMS_DRAFTED: "Terms of reference drafted",
    EventType.TERMS_SHARED: "Terms of reference shared",
    EventType.TERMS_AGREED: "Terms of reference agreed",
    EventType.AUTHOR_COMMISSIONED: "Independent author commissioned",
    EventType.COMMISSION_CHANGED: "Independent author's commission changed",
    EventType.INTRODUCTION_MEETING_RECORDED: "Introduction meeting recorded",
    EventType.INTRODUCTION_MEETING_CHANGED: "Introduction meeting changed",
    EventType.ITINERARY_DRAFTED: "Itinerary drafted",
    EventType.ITINERARY_CHANGED: "Itinerary changed",
    EventType.ITINERARY_CONFIRMED: "Itinerary confirmed",
    EventType.PARTICIPANT_ADDED: "Participant added",
    EventType.PARTICIPANT_CHANGED: "Participant's details changed",
    EventType.INVITATIONS_SENT: "Invitations sent",
    EventType.LEARNING_EVENT_CHANGED: "Learning event changed",
    EventType.LEARNING_EVENT_HELD: "Learning event held",
    EventType.FEEDBACK_REQUESTED: "Feedback asked for",
    EventType.FEEDBACK_RECEIVED: "Feedback received",
    EventType.FAMILY_PLAN_CHANGED: "Family engagement plan changed",
    EventType.FAMILY_CONTACT_RECORDED: "Contact with the family recorded",
    EventType.FAMILY_CONTACT_DEFERRED: "Contact with the family deferred",
    EventType.FAMILY_CONTACT_RESUMED: "Contact with the family resumed",
    EventType.FAMILY_TOLD: "Family told",
    EventType.MONITORING_CHECKPOINT: "Monitoring checkpoint recorded",
    EventType.AUTHOR_ASKED: "Independent author written to",
    EventType.AUTHOR_REPLIED: "Independent author's reply recorded",
    EventType.DRAFT_UPLOADED: "Draft report uploaded",
    EventType.DRAFT_COMMENTED: "Comment on a draft",
    EventType.DRAFT_COMMENT_ANSWERED: "Comment on a draft answered",
    EventType.DRAFT_PRESENTED: "Draft presented to the CSPR subgroup",
    EventType.FINAL_DRAFT_AGREED: "Final draft agreed",
    EventType.SIGNED_OFF: "Report signed off",
    EventType.ANONYMISATION_CHECKED: "Draft checked for identifying details",
    EventType.MEDIA_STRATEGY_CHANGED: "Media strategy changed",
    EventType.MEDIA_STRATEGY_AGREED: "Media strategy agreed",
    EventType.PUBLICATION_PLANNED: "Publication planned",
    EventType.PRE_PUBLICATION_NOTICE_SENT: "Pre-publication notice sent",
    EventType.PUBLICATION_DELAYED: "Publication delayed",
    EventType.PUBLISHED: "Report published",
    EventType.PUBLICATION_REMINDER_SENT: "Publication reminder sent",
    EventType.LEARNING_RECORDED: "Learning recorded",
    EventType.LEARNING_CHANGED: "Learning changed",
    EventType.RECOMMENDATION_MADE: "Recommendation made",
    EventType.RECOMMENDATION_CHANGED: "Recommendation changed",
    EventType.ACTION_ADDED: "Action added",
    EventType.IMMEDIATE_ACTION_RAISED: "Immediate action raised",
    EventType.ACTION_UPDATED: "Action updated",
    EventType.ACTION_COMPLETED: "Action completed",
    EventType.ACTION_CONFIRMED: "Action confirmed complete",
    EventType.ACTION_SENT_BACK: "Action sent back",
    EventType.ACTION_WITHDRAWN: "Action withdrawn",
    EventType.ACTION_EVIDENCE_ADDED: "Evidence added to an action",
    EventType.ACTION_EVIDENCE_REMOVED: "Evidence removed from an action",
    EventType.LEARNING_DOCUMENT_GENERATED: "Learning document generated",
    EventType.LEARNING_SHARED: "Learning shared",
}

# Words that keep their capitals wherever they appear: role labels are stored lower-cased in
# some events ("cspr subgroup chair"), and sentence case must not undo an acronym either.
_CAPITALS: dict[str, str] = {
    "cspr": "CSPR",
    "lcspr": "LCSPR",
    "lcsprs": "LCSPRs",
    "icb": "ICB",
    "wd": "WD",
}
_NATIONAL_PANEL = re.compile(r"\bnational panel\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def restore_capitals(text: str) -> str:
    """Put the capitals back into acronyms and "National Panel"; leave every other letter."""
    text = _WORD.sub(lambda word: _CAPITALS.get(word.group().lower(), word.group()), text)
    return _NATIONAL_PANEL.sub("National Panel", text)


def sentence_case(text: str) -> str:
    """Capitalise the first letter only (unlike str.capitalize, which lowers every other one),
    keeping acronyms in capitals."""
    text = restore_capitals(text)
    return text[:1].upper() + text[1:]


def title(event_type: str) -> str:
    """The name of a kind of event in a list of kinds, in words."""
    try:
        return TITLES[EventType(event_type)]
    except ValueError:
        return sentence_case(event_type.replace("-", " "))


class _EventLike(Protocol):
    type: str
    detail: Any


def describe(event: _EventLike) -> str:
    """Say what an event means in plain words, using the values its detail holds."""
    try:
        template = WORDING[EventType(event.type)]
    except ValueError:
        return sentence_case(event.type.replace("-", " "))
    detail = dict(event.detail) if isinstance(event.detail, dict) else {}
    if isinstance(detail.get("role"), str):
        # Member events store the role's label lower-cased, acronyms included.
        detail["role"] = restore_capitals(detail["role"])
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template.split("{", 1)[0].strip() or event.type
