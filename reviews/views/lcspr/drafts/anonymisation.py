"""The anonymisation check of a draft version: it shows real identifiers, so only the business
team runs it (VIEW_IDENTITY), and each run is logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.anonymisation import check_anonymisation
from reviews.models import AnonymisationCheck, DraftReport
from reviews.permissions import Permission
from reviews.views.helpers import lcspr_for, look_from
from reviews.views.lcspr.drafts.common import draft_of


@never_cache
@require_http_methods(["GET", "POST"])
def anonymisation(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """GET: the checks run so far (counts only). POST: run the check and show what it found.

    The hits are shown once, in the response to the run, and never stored.
    """
    user, review = lcspr_for(request, pk, Permission.VIEW_IDENTITY)
    version = draft_of(review, number)
    result, refusal, status = None, "", 200
    if request.method == "POST":
        full = DraftReport.objects.select_related("review").get(pk=version.pk)
        try:  # a button with no fields: what it found, or why not, is shown on this page
            result = check_anonymisation(full, by=user, look=look_from(request))
        except ActionError as refused:
            refusal, status = refused.message, 400
    checks = list(
        AnonymisationCheck.objects.filter(draft=version)
        .select_related("run_by")
        .order_by("-run_at", "-pk")
    )
    return render(
        request,
        "reviews/lcspr/drafts/anonymisation.html",
        {
            "review": review,
            "draft": version,
            "result": result,
            "refusal": refusal,
            "checks": checks,
        },
        status=status,
    )
