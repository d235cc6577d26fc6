"""The review domain's models, one module per aggregate."""

from reviews.models.agreements import (
    FactualAccuracyConfirmation,
    FinalDraftAgreement,
    MediaStrategyAgreement,
)
from reviews.models.calendar import ClosureDay, OneOffBankHoliday
from reviews.models.decisions import (
    LCSPR_CRITERIA,
    Answer,
    Attendance,
    Dissent,
    JointDecision,
    PartnerDecision,
)
from reviews.models.documents import DocumentKind, GeneratedDocument
from reviews.models.drafts import AnonymisationCheck, DraftComment, DraftReport, SignOff
from reviews.models.events import AccessLogEntry, AppendOnlyError, Event
from reviews.models.feeds import CalendarFeed, FeedKind
from reviews.models.identity import IdentityRecord
from reviews.models.lcspr import (
    AuthorCommission,
    FamilyContact,
    FamilyEngagement,
    IntroductionMeeting,
    Itinerary,
    MediaStrategy,
    MonitoringEntry,
    Publication,
    TermsAgreement,
    TermsOfReference,
)
from reviews.models.learning import (
    COMMON_THEMES,
    OPEN_ACTION_STATUSES,
    ActionEvidence,
    ActionStatus,
    Dissemination,
    Learning,
    PlanAction,
    Recommendation,
    Theme,
)
from reviews.models.learning_events import (
    DRAFT_ITINERARY,
    EventKind,
    EventPlace,
    FeedbackLink,
    LearningEvent,
    Participant,
)
from reviews.models.meetings import Meeting, MeetingKind
from reviews.models.membership import ORGANISATION_ROLES, ReviewMember, ReviewRole
from reviews.models.notification import (
    AbuseOrNeglect,
    Child,
    Criterion,
    Harm,
    Notification,
    Plan,
    Sex,
)
from reviews.models.notification_draft import NotificationDraft
from reviews.models.outbox import MailStatus, OutgoingEmail
from reviews.models.panel import (
    Communication,
    InformationRound,
    NationalReview,
    Outcome,
    OutcomeKind,
    PanelResponse,
    PanelSubmission,
    Reconvened,
)
from reviews.models.reminders import ReminderDigest, ReminderStage, SentReminder
from reviews.models.reports import Approval, ApprovalRole, ReportVersion
from reviews.models.requests import (
    ANSWERED,
    ChronologyEntry,
    InformationRequest,
    RequestStatus,
    SupportingDocument,
)
from reviews.models.review import Review, ReviewKind, ReviewQuerySet
from reviews.models.steps import Extension, Hold, StepRecord

__all__ = [
    "ANSWERED",
    "COMMON_THEMES",
    "DRAFT_ITINERARY",
    "LCSPR_CRITERIA",
    "OPEN_ACTION_STATUSES",
    "ORGANISATION_ROLES",
    "AbuseOrNeglect",
    "AccessLogEntry",
    "ActionEvidence",
    "ActionStatus",
    "AnonymisationCheck",
    "Answer",
    "AppendOnlyError",
    "Approval",
    "ApprovalRole",
    "Attendance",
    "AuthorCommission",
    "CalendarFeed",
    "Child",
    "ChronologyEntry",
    "ClosureDay",
    "Communication",
    "Criterion",
    "Dissemination",
    "Dissent",
    "DocumentKind",
    "DraftComment",
    "DraftReport",
    "Event",
    "EventKind",
    "EventPlace",
    "Extension",
    "FactualAccuracyConfirmation",
    "FamilyContact",
    "FamilyEngagement",
    "FeedKind",
    "FeedbackLink",
    "FinalDraftAgreement",
    "GeneratedDocument",
    "Harm",
    "Hold",
    "IdentityRecord",
    "InformationRequest",
    "InformationRound",
    "IntroductionMeeting",
    "Itinerary",
    "JointDecision",
    "Learning",
    "LearningEvent",
    "MailStatus",
    "MediaStrategy",
    "MediaStrategyAgreement",
    "Meeting",
    "MeetingKind",
    "MonitoringEntry",
    "NationalReview",
    "Notification",
    "NotificationDraft",
    "OneOffBankHoliday",
    "Outcome",
    "OutcomeKind",
    "OutgoingEmail",
    "PanelResponse",
    "PanelSubmission",
    "Participant",
    "PartnerDecision",
    "Plan",
    "PlanAction",
    "Publication",
    "Recommendation",
    "Reconvened",
    "ReminderDigest",
    "ReminderStage",
    "ReportVersion",
    "RequestStatus",
    "Review",
    "ReviewKind",
    "ReviewMember",
    "ReviewQuerySet",
    "ReviewRole",
    "SentReminder",
    "Sex",
    "SignOff",
    "StepRecord",
    "SupportingDocument",
    "TermsAgreement",
    "TermsOfReference",
    "Theme",
]
