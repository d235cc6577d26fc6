"""A review's own pages: the list, the overview, editing its details, its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from reviews import actions
from reviews.actions import EditConflict
from reviews.event_types import describe
from reviews.forms import HistoryFilterForm, ReviewDetailsForm
from reviews.models import AccessLogEntry, Review
from reviews.permissions import GRANTS, Permission, get_review_for, standing_on
from reviews.views.helpers import look_from, person, query_without_page

HISTORY_PAGE_SIZE = 50


def review_list(request: HttpRequest) -> HttpResponse:
    reviews = (
        Review.objects.visible_to(person(request))
        .select_related("partnership")
        .order_by("closed_at", "-opened_at")
    )
    return render(request, "reviews/review_list.html", {"reviews": reviews})


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_REVIEW)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=review,
        target=review.case_code,
        look=look_from(request),
    )
    standing = standing_on(user, review)
    may = {permission.value: bool(standing & GRANTS[permission]) for permission in Permission}
    members = review.members.filter(active=True).select_related("user", "organisation")
    return render(
        request, "reviews/review_detail.html", {"review": review, "may": may, "members": members}
    )


def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.EDIT_REVIEW)
    conflict: EditConflict | None = None
    if request.method == "POST":
        form = ReviewDetailsForm(request.POST)
        if form.is_valid():
            try:
                actions.update_review_details(
                    review,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    pseudonym=form.cleaned_data["pseudonym"],
                    summary=form.cleaned_data["summary"],
                )
            except EditConflict as clash:
                conflict = clash
                review.refresh_from_db()
                # Start again from what is saved now; the person's own text is shown beside it.
                form = ReviewDetailsForm(
                    initial={
                        "version": review.version,
                        "pseudonym": form.cleaned_data["pseudonym"],
                        "summary": form.cleaned_data["summary"],
                    }
                )
            else:
                messages.success(request, "The review's details have been saved.")
                return redirect("reviews:detail", pk=review.pk)
    else:
        form = ReviewDetailsForm(
            initial={
                "version": review.version,
                "pseudonym": review.pseudonym,
                "summary": review.summary,
            }
        )
    status = 409 if conflict else 200
    return render(
        request,
        "reviews/review_edit.html",
        {"review": review, "form": form, "conflict": conflict},
        status=status,
    )


def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_HISTORY)
    people = list(
        User.objects.filter(pk__in=review.events.values("actor"))
        .order_by("full_name")
        .values_list("pk", "full_name")
    )
    form = HistoryFilterForm(request.GET or None, people=people)
    events = review.events.select_related("actor")
    if form.is_valid():
        if form.cleaned_data["type"]:
            events = events.filter(type=form.cleaned_data["type"])
        if form.cleaned_data["person"]:
            events = events.filter(actor_id=form.cleaned_data["person"])
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [(event, describe(event)) for event in page]
    return render(
        request,
        "reviews/review_history.html",
        {
            "review": review,
            "form": form,
            "page": page,
            "entries": entries,
            "filters": query_without_page(request),
            # django-simple-history keeps every earlier state of the details.
            "versions": review.history.select_related("history_user").order_by("-history_date")[
                :HISTORY_PAGE_SIZE
            ],
        },
        status=400 if form.errors else 200,
    )
