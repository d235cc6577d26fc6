"""Adding an action to the plan: for a recommendation, or an immediate corrective action raised
at a step of a running review. The business team and the review's business team lead
(Permission.RUN_REVIEW)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.models import Organisation, User
from reviews.actions import ActionError
from reviews.actions.learning import plans as plan_actions
from reviews.forms.learning.plans import ActionForm
from reviews.models import Recommendation, Review
from reviews.permissions import Permission, get_review_for
from reviews.process import Step
from reviews.views.helpers import person
from reviews.views.learning.plans.common import organisation_choices
from reviews.views.posting import saved, status_of, submit


def _action_form(review: Review, *args: Any, **kwargs: Any) -> ActionForm:
    people = User.objects.filter(partnership=review.partnership_id, is_active=True).order_by(
        "full_name", "email"
    )
    return ActionForm(
        *args,
        organisations=organisation_choices(review),
        people=[(each.pk, f"{each.full_name} ({each.email})") for each in people],
        **kwargs,
    )


def _action_values(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": data["description"],
        "organisation": Organisation.objects.get(
            pk=data["organisation"], partnership=review.partnership_id
        ),
        "lead_name": data["lead_name"],
        "lead": User.objects.filter(pk=data["lead"], partnership=review.partnership_id).first()
        if data["lead"]
        else None,
        "due_on": data["due_on"],
    }


def _render_form(
    request: HttpRequest,
    review: Review,
    form: ActionForm,
    *,
    post_to: str,
    recommendation: Recommendation | None = None,
    step_title: str | None = None,
) -> HttpResponse:
    return render(
        request,
        "reviews/learning/plans/action_form.html",
        {
            "review": review,
            "form": form,
            "recommendation": recommendation,
            "step_title": step_title,
            "post_to": post_to,
        },
        status=status_of(form),
    )


def action_add(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    recommendation = Recommendation.objects.filter(pk=recommendation_pk, review=review).first()
    if recommendation is None:
        raise Http404("No such recommendation.")
    post_to = reverse(
        "reviews:action-add", kwargs={"pk": review.pk, "recommendation_pk": recommendation.pk}
    )
    if request.method != "POST":
        form = _action_form(review)
        return _render_form(request, review, form, post_to=post_to, recommendation=recommendation)
    posted = submit(
        request,
        bind=lambda data: _action_form(review, data),
        act=lambda form: plan_actions.add_action(
            recommendation, by=user, **_action_values(review, form.cleaned_data)
        ),
    )
    if posted.done:
        return saved(
            request,
            f"The action for {posted.result.organisation.name} has been added and its owners told.",
            "reviews:learning",
            pk=review.pk,
        )
    return _render_form(
        request, review, posted.form, post_to=post_to, recommendation=recommendation
    )


def _step(request: HttpRequest, review: Review) -> tuple[Step, str]:
    """The step named by ``?step=<key>`` and its title; 404 when the review has no such step."""
    try:
        step = Step(request.GET.get("step", ""))
        return step, plan_actions.step_title(review, step)
    except (ValueError, ActionError):
        raise Http404("No such step.") from None


def immediate_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an immediate corrective action at the step named by ``?step=<key>``."""
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    step, title = _step(request, review)
    post_to = (
        reverse("reviews:immediate-action", kwargs={"pk": review.pk})
        + "?"
        + urlencode({"step": step.value})
    )
    if request.method != "POST":
        form = _action_form(review)
        return _render_form(request, review, form, post_to=post_to, step_title=title)
    posted = submit(
        request,
        bind=lambda data: _action_form(review, data),
        act=lambda form: plan_actions.raise_immediate_action(
            review, by=user, step=step, **_action_values(review, form.cleaned_data)
        ),
    )
    if posted.done:
        return saved(
            request,
            f"The immediate action for {posted.result.organisation.name} has been raised "
            "and its owners told.",
            "reviews:learning",
            pk=review.pk,
        )
    return _render_form(request, review, posted.form, post_to=post_to, step_title=title)
