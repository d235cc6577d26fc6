"""The partnership's action tracker: every action of every review's plan the person may see
(reviews.permissions.plan_actions_visible_to), filtered by organisation, theme, status and
review, overdue ones tagged. A fixed number of queries, however many actions there are."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Organisation
from reviews import moment
from reviews.forms.learning import OVERDUE, TrackerFilterForm
from reviews.models import OPEN_ACTION_STATUSES, ActionStatus, PlanAction, Review, Theme
from reviews.permissions import can_view_themes, plan_actions_visible_to
from reviews.views.helpers import person, query_without_page
from reviews.views.learning.plan_common import STATUS_TAGS, is_overdue

PAGE_SIZE = 100


def action_tracker(request: HttpRequest) -> HttpResponse:
    user = person(request)
    today = moment.today()
    visible = plan_actions_visible_to(user)
    form = TrackerFilterForm(
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
                Q(pk__in=Review.objects.visible_to(user).values("pk"))
                | Q(pk__in=visible.values("review"))
            )
            .order_by("case_code")
            .values_list("pk", "case_code")
        ),
    )
    found = visible
    if form.is_valid():
        data = form.cleaned_data
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
    elif form.is_bound:
        found = found.none()
    counts = found.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)),
        open=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
        awaiting=Count("pk", filter=Q(status=ActionStatus.AWAITING_CONFIRMATION)),
        confirmed=Count("pk", filter=Q(status=ActionStatus.CONFIRMED)),
    )
    rows = found.select_related("review", "organisation", "recommendation").prefetch_related(
        "recommendation__themes"
    )
    page = Paginator(rows.order_by("due_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/learning/plans/tracker.html",
        {
            "form": form,
            "counts": counts,
            "page": page,
            "rows": [(action, is_overdue(action, today)) for action in page],
            "status_tags": STATUS_TAGS,
            "filters": query_without_page(request),
            "filtered": bool(request.GET),
            "may_view_themes": user.partnership is not None
            and can_view_themes(user, user.partnership),
        },
        status=400 if form.errors else 200,
    )
