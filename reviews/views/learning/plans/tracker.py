"""The partnership's action tracker: every action of every review's plan the person may see
(reviews.permissions.plan_actions_visible_to), filtered by organisation, theme, status and
review, overdue ones tagged. A fixed number of queries, however many actions there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Organisation, User
from reviews import moment
from reviews.forms.learning.plans import OVERDUE, TrackerFilterForm
from reviews.models import OPEN_ACTION_STATUSES, ActionStatus, PlanAction, Review, Theme
from reviews.permissions import (
    Permission,
    can_view_themes,
    plan_actions_visible_to,
    reviews_for,
)
from reviews.views.helpers import person, query_without_page
from reviews.views.learning.plans.common import STATUS_TAGS, is_overdue
from reviews.views.posting import status_of

PAGE_SIZE = 100


def _filter_form(
    request: HttpRequest, user: User, visible: QuerySet[PlanAction]
) -> TrackerFilterForm:
    """The filters, offering the organisations with actions the person sees, the partnership's
    themes and the reviews the person may open."""
    return TrackerFilterForm(
        request.GET or None,
        organisations=list(
            Organisation.objects.filter(pk__in=visible.values("organisation"))
            .order_by("name")
            .values_list("pk", "name")
        ),
        themes=list(
            Theme.objects.filter(partnership=user.partnership_id)
            .order_by("name")
            .values_list("pk", "name")
        ),
        # Any review the person may open, not only those with actions: a review's own page
        # links here filtered to it, and with no actions yet the answer is "No actions".
        reviews=list(
            Review.objects.filter(
                Q(pk__in=reviews_for(user, Permission.VIEW_REVIEW).values("pk"))
                | Q(pk__in=visible.values("review"))
            )
            .order_by("case_code")
            .values_list("pk", "case_code")
        ),
    )


def _filtered(
    found: QuerySet[PlanAction], data: dict[str, Any], today: dt.date
) -> QuerySet[PlanAction]:
    """The actions that pass the filters chosen."""
    if data["organisation"]:
        found = found.filter(organisation_id=data["organisation"])
    if data["review"]:
        found = found.filter(review_id=data["review"])
    if data["theme"]:
        tagged = PlanAction.objects.filter(
            Q(recommendation__themes=data["theme"])
            | Q(recommendation__learning__themes=data["theme"])
        )
        found = found.filter(pk__in=tagged.values("pk"))
    if data["status"] == OVERDUE:
        found = found.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
    elif data["status"]:
        found = found.filter(status=data["status"])
    return found


def _counts(found: QuerySet[PlanAction], today: dt.date) -> dict[str, int]:
    return found.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)),
        open=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
        awaiting=Count("pk", filter=Q(status=ActionStatus.AWAITING_CONFIRMATION)),
        confirmed=Count("pk", filter=Q(status=ActionStatus.CONFIRMED)),
    )


def action_tracker(request: HttpRequest) -> HttpResponse:
    user = person(request)
    today = moment.today()
    visible = plan_actions_visible_to(user)
    form = _filter_form(request, user, visible)
    found = visible
    if form.is_valid():
        found = _filtered(found, form.cleaned_data, today)
    elif form.is_bound:
        found = found.none()
    rows = found.select_related("review", "organisation", "recommendation").prefetch_related(
        "recommendation__themes"
    )
    page = Paginator(rows.order_by("due_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/learning/plans/tracker.html",
        {
            "form": form,
            "counts": _counts(found, today),
            "page": page,
            "rows": [(action, is_overdue(action, today)) for action in page],
            "status_tags": STATUS_TAGS,
            "filters": query_without_page(request),
            "filtered": bool(request.GET),
            "may_view_themes": user.partnership is not None
            and can_view_themes(user, user.partnership),
        },
        status=status_of(form),
    )
