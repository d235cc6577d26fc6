"""Comparing two versions of the report line by line (the newest two unless chosen); each
comparison is a look at the review, so it is logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reviews import actions
from reviews.documents.rapid_review_report import compare_texts
from reviews.forms.report import CompareForm
from reviews.models import AccessLogEntry, ReportVersion
from reviews.permissions import Permission
from reviews.views.helpers import look_from, rapid_review_for


@never_cache
@require_GET
def report_compare(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.VIEW_DOCUMENTS)
    numbers = list(
        ReportVersion.objects.filter(review=review)
        .order_by("number")
        .values_list("number", flat=True)
    )
    query = request.GET.copy()
    if "from" not in query and "to" not in query and len(numbers) > 1:
        query.update({"from": str(numbers[-2]), "to": str(numbers[-1])})
    form = CompareForm(query) if "from" in query or "to" in query else CompareForm()
    comparison = None
    older = newer = None
    if form.is_bound and form.is_valid():
        for name in ("from", "to"):
            if form.cleaned_data[name] not in numbers:
                form.add_error(name, f"There is no version {form.cleaned_data[name]}")
    if form.is_bound and not form.errors:
        chosen = {
            version.number: version
            for version in ReportVersion.objects.filter(
                review=review, number__in=[form.cleaned_data["from"], form.cleaned_data["to"]]
            )
        }
        older, newer = chosen[form.cleaned_data["from"]], chosen[form.cleaned_data["to"]]
        comparison = compare_texts(older.text, newer.text)
        actions.record_access(
            by=user,
            action=AccessLogEntry.Action.VIEWED_REVIEW,
            review=review,
            target=f"{review.case_code} rapid review report: compared versions "
            f"{older.number} and {newer.number}",
            look=look_from(request),
        )
    return render(
        request,
        "reviews/report/compare.html",
        {
            "review": review,
            "form": form,
            "numbers": numbers,
            "older": older,
            "newer": newer,
            "comparison": comparison,
        },
        status=400 if form.errors else 200,
    )
