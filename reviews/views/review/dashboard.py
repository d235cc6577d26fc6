"""The list of reviews (the dashboard): every review the person may open, most urgent first."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews.clock import schedules_for
from reviews.forms.steps import DashboardFilterForm
from reviews.models import ANSWERED, InformationRequest, Review
from reviews.permissions import (
    Permission,
    can_record_notification,
    can_view_themes,
    requests_answerable_by,
    reviews_for,
)
from reviews.schedule import Schedule, ScheduledStep
from reviews.views.helpers import person
from reviews.views.lcspr.steps import publication_due
from reviews.views.steps import dashboard_rows, optional_url


def review_list(request: HttpRequest) -> HttpResponse:
    """The dashboard: every review the person may open, most urgent first, with filters.

    An agency contributor's part is their own request, listed above the reviews: the reviews
    themselves are for the parts that may open them (need to know)."""
    user = person(request)
    form = DashboardFilterForm(request.GET or None)
    found = reviews_for(user, Permission.VIEW_REVIEW).select_related("partnership")
    found, only_overdue = _filtered(form, found)
    reviews = list(found)
    schedules = schedules_for(reviews)
    rows = dashboard_rows(reviews, schedules)
    if only_overdue:
        rows = [row for row in rows if row.overdue]
    return render(
        request,
        "reviews/review/list.html",
        {
            "form": form,
            "rows": rows,
            "filtered": bool(request.GET),
            "to_answer": _to_answer(user),
            "may_record": can_record_notification(user),
            "may_see_themes": user.partnership is not None
            and can_view_themes(user, user.partnership),
            "publish_by": _publish_by(reviews, schedules),
        },
        status=400 if form.errors else 200,
    )


def _filtered(form: DashboardFilterForm, found: QuerySet[Review]) -> tuple[QuerySet[Review], bool]:
    """The reviews the filters ask for (open ones unless asked otherwise), and whether only
    the overdue are wanted."""
    status, only_overdue = "open", False
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "open"
        only_overdue = data["overdue"]
        if data["kind"]:
            found = found.filter(kind=data["kind"])
        if data["case_code"]:
            found = found.filter(case_code__icontains=data["case_code"].strip())
    if status == "open":
        found = found.filter(closed_at__isnull=True)
    elif status == "closed":
        found = found.filter(closed_at__isnull=False)
    return found, only_overdue


def _to_answer(user: User) -> list[tuple[InformationRequest, str | None]]:
    """The open requests this person answers for their organisation, each with its page."""
    to_answer = (
        requests_answerable_by(user)
        .exclude(status__in=ANSWERED)
        .filter(review__closed_at__isnull=True)
        .select_related("review", "organisation")
        .order_by("due_on", "pk")
    )
    return [
        (each, optional_url("reviews:request", pk=each.review_id, request_pk=each.pk))
        for each in to_answer
    ]


def _publish_by(reviews: list[Review], schedules: dict[int, Schedule]) -> dict[int, ScheduledStep]:
    """An LCSPR's publication deadline, from the schedules already computed."""
    return {
        review.pk: step
        for review in reviews
        if review.is_lcspr and (step := publication_due(schedules[review.pk]))
    }
