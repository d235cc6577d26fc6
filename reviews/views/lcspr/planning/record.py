"""Recording an LCSPR commissioned before the service was in use (the business team)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from reviews.actions.lcspr.planning.start import record_lcspr
from reviews.forms.lcspr.planning import RecordLcsprForm
from reviews.models import Review
from reviews.permissions_partnership import can_record_notification
from reviews.reads.lcspr.planning import rapid_reviews_without_lcspr
from reviews.views.helpers import person
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit


def record(request: HttpRequest) -> HttpResponse:
    """Record an LCSPR commissioned before the service was in use (the business team)."""
    user = person(request)
    if not can_record_notification(user) or user.partnership is None:
        raise PermissionDenied("Only the business team records reviews.")
    partnership = user.partnership
    candidates = {each.pk: each for each in rapid_reviews_without_lcspr(partnership)}
    choices = [(pk, f"{r.case_code} ({r.pseudonym})") for pk, r in candidates.items()]

    def bind(data: QueryDict | None) -> RecordLcsprForm:
        return RecordLcsprForm(data, rapid_reviews=choices)

    def act(form: RecordLcsprForm) -> Review:
        data = form.cleaned_data
        return record_lcspr(
            partnership=partnership,
            by=user,
            pseudonym=data["pseudonym"],
            summary=data["summary"],
            decided_on=data["decided_on"],
            rapid_review=candidates.get(data["rapid_review"]) if data["rapid_review"] else None,
        )

    if request.method != "POST":
        return render(request, "reviews/lcspr/planning/record.html", {"form": bind(None)})
    posted = submit(request, bind=bind, act=act)
    if posted.done:
        lcspr = posted.result
        return saved(
            request,
            f"The LCSPR {lcspr.case_code} has been recorded.",
            "reviews:detail",
            pk=lcspr.pk,
        )
    return render(
        request,
        "reviews/lcspr/planning/record.html",
        {"form": posted.form},
        status=status_after(posted),
    )
