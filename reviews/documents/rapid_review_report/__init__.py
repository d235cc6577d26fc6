"""The rapid review report: what it says (``content``), its Word file (``word``), the
sign-offs written into a version's copy when it is downloaded (``sign_offs``), and the
comparison of two versions' text (``compare``).

The report is generated from the case as recorded, then edited in Word by the business team
and uploaded back; every version is kept (reviews.actions.report). Sections follow the
review's ruleset (``Ruleset.rapid_review_report_sections``), so a review started under Working
Together 2023 has key practice episodes and the analysis of racism and inequality, and one
started under Working Together 2018 does not.
"""

from reviews.documents.rapid_review_report.compare import (
    Change,
    ChangeKind,
    Comparison,
    compare_texts,
)
from reviews.documents.rapid_review_report.content import (
    TITLE,
    ChildLine,
    CriterionLine,
    DecisionOfPartner,
    JointDecisionText,
    RapidReviewReport,
    SignOff,
    SignOffRecord,
    build_rapid_review_report,
    report_file_name,
    sections_to_complete,
    sent_to_panel,
)
from reviews.documents.rapid_review_report.sign_offs import with_sign_offs
from reviews.documents.rapid_review_report.word import (
    UnreadableDocument,
    document_text,
    render_rapid_review_report_docx,
)

__all__ = [
    "TITLE",
    "Change",
    "ChangeKind",
    "ChildLine",
    "Comparison",
    "CriterionLine",
    "DecisionOfPartner",
    "JointDecisionText",
    "RapidReviewReport",
    "SignOff",
    "SignOffRecord",
    "UnreadableDocument",
    "build_rapid_review_report",
    "compare_texts",
    "document_text",
    "render_rapid_review_report_docx",
    "report_file_name",
    "sections_to_complete",
    "sent_to_panel",
    "with_sign_offs",
]
