"""The step keys of both processes as one enum, so a mistyped key fails at import, not at run time.

The members are `str`: a `Step` compares equal to its key, and stored values, URLs, exports and
the command line use the same text as before.
"""

from enum import StrEnum


class Step(StrEnum):
    """Every step key of the rapid review and the LCSPR (domain.md), in process order."""

    # Rapid review.
    NOTIFY_PANEL = "notify-panel"
    NOTIFY_OFSTED_AND_SECRETARY_OF_STATE = "notify-ofsted-and-secretary-of-state"
    CONFIRM_SCOPE = "confirm-scope"
    REQUEST_INFORMATION = "request-information"
    CONFIRM_TIMELINE = "confirm-timeline"
    INVITE_TO_MEETING = "invite-to-meeting"
    INFORMATION_RETURNED = "information-returned"
    COMBINED_REPORT = "combined-report"
    PARTNER_DECISIONS = "partner-decisions"
    DECISION_MEETING = "decision-meeting"
    REPORT_AMENDED = "report-amended"
    REPORT_AGREED = "report-agreed"
    REPORT_SUBMITTED = "report-submitted"
    PANEL_ACKNOWLEDGED = "panel-acknowledged"
    PANEL_RESPONSE = "panel-response"
    SUBGROUP_INFORMED = "subgroup-informed"
    RECONVENE = "reconvene"
    OUTCOME = "outcome"

    # LCSPR.
    PANEL_VIEW_CONFIRMED = "panel-view-confirmed"
    RAPID_REVIEW_CIRCULATED = "rapid-review-circulated"
    TERMS_OF_REFERENCE = "terms-of-reference"
    AUTHOR_COMMISSIONED = "author-commissioned"
    INTRODUCTION_MEETING = "introduction-meeting"
    ITINERARY_CONFIRMED = "itinerary-confirmed"
    PARTICIPANTS_BRIEFED = "participants-briefed"
    LEARNING_EVENTS = "learning-events"
    FAMILY_ENGAGEMENT = "family-engagement"
    DRAFT_REPORT = "draft-report"
    DRAFT_PRESENTED = "draft-presented"
    FINAL_DRAFT_AGREED = "final-draft-agreed"
    SIGNED_OFF = "signed-off"
    MEDIA_STRATEGY = "media-strategy"
    PRE_PUBLICATION_NOTICE = "pre-publication-notice"
    PUBLISHED = "published"
