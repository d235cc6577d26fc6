"""What the reminders sent: on one review, and across the partnership (the business team)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reviews.permissions import Permission, get_review_for
from reviews.permissions_partnership import is_business_team
from reviews.reads.reminders import sent_in_partnership, sent_on_review
from reviews.views.helpers import person

PAGE_SIZE = 100


def review_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    """Who was reminded of what on this review, and when (the business team and the lead)."""
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_MEMBERS)
    page = Paginator(sent_on_review(review), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "review": review,
        "page": page,
        "rows": list(page),
        "business_team": is_business_team(user, review.partnership_id),
    }
    return render(request, "reviews/reminders/review.html", context)


def partnership_reminders(request: HttpRequest) -> HttpResponse:
    """Every reminder the partnership's people were sent (the business team only)."""
    user = person(request)
    partnership = user.partnership
    if partnership is None or not is_business_team(user, partnership.pk):
        raise PermissionDenied("Only the business team can see the reminders sent.")
    page = Paginator(sent_in_partnership(partnership), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/reminders/partnership.html",
        {"partnership": partnership, "page": page, "rows": list(page)},
    )
