"""Who takes part in a review: adding and removing people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from reviews import actions
from reviews.forms.review import AddMemberForm
from reviews.models import ReviewMember, ReviewRole
from reviews.permissions import Permission, get_review_for
from reviews.views.helpers import person
from reviews.views.posting import act_then_redirect, saved, status_of, submit


def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_MEMBERS)

    def bind(data: QueryDict) -> AddMemberForm:
        return AddMemberForm(data, partnership=review.partnership)

    if request.method == "POST":
        posted = submit(
            request,
            bind=bind,
            act=lambda form: actions.add_review_member(
                review,
                user=form.cleaned_data["user"],
                role=ReviewRole(form.cleaned_data["role"]),
                organisation=form.cleaned_data["organisation"],
                by=user,
                delegated_by=form.cleaned_data["delegated_by"],
            ),
        )
        if posted.done:
            message = f"{posted.result.user} has been added to {review.case_code}."
            return saved(request, message, "reviews:members", pk=review.pk)
        form = posted.form
    else:
        form = AddMemberForm(partnership=review.partnership)
    members = review.members.select_related(
        "user", "organisation", "added_by", "delegated_by"
    ).order_by("-active", "role", "user__full_name")
    return render(
        request,
        "reviews/review/members.html",
        {"review": review, "members": members, "form": form},
        status=status_of(form),
    )


@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_MEMBERS)
    # Looked up within this review only: another review's member id is simply not found.
    member = get_object_or_404(ReviewMember, pk=member_pk, review=review)
    return act_then_redirect(
        request,
        lambda: actions.remove_review_member(member, by=user),
        success=f"{member.user} no longer takes part in {review.case_code}.",
        to="reviews:members",
        pk=review.pk,
    )
