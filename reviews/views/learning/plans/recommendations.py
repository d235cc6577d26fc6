"""Making and changing a review's recommendations: the business team and the review's business
team lead (Permission.RUN_REVIEW)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.learning import plans as plan_actions
from reviews.forms.learning.plans import RecommendationForm
from reviews.models import Learning, Recommendation, Review
from reviews.permissions import Permission, get_review_for
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.learning.plans.common import LABELS, partnership_themes, theme_choices
from reviews.views.posting import saved, status_of, submit


def _recommendation_form(
    review: Review, *args: Any, keep: Sequence[int] = (), **kwargs: Any
) -> RecommendationForm:
    learning = Learning.objects.filter(review=review).order_by("recorded_at", "pk")
    return RecommendationForm(
        *args,
        learning=[
            (each.pk, f"{index}. {each.summary}") for index, each in enumerate(learning, start=1)
        ],
        themes=theme_choices(review, keep=keep),
        **kwargs,
    )


def _recommendation_values(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"],
        "learning": list(Learning.objects.filter(pk__in=data["learning"], review=review)),
        "themes": partnership_themes(review, data["themes"]),
    }


def _render_form(
    request: HttpRequest,
    review: Review,
    form: RecommendationForm,
    *,
    recommendation: Recommendation | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    return render(
        request,
        "reviews/learning/plans/recommendation_form.html",
        {
            "review": review,
            "form": form,
            "recommendation": recommendation,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Recommendation,)),
        },
        status=status_of(form, conflict),
    )


def _make(review: Review, user: User, form: RecommendationForm) -> Recommendation:
    values = _recommendation_values(review, form.cleaned_data)
    return plan_actions.make_recommendation(
        review,
        by=user,
        text=values["text"],
        learning=values["learning"],
        # None: the themes of the learning it answers.
        themes=values["themes"] or None,
    )


def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    if request.method != "POST":
        return _render_form(request, review, _recommendation_form(review, initial={"version": 0}))
    posted = submit(
        request,
        bind=lambda data: _recommendation_form(review, data),
        act=lambda form: _make(review, user, form),
    )
    if posted.done:
        return saved(
            request,
            f"Recommendation {posted.result.number} has been made.",
            "reviews:learning",
            pk=review.pk,
        )
    return _render_form(request, review, posted.form, conflict=posted.conflict)


def recommendation_edit(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    recommendation = Recommendation.objects.filter(pk=recommendation_pk, review=review).first()
    if recommendation is None:
        raise Http404("No such recommendation.")
    keep = list(recommendation.themes.values_list("pk", flat=True))
    if request.method != "POST":
        initial = {
            "version": recommendation.version,
            "text": recommendation.text,
            "learning": list(recommendation.learning.values_list("pk", flat=True)),
            "themes": keep,
        }
        form = _recommendation_form(review, keep=keep, initial=initial)
        return _render_form(request, review, form, recommendation=recommendation)
    posted = submit(
        request,
        bind=lambda data: _recommendation_form(review, data, keep=keep),
        act=lambda form: plan_actions.change_recommendation(
            recommendation,
            by=user,
            expected_version=form.cleaned_data["version"],
            **_recommendation_values(review, form.cleaned_data),
        ),
    )
    if posted.done:
        return saved(
            request,
            f"Recommendation {recommendation.number} has been saved.",
            "reviews:learning",
            pk=review.pk,
        )
    return _render_form(
        request, review, posted.form, recommendation=recommendation, conflict=posted.conflict
    )
