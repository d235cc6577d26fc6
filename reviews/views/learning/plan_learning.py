"""A review's learning page (learning, recommendations and their actions, immediate actions),
recording and changing learning, making recommendations, and adding actions to the plan.

Everyone who may view the review reads the page (Permission.VIEW_REVIEW); the review team and
the agency leads record learning (RECORD_LEARNING); the business team and the review's
business team lead make recommendations and add actions (RUN_REVIEW).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning import learning as learning_actions
from reviews.actions.learning import plans as plan_actions
from reviews.forms.learning import ActionForm, LearningForm, RecommendationForm
from reviews.models import (
    OPEN_ACTION_STATUSES,
    InformationRequest,
    Learning,
    PlanAction,
    Recommendation,
    Review,
    Theme,
)
from reviews.permissions import Permission, can, get_review_for
from reviews.process import get_ruleset
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.learning.plan_common import LABELS, STATUS_TAGS, is_overdue, refuse_into


def learning_summary(review: Review) -> dict[str, int]:
    """Counts for the review's overview: learning, recommendations, actions, overdue actions."""
    actions = PlanAction.objects.filter(review=review).aggregate(
        total=Count("pk"),
        overdue=Count(
            "pk",
            filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=moment.today()),
        ),
    )
    return {
        "learning": Learning.objects.filter(review=review).count(),
        "recommendations": Recommendation.objects.filter(review=review).count(),
        "actions": actions["total"],
        "overdue": actions["overdue"],
    }


def _step_titles(review: Review) -> dict[str, str]:
    return {step.key: step.title for step in get_ruleset(review.ruleset).process(review.kind).steps}


def learning_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_REVIEW)
    today = moment.today()
    actions = PlanAction.objects.select_related("organisation").order_by("due_on", "pk")
    learning = list(
        Learning.objects.filter(review=review)
        .select_related("organisation", "source_request__organisation", "recorded_by")
        .prefetch_related("themes")
    )
    recommendations = list(
        Recommendation.objects.filter(review=review)
        .select_related("recorded_by")
        .prefetch_related(
            "themes",
            Prefetch("learning", queryset=Learning.objects.order_by("recorded_at", "pk")),
            Prefetch("actions", queryset=actions),
        )
    )
    immediate = list(actions.filter(review=review, recommendation__isnull=True))
    every_action = [
        *immediate,
        *(action for each in recommendations for action in each.actions.all()),
    ]
    return render(
        request,
        "reviews/learning/plans/learning.html",
        {
            "review": review,
            "learning": learning,
            "numbers": {each.pk: index for index, each in enumerate(learning, start=1)},
            "recommendations": recommendations,
            "immediate": immediate,
            "overdue": {action.pk for action in every_action if is_overdue(action, today)},
            "step_titles": _step_titles(review),
            "status_tags": STATUS_TAGS,
            "may_record": can(user, Permission.RECORD_LEARNING, review),
            "may_run": can(user, Permission.RUN_REVIEW, review),
        },
    )


def _request_choices(review: Review) -> list[tuple[int, str]]:
    requests = InformationRequest.objects.filter(review=review).select_related("organisation")
    return [
        (each.pk, f"{each.organisation.name} ({each.get_status_display().lower()})")
        for each in requests.order_by("organisation__name", "pk")
    ]


def _organisation_choices(review: Review) -> list[tuple[int, str]]:
    return list(
        Organisation.objects.filter(partnership=review.partnership_id)
        .order_by("name")
        .values_list("pk", "name")
    )


def _theme_choices(review: Review, *, keep: Sequence[int] = ()) -> list[tuple[int, str]]:
    """Themes in use, and any retired ones already on the record being changed."""
    return list(
        Theme.objects.filter(partnership=review.partnership_id)
        .filter(Q(active=True) | Q(pk__in=list(keep)))
        .order_by("name")
        .values_list("pk", "name")
    )


def _learning_form(
    review: Review, *args: Any, keep: Sequence[int] = (), **kwargs: Any
) -> LearningForm:
    return LearningForm(
        *args,
        requests=_request_choices(review),
        themes=_theme_choices(review, keep=keep),
        organisations=_organisation_choices(review),
        **kwargs,
    )


