"""The rapid review an LCSPR follows, read-only, for the review team (AUTHOR_WORK): the
independent author, who has no part in the rapid review, reads its summary and report here
(issue 14). Each look is written to the access log, against the rapid review."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reviews import actions
from reviews.models import AccessLogEntry
from reviews.permissions import Permission
from reviews.reads.lcspr.rapid_review import rapid_review_read as read_of
from reviews.views.helpers import lcspr_for, look_from


def rapid_review_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The rapid review's summary and report, read-only; the look is logged."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    read = read_of(review)
    if read is None:
        raise Http404("This LCSPR does not follow a rapid review recorded here.")
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=read.review,
        target=f"{read.review.case_code}, read-only from the LCSPR {review.case_code}",
        look=look_from(request),
    )
    return render(
        request, "reviews/lcspr/planning/rapid_review.html", {"review": review, "read": read}
    )
