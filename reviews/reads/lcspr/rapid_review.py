"""The rapid review an LCSPR follows, as its independent author may read it (issue 14): the
review's summary and its report as sent to the National Panel (else its latest version),
read-only. Nothing else of the rapid review: its returns, decisions, people and history stay
with those taking part in it."""

from __future__ import annotations

from dataclasses import dataclass

from reviews.models import PanelSubmission, ReportVersion, Review


@dataclass(frozen=True)
class RapidReviewRead:
    review: Review
    report: ReportVersion | None
    sent_to_panel: bool


def rapid_review_read(lcspr: Review) -> RapidReviewRead | None:
    """The rapid review the LCSPR follows, with the report to read; None when it names none."""
    rapid = lcspr.rapid_review
    if rapid is None:
        return None
    submission = (
        PanelSubmission.objects.filter(review=rapid).select_related("report_version").first()
    )
    if submission is not None:
        return RapidReviewRead(rapid, submission.report_version, sent_to_panel=True)
    latest = ReportVersion.objects.filter(review=rapid).order_by("-number").first()
    return RapidReviewRead(rapid, latest, sent_to_panel=False)