def _learning_values(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    """The form's answers as the learning actions take them (ids made into rows)."""
    organisation = (
        Organisation.objects.filter(
            pk=data["organisation"], partnership=review.partnership_id
        ).first()
        if data["organisation"]
        else None
    )
    source_request = (
        InformationRequest.objects.filter(pk=data["source_request"], review=review).first()
        if data["source_request"]
        else None
    )
    return {
        "source": data["source"],
        "source_request": source_request,
        "source_detail": data["source_detail"],
        "summary": data["summary"],
        "detail": data["detail"],
        "themes": list(
            Theme.objects.filter(pk__in=data["themes"], partnership=review.partnership_id)
        ),
        "scope": data["scope"],
        "organisation": organisation,
    }


def learning_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RECORD_LEARNING)
    if request.method == "POST":
        form = _learning_form(review, request.POST)
        if form.is_valid():
            try:
                learning_actions.record_learning(
                    review, by=user, **_learning_values(review, form.cleaned_data)
                )
            except ActionError as refusal:
                refuse_into(form, refusal)
            else:
                messages.success(request, "The learning has been recorded.")
                return redirect("reviews:learning", pk=review.pk)
    else:
        initial: dict[str, Any] = {"version": 0}
        wanted = request.GET.get("request", "")
        if wanted.isdigit():
            found = InformationRequest.objects.filter(pk=int(wanted), review=review).first()
            if found is not None:
                initial.update(
                    source=Learning.Source.AGENCY_RETURN.value,
                    source_request=found.pk,
                    organisation=found.organisation_id,
                )
        form = _learning_form(review, initial=initial)
    return render(
        request,
        "reviews/learning/plans/learning_form.html",
        {"review": review, "form": form, "learning": None, "conflict_rows": []},
        status=400 if form.errors else 200,
    )


def learning_edit(request: HttpRequest, pk: int, learning_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RECORD_LEARNING)
    learning = Learning.objects.filter(pk=learning_pk, review=review).first()
    if learning is None:
        raise Http404("No such learning.")
    keep = list(learning.themes.values_list("pk", flat=True))
    conflict: EditConflict | None = None
    if request.method == "POST":
        form = _learning_form(review, request.POST, keep=keep)
        if form.is_valid():
            try:
                learning_actions.change_learning(
                    learning,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    **_learning_values(review, form.cleaned_data),
                )
            except EditConflict as clash:
                conflict = clash
                data = request.POST.copy()
                data["version"] = str(clash.current_version)
                form = _learning_form(review, data, keep=keep)
                form.is_valid()
            except ActionError as refusal:
                refuse_into(form, refusal)
            else:
                messages.success(request, "The learning has been saved.")
                return redirect("reviews:learning", pk=review.pk)
    else:
        form = _learning_form(
            review,
            keep=keep,
            initial={
                "version": learning.version,
                "source": learning.source,
                "source_request": learning.source_request_id,
                "source_detail": learning.source_detail,
                "summary": learning.summary,
                "detail": learning.detail,
                "themes": keep,
                "scope": learning.scope,
                "organisation": learning.organisation_id,
            },
        )
    return render(
        request,
        "reviews/learning/plans/learning_form.html",
        {
            "review": review,
            "form": form,
            "learning": learning,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Learning,)),
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


def _recommendation_form(
    review: Review, *args: Any, keep: Sequence[int] = (), **kwargs: Any
) -> RecommendationForm:
    learning = Learning.objects.filter(review=review).order_by("recorded_at", "pk")
    return RecommendationForm(
        *args,
        learning=[
            (each.pk, f"{index}. {each.summary}") for index, each in enumerate(learning, start=1)
        ],
        themes=_theme_choices(review, keep=keep),
        **kwargs,
    )


def _recommendation_values(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"],
        "learning": list(Learning.objects.filter(pk__in=data["learning"], review=review)),
        "themes": list(
            Theme.objects.filter(pk__in=data["themes"], partnership=review.partnership_id)
        ),
    }


def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    if request.method == "POST":
        form = _recommendation_form(review, request.POST)
        if form.is_valid():
            values = _recommendation_values(review, form.cleaned_data)
            try:
                recommendation = plan_actions.make_recommendation(
                    review,
                    by=user,
                    text=values["text"],
                    learning=values["learning"],
                    # None: the themes of the learning it answers.
                    themes=values["themes"] or None,
                )
            except ActionError as refusal:
                refuse_into(form, refusal)
            else:
                messages.success(request, f"Recommendation {recommendation.number} has been made.")
                return redirect("reviews:learning", pk=review.pk)
    else:
        form = _recommendation_form(review, initial={"version": 0})
    return render(
        request,
        "reviews/learning/plans/recommendation_form.html",
        {"review": review, "form": form, "recommendation": None, "conflict_rows": []},
        status=400 if form.errors else 200,
    )


