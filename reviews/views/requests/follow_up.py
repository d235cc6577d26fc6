"""Requests for information: the business team's list and following them up (chasing, asking
for more detail)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reviews.actions.requests import returns as answers
from reviews.forms.requests import MoreDetailForm
from reviews.models import ReviewMember
from reviews.permissions import ANSWERING_ROLES, Permission, get_request_for, get_review_for
from reviews.reads.requests import is_late
from reviews.views.helpers import person
from reviews.views.posting import act_then_redirect, saved, submit


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
            "late": is_late(each),
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
    return act_then_redirect(
        request,
        lambda: answers.chase_request(info_request, by=user),
        success=f"{info_request.organisation.name} has been reminded by email.",
        to="reviews:requests",
        pk=review.pk,
    )


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
    form = MoreDetailForm()
    if request.method == "POST":
        posted = submit(
            request,
            bind=MoreDetailForm,
            act=lambda form: answers.ask_for_more_detail(
                info_request, by=user, reason=form.cleaned_data["reason"]
            ),
        )
        if posted.done:
            return saved(
                request,
                f"{info_request.organisation.name} has been asked for more detail.",
                "reviews:requests",
                pk=review.pk,
            )
        form = posted.form
    return render(
        request,
        "reviews/requests/more_detail.html",
        {"review": review, "info_request": info_request, "form": form},
        status=400 if form.errors else 200,
    )
