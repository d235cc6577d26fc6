"""The partnership's action tracker: every action of every review's plan the person may see
(reviews.permissions.plan_actions_visible_to), filtered by organisation, theme, status and
review (a case-code search), overdue ones tagged, a page at a time (reviews.views.paging). A
fixed number of queries, however many actions there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Organisation, User
from reviews import moment
from reviews.forms.learning.plans import OVERDUE, TrackerFilterForm
from reviews.models import OPEN_ACTION_STATUSES, ActionStatus, PlanAction, Review, Theme
from reviews.permissions import Permission, reviews_for
from reviews.permissions_partnership import can_view_themes, plan_actions_visible_to
from reviews.views.helpers import person
from reviews.views.learning.plans.common import STATUS_TAGS, is_overdue
from reviews.views.paging import Paged, paginate
from reviews.views.posting import status_of


def _filter_form(
    request: HttpRequest, user: User, visible: QuerySet[PlanAction]
) -> TrackerFilterForm:
    """The filters, offering the organisations with actions the person sees and the
    partnership's themes; reviews are found by case code, never listed."""
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
    )


def _with_case_code(user: User, visible: QuerySet[PlanAction], code: str) -> Q:
    """A whole case code of a review the person may open (or sees actions of) finds that
    review alone, even with no actions yet (a review's own page links here with its code);
    anything else finds every review whose code contains it."""
    whole = Review.objects.filter(
        Q(pk__in=reviews_for(user, Permission.VIEW_REVIEW).values("pk"))
        | Q(pk__in=visible.values("review")),
        case_code__iexact=code,
    )
    if whole.exists():
        return Q(review__case_code__iexact=code)
    return Q(review__case_code__icontains=code)


def _filtered(
    user: User, found: QuerySet[PlanAction], data: dict[str, Any], today: dt.date
) -> QuerySet[PlanAction]:
    """The actions that pass the filters chosen (``found``: every action the person sees)."""
    visible = found
    if data["organisation"]:
        found = found.filter(organisation_id=data["organisation"])
    if data["case_code"]:
        found = found.filter(_with_case_code(user, visible, data["case_code"]))
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
        found = _filtered(user, found, form.cleaned_data, today)
    elif form.is_bound:
        found = found.none()
    rows = found.select_related("review", "organisation", "recommendation").prefetch_related(
        "recommendation__themes"
    )
    paged: Paged[PlanAction] = paginate(request, rows.order_by("due_on", "pk"), noun="actions")
    return render(
        request,
        "reviews/learning/plans/tracker.html",
        {
            "form": form,
            "counts": _counts(found, today),
            "paged": paged,
            "rows": [(action, is_overdue(action, today)) for action in paged.items],
            "status_tags": STATUS_TAGS,
            "status_labels": dict(ActionStatus.choices),  # the rows' words, looked up once
            "filtered": bool(request.GET.keys() - {"page"}),
            "may_view_themes": user.partnership is not None
            and can_view_themes(user, user.partnership),
        },
        status=status_of(form),
    )
