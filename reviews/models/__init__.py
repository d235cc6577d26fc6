"""The review domain's models, one module per aggregate."""

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
from reviews.models.events import AccessLogEntry, AppendOnlyError, Event
from reviews.models.identity import IdentityRecord
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
from reviews.models.panel import (
    Communication,
    NationalReview,
    Outcome,
    OutcomeKind,
    PanelResponse,
    PanelSubmission,
    Reconvened,
)
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
    "LCSPR_CRITERIA",
    "ORGANISATION_ROLES",
    "AbuseOrNeglect",
    "AccessLogEntry",
    "Answer",
    "AppendOnlyError",
    "Approval",
    "ApprovalRole",
    "Attendance",
    "Child",
    "ChronologyEntry",
    "ClosureDay",
    "Communication",
    "Criterion",
    "Dissent",
    "DocumentKind",
    "Event",
    "Extension",
    "GeneratedDocument",
    "Harm",
    "Hold",
    "IdentityRecord",
    "InformationRequest",
    "JointDecision",
    "Meeting",
    "MeetingKind",
    "NationalReview",
    "Notification",
    "OneOffBankHoliday",
    "Outcome",
    "OutcomeKind",
    "PanelResponse",
    "PanelSubmission",
    "PartnerDecision",
    "Plan",
    "Reconvened",
    "ReportVersion",
    "RequestStatus",
    "Review",
    "ReviewKind",
    "ReviewMember",
    "ReviewQuerySet",
    "ReviewRole",
    "Sex",
    "StepRecord",
    "SupportingDocument",
]
