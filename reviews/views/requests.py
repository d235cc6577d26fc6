"""Requests for information: the business team's list and following up, plus every route of
this topic (the agency's return is in reviews.views.returns and return_files)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from reviews.actions import ActionError
from reviews.actions import returns as answers
from reviews.forms.requests import MoreDetailForm
from reviews.models import ReviewMember
from reviews.permissions import ANSWERING_ROLES, Permission, get_request_for, get_review_for
from reviews.views import return_files, returns
from reviews.views.helpers import person


def request_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every request of the review: who answers, when it is due, where it stands."""
    review = get_review_for(person(request), pk, Permission.MANAGE_REQUESTS)
    requests = list(
        review.requests.select_related("organisation", "contributor").order_by("organisation__name")
    )
    # Without a named contributor, whoever answers for the organisation on this review.
    answerers: defaultdict[int, list[str]] = defaultdict(list)
    for organisation_id, name in (
        ReviewMember.objects.filter(review=review, active=True, role__in=list(ANSWERING_ROLES))
        .order_by("user__full_name")
        .values_list("organisation_id", "user__full_name")
    ):
        answerers[organisation_id].append(name)
    rows = [
        {
            "request": each,
            "late": answers.is_late(each),
            "answered_by": [each.contributor.full_name]
            if each.contributor
            else answerers[each.organisation_id],
        }
        for each in requests
    ]
    return render(
        request,
        "reviews/requests/list.html",
        {
            "review": review,
            "rows": rows,
            "answered": sum(1 for each in requests if each.is_answered),
            "any_late": any(row["late"] for row in rows),
        },
    )


@require_POST
def chase(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    info_request = get_request_for(user, review.pk, request_pk)
    try:
        answers.chase_request(info_request, by=user)
    except ActionError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{info_request.organisation.name} has been reminded by email.")
    return redirect("reviews:requests", pk=review.pk)


@require_POST
def chase_late(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    chased = answers.chase_late_requests(review, by=user)
    if chased:
        names = ", ".join(each.organisation.name for each in chased)
        count = f"{len(chased)} late request{'s' if len(chased) != 1 else ''}"
        messages.success(request, f"{count} chased by email: {names}.")
    else:
        messages.success(request, "No request is late: nobody was chased.")
    return redirect("reviews:requests", pk=review.pk)


def more_detail(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Ask an organisation for more than it returned; its return opens again."""
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    info_request = get_request_for(user, review.pk, request_pk)
    form = MoreDetailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answers.ask_for_more_detail(info_request, by=user, reason=form.cleaned_data["reason"])
        except ActionError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(
                request, f"{info_request.organisation.name} has been asked for more detail."
            )
            return redirect("reviews:requests", pk=review.pk)
    return render(
        request,
        "reviews/requests/more_detail.html",
        {"review": review, "info_request": info_request, "form": form},
        status=400 if form.errors else 200,
    )


_ONE = "<int:pk>/requests/<int:request_pk>"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/requests/", request_list, name="requests"),
    path("<int:pk>/requests/chase-late/", chase_late, name="requests-chase-late"),
    path(f"{_ONE}/", returns.request_page, name="request"),
    path(f"{_ONE}/autosave/", returns.autosave, name="request-autosave"),
    path(f"{_ONE}/submit/", returns.submit, name="request-submit"),
    path(f"{_ONE}/no-involvement/", returns.no_involvement, name="request-no-involvement"),
    path(f"{_ONE}/more-detail/", more_detail, name="request-more-detail"),
    path(f"{_ONE}/chase/", chase, name="request-chase"),
    path(f"{_ONE}/chronology/add/", return_files.chronology_add, name="request-chronology-add"),
    path(
        f"{_ONE}/chronology/<int:entry_pk>/remove/",
        return_files.chronology_remove,
        name="request-chronology-remove",
    ),
    path(
        f"{_ONE}/chronology/import/",
        return_files.chronology_import,
        name="request-chronology-import",
    ),
    path(f"{_ONE}/documents/add/", return_files.document_add, name="request-document-add"),
    path(
        f"{_ONE}/documents/<int:document_pk>/",
        return_files.document_download,
        name="request-document",
    ),
    path(
        f"{_ONE}/documents/<int:document_pk>/remove/",
        return_files.document_remove,
        name="request-document-remove",
    ),
]
