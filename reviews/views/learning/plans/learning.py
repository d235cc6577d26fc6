"""A review's learning page (learning, recommendations and their actions, immediate actions),
and recording and changing learning.

Everyone who may view the review reads the page (Permission.VIEW_REVIEW); the review team and
the agency leads record learning (RECORD_LEARNING).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Organisation
from reviews import moment
from reviews.actions import EditConflict
from reviews.actions.learning.plans import learning as learning_actions
from reviews.forms.learning.plans import LearningForm
from reviews.models import (
    OPEN_ACTION_STATUSES,
    InformationRequest,
    Learning,
    PlanAction,
    Recommendation,
    Review,
)
from reviews.permissions import Permission, can, get_review_for
from reviews.process import get_ruleset
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.learning.plans.common import (
    LABELS,
    STATUS_TAGS,
    is_overdue,
    organisation_choices,
    partnership_themes,
    theme_choices,
)
from reviews.views.posting import saved, status_of, submit


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


def _learning_form(
    review: Review, *args: Any, keep: Sequence[int] = (), **kwargs: Any
) -> LearningForm:
    return LearningForm(
        *args,
        requests=_request_choices(review),
        themes=theme_choices(review, keep=keep),
        organisations=organisation_choices(review),
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
        "themes": partnership_themes(review, data["themes"]),
        "scope": data["scope"],
        "organisation": organisation,
    }


def _render_form(
    request: HttpRequest,
    review: Review,
    form: LearningForm,
    *,
    learning: Learning | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    return render(
        request,
        "reviews/learning/plans/learning_form.html",
        {
            "review": review,
            "form": form,
            "learning": learning,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Learning,)),
        },
        status=status_of(form, conflict),
    )


def _from_return(request: HttpRequest, review: Review) -> dict[str, Any]:
    """The new learning's first answers: from the agency return named by ``?request=<id>``."""
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
    return initial


def learning_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RECORD_LEARNING)
    if request.method != "POST":
        return _render_form(
            request, review, _learning_form(review, initial=_from_return(request, review))
        )
    posted = submit(
        request,
        bind=lambda data: _learning_form(review, data),
        act=lambda form: learning_actions.record_learning(
            review, by=user, **_learning_values(review, form.cleaned_data)
        ),
    )
    if posted.done:
        return saved(request, "The learning has been recorded.", "reviews:learning", pk=review.pk)
    return _render_form(request, review, posted.form, conflict=posted.conflict)


def _as_it_stands(learning: Learning, themes: list[int]) -> dict[str, Any]:
    return {
        "version": learning.version,
        "source": learning.source,
        "source_request": learning.source_request_id,
        "source_detail": learning.source_detail,
        "summary": learning.summary,
        "detail": learning.detail,
        "themes": themes,
        "scope": learning.scope,
        "organisation": learning.organisation_id,
    }


def learning_edit(request: HttpRequest, pk: int, learning_pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.RECORD_LEARNING)
    learning = Learning.objects.filter(pk=learning_pk, review=review).first()
    if learning is None:
        raise Http404("No such learning.")
    keep = list(learning.themes.values_list("pk", flat=True))
    if request.method != "POST":
        form = _learning_form(review, keep=keep, initial=_as_it_stands(learning, keep))
        return _render_form(request, review, form, learning=learning)
    posted = submit(
        request,
        bind=lambda data: _learning_form(review, data, keep=keep),
        act=lambda form: learning_actions.change_learning(
            learning,
            by=user,
            expected_version=form.cleaned_data["version"],
            **_learning_values(review, form.cleaned_data),
        ),
    )
    if posted.done:
        return saved(request, "The learning has been saved.", "reviews:learning", pk=review.pk)
    return _render_form(request, review, posted.form, learning=learning, conflict=posted.conflict)
