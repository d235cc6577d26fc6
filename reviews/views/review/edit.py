"""Changing a review's details: its pseudonym and summary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reviews import actions
from reviews.forms.review import ReviewDetailsForm
from reviews.models import Review
from reviews.permissions import Permission, get_review_for
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.posting import saved, submit

# The parts of the details a clash can name, as the form names them.
LABELS = {"pseudonym": "Pseudonym", "summary": "Summary"}


def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.EDIT_REVIEW)
    if request.method != "POST":
        form = ReviewDetailsForm(
            initial={
                "version": review.version,
                "pseudonym": review.pseudonym,
                "summary": review.summary,
            }
        )
        return _page(request, review, form)
    posted = submit(
        request,
        bind=ReviewDetailsForm,
        act=lambda form: actions.update_review_details(
            review,
            by=user,
            expected_version=form.cleaned_data["version"],
            pseudonym=form.cleaned_data["pseudonym"],
            summary=form.cleaned_data["summary"],
        ),
    )
    if posted.done:
        return saved(request, "The review's details have been saved.", "reviews:detail", pk=pk)
    if posted.conflict:
        review.refresh_from_db()
    # On a clash the form starts again from the version saved now, with the person's own text
    # shown beside what is saved. This page has always answered a form with errors with 200.
    return _page(
        request, review, posted.form, posted.conflict, status=409 if posted.conflict else 200
    )


def _page(
    request: HttpRequest,
    review: Review,
    form: ReviewDetailsForm,
    conflict: actions.EditConflict | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reviews/review/edit.html",
        {
            "review": review,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Review,)),
        },
        status=status,
    )
