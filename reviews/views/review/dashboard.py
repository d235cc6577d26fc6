"""The list of reviews: every review the person may open, a page at a time, open ones first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews.clock import schedules_for
from reviews.forms.steps import DashboardFilterForm
from reviews.models import ANSWERED, InformationRequest, Review, ReviewKind
from reviews.permissions import Permission, requests_answerable_by, reviews_for
from reviews.permissions_partnership import (
    can_record_notification,
    can_view_statistics,
    can_view_themes,
)
from reviews.reads.step_pages import optional_url
from reviews.schedule import Schedule, ScheduledStep
from reviews.views.helpers import person
from reviews.views.lcspr.steps import publication_due
from reviews.views.paging import Paged, paginate

# Open reviews first, the longest-running first (the earliest working day 0, so the clock that
# started first); then closed reviews, the latest closed first. Due dates are computed, never
# stored (ADR 0006), so "most urgent" cannot be a database order; this one is, and it is said
# on the page.
ORDER: Final = (F("closed_at").desc(nulls_first=True), "origin", "case_code", "pk")


def review_list(request: HttpRequest) -> HttpResponse:
    """The reviews list: every review the person may open, a page at a time, with filters.

    Schedules are computed for the open reviews of the page shown; only "overdue only" needs
    the schedule of every open review that matches the other filters (closed reviews have no
    running clock, so none is overdue). An agency contributor's part is their own request,
    listed above the reviews: the reviews themselves are for the parts that may open them."""
    user = person(request)
    form = DashboardFilterForm(request.GET or None)
    found = reviews_for(user, Permission.VIEW_REVIEW).select_related("partnership")
    found, only_overdue = _filtered(form, found)
    found = found.order_by(*ORDER)
    if only_overdue:
        candidates = list(found.filter(closed_at__isnull=True))
        schedules = schedules_for(candidates)
        overdue = [review for review in candidates if schedules[review.pk].overdue_count()]
        paged: Paged[Review] = paginate(request, overdue, noun="reviews")
    else:
        paged = paginate(request, found, noun="reviews")
        schedules = schedules_for(review for review in paged.items if review.is_open)
    return render(
        request,
        "reviews/review/list.html",
        {
            "form": form,
            "paged": paged,
            "rows": _rows(paged.items, schedules),
            "filtered": bool(request.GET.keys() - {"page"}),
            "to_answer": _to_answer(user),
            "may_record": can_record_notification(user),
            "may_see_themes": user.partnership is not None
            and can_view_themes(user, user.partnership),
            "may_see_statistics": user.partnership is not None
            and can_view_statistics(user, user.partnership),
            "publish_by": _publish_by(paged.items, schedules),
            "kinds": dict(ReviewKind.choices),  # the rows' words, looked up once
        },
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class DashboardRow:
    review: Review
    next_step: ScheduledStep | None
    overdue: int


def _rows(reviews: list[Review], schedules: dict[int, Schedule]) -> list[DashboardRow]:
    """A row per review of the page, in the page's order; a closed review has no deadline."""
    return [
        DashboardRow(review, schedule.next_deadline(), schedule.overdue_count())
        if (schedule := schedules.get(review.pk)) and review.is_open
        else DashboardRow(review, None, 0)
        for review in reviews
    ]


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
        if review.is_lcspr
        and review.pk in schedules
        and (step := publication_due(schedules[review.pk]))
    }
