"""The media strategy: everyone taking part in the LCSPR (agencies aside) reads it; the business
team writes it and records it as agreed."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.lcspr.publication import publishing as publication_actions
from reviews.clock import schedule_for
from reviews.forms.lcspr.publication import AgreeMediaStrategyForm, MediaStrategyForm
from reviews.learning_summary import impact_update_text
from reviews.models import MediaStrategy, Review
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.publication.common import (
    act,
    first_with_errors,
)

PAGE = "reviews:media-strategy"


def render_media_strategy(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    strategy = MediaStrategy.objects.filter(review=review).select_related("agreed_by").first()
    acting = review.is_open and can(user, Permission.RUN_REVIEW, review)
    forms: dict[str, Form] = {}
    if acting:
        # The impact update starts from what the action plan has achieved so far.
        impact = strategy.impact_update if strategy and strategy.impact_update else ""
        forms["strategy"] = MediaStrategyForm(
            initial={
                "version": strategy.version if strategy else 0,
                "impact_update": impact or impact_update_text(review),
                "publication_method": strategy.publication_method if strategy else "",
                "practitioner_update": strategy.practitioner_update if strategy else "",
                "family_liaison": strategy.family_liaison if strategy else "",
            }
        )
        if strategy is not None and strategy.agreed_on is None:
            forms["agree"] = AgreeMediaStrategyForm()
    forms.update(bound or {})
    return render(
        request,
        "reviews/lcspr/publication/media_strategy.html",
        {
            "review": review,
            "strategy": strategy,
            "step": schedule_for(review).step(Step.MEDIA_STRATEGY),
            "media_fields": publication_actions.MEDIA_FIELDS,
            "forms": forms,
            "errors": first_with_errors(forms),
            "conflict": conflict,
            "conflict_rows": conflict_rows(
                conflict, publication_actions.MEDIA_FIELDS, records=(MediaStrategy,)
            ),
            "refusal": refusal,
        },
        status=status,
    )


def media_strategy(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the media strategy; a POST saves it (the business team only)."""
    if request.method != "POST":
        user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
        return render_media_strategy(request, user, review)
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)

    def call(data: dict[str, Any]) -> None:
        publication_actions.save_media_strategy(
            review,
            by=user,
            expected_version=data["version"],
            impact_update=data["impact_update"],
            publication_method=data["publication_method"],
            practitioner_update=data["practitioner_update"],
            family_liaison=data["family_liaison"],
        )

    return act(
        request,
        user,
        review,
        name="strategy",
        bind=MediaStrategyForm,
        call=call,
        success="The media strategy is saved.",
        page=PAGE,
        render_page=render_media_strategy,
    )


@require_POST
def media_strategy_agree(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)

    def call(data: dict[str, Any]) -> None:
        publication_actions.agree_media_strategy(review, by=user, agreed_on=data["agreed_on"])

    return act(
        request,
        user,
        review,
        name="agree",
        bind=AgreeMediaStrategyForm,
        call=call,
        success="The media strategy is recorded as agreed.",
        page=PAGE,
        render_page=render_media_strategy,
    )