def recommendation_edit(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    recommendation = Recommendation.objects.filter(pk=recommendation_pk, review=review).first()
    if recommendation is None:
        raise Http404("No such recommendation.")
    keep = list(recommendation.themes.values_list("pk", flat=True))
    conflict: EditConflict | None = None
    if request.method == "POST":
        form = _recommendation_form(review, request.POST, keep=keep)
        if form.is_valid():
            try:
                plan_actions.change_recommendation(
                    recommendation,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    **_recommendation_values(review, form.cleaned_data),
                )
            except EditConflict as clash:
                conflict = clash
                data = request.POST.copy()
                data["version"] = str(clash.current_version)
                form = _recommendation_form(review, data, keep=keep)
                form.is_valid()
            except ActionError as refusal:
                refuse_into(form, refusal)
            else:
                messages.success(request, f"Recommendation {recommendation.number} has been saved.")
                return redirect("reviews:learning", pk=review.pk)
    else:
        form = _recommendation_form(
            review,
            keep=keep,
            initial={
                "version": recommendation.version,
                "text": recommendation.text,
                "learning": list(recommendation.learning.values_list("pk", flat=True)),
                "themes": keep,
            },
        )
    return render(
        request,
        "reviews/learning/plans/recommendation_form.html",
        {
            "review": review,
            "form": form,
            "recommendation": recommendation,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Recommendation,)),
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


def _action_form(review: Review, *args: Any, **kwargs: Any) -> ActionForm:
    people = User.objects.filter(partnership=review.partnership_id, is_active=True).order_by(
        "full_name", "email"
    )
    return ActionForm(
        *args,
        organisations=_organisation_choices(review),
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


def action_add(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    recommendation = Recommendation.objects.filter(pk=recommendation_pk, review=review).first()
    if recommendation is None:
        raise Http404("No such recommendation.")
    if request.method == "POST":
        form = _action_form(review, request.POST)
        if form.is_valid():
            try:
                action = plan_actions.add_action(
                    recommendation, by=user, **_action_values(review, form.cleaned_data)
                )
            except ActionError as refusal:
                refuse_into(form, refusal)
            else:
                messages.success(
                    request,
                    f"The action for {action.organisation.name} has been added and its "
                    "owners told.",
                )
                return redirect("reviews:learning", pk=review.pk)
    else:
        form = _action_form(review)
    return render(
        request,
        "reviews/learning/plans/action_form.html",
        {
            "review": review,
            "form": form,
            "recommendation": recommendation,
            "step_title": None,
            "post_to": reverse(
                "reviews:action-add",
                kwargs={"pk": review.pk, "recommendation_pk": recommendation.pk},
            ),
        },
        status=400 if form.errors else 200,
    )


def immediate_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an immediate corrective action at the step named by ``?step=<key>``."""
    user = person(request)
    review = get_review_for(user, pk, Permission.RUN_REVIEW)
    step = request.GET.get("step", "")[:40]
    try:
        title = plan_actions.step_title(review, step)
    except ActionError:
        raise Http404("No such step.") from None
    if request.method == "POST":
        form = _action_form(review, request.POST)
        if form.is_valid():
            try:
                action = plan_actions.raise_immediate_action(
                    review, by=user, step=step, **_action_values(review, form.cleaned_data)
                )
            except ActionError as refusal:
                refuse_into(form, refusal)
            else:
                messages.success(
                    request,
                    f"The immediate action for {action.organisation.name} has been raised "
                    "and its owners told.",
                )
                return redirect("reviews:learning", pk=review.pk)
    else:
        form = _action_form(review)
    return render(
        request,
        "reviews/learning/plans/action_form.html",
        {
            "review": review,
            "form": form,
            "recommendation": None,
            "step_title": title,
            "post_to": reverse("reviews:immediate-action", kwargs={"pk": review.pk})
            + "?"
            + urlencode({"step": step}),
        },
        status=400 if form.errors else 200,
    )
