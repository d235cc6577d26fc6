"""Who takes part in a review: adding and removing people."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reviews import actions
from reviews.actions import ActionError
from reviews.forms import AddMemberForm
from reviews.models import ReviewMember, ReviewRole
from reviews.permissions import Permission, get_review_for
from reviews.views.helpers import person


def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_MEMBERS)
    form = AddMemberForm(request.POST or None, partnership=review.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            member = actions.add_review_member(
                review,
                user=form.cleaned_data["user"],
                role=ReviewRole(form.cleaned_data["role"]),
                organisation=form.cleaned_data["organisation"],
                by=user,
            )
        except ActionError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, f"{member.user} has been added to {review.case_code}.")
            return redirect("reviews:members", pk=review.pk)
    members = review.members.select_related("user", "organisation", "added_by").order_by(
        "-active", "role", "user__full_name"
    )
    return render(
        request,
        "reviews/member_list.html",
        {"review": review, "members": members, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_MEMBERS)
    # Looked up within this review only: another review's member id is simply not found.
    member = get_object_or_404(ReviewMember, pk=member_pk, review=review)
    try:
        actions.remove_review_member(member, by=user)
    except ActionError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{member.user} no longer takes part in {review.case_code}.")
    return redirect("reviews:members", pk=review.pk)
