"""How a rapid review ends: the outcome page (recording it closes the review) and the record
of who was told the decision and its rationale."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews.actions.panel.outcome import record_communication, record_outcome
from reviews.clock import schedule_for
from reviews.forms.panel import CommunicationForm, OutcomeForm
from reviews.models import (
    Communication,
    Outcome,
    OutcomeKind,
    PanelResponse,
    Reconvened,
    Review,
)
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.reads.panel import decision_date
from reviews.views.helpers import NotYet, not_yet, rapid_review_for, step_prerequisite
from reviews.views.panel.common import closed_message
from reviews.views.posting import Posted, saved, status_of, submit


def _permission(request: HttpRequest) -> Permission:
    return Permission.RUN_REVIEW if request.method == "POST" else Permission.VIEW_REVIEW


def _record_outcome(request: HttpRequest, user: User, review: Review) -> Posted[OutcomeForm]:
    return submit(
        request,
        bind=OutcomeForm,
        act=lambda form: record_outcome(
            review,
            by=user,
            kind=OutcomeKind(form.cleaned_data["kind"]),
            rationale=form.cleaned_data["rationale"],
            actions_instead=form.cleaned_data["actions_instead"],
            decided_on=form.cleaned_data["decided_on"],
        ),
    )


def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review_for(request, pk, _permission(request))
    recorded = (
        Outcome.objects.filter(review=review)
        .select_related("lcspr__partnership", "recorded_by")
        .first()
    )
    form: OutcomeForm | None = None
    refusal = ""
    status = 200
    if request.method == "POST" and not review.is_open:
        refusal, status = closed_message(review), 409
    elif request.method == "POST":
        posted = _record_outcome(request, user, review)
        if posted.done:
            message = f"The outcome is recorded and {review.case_code} is closed."
            return saved(request, message, "reviews:outcome", pk=review.pk)
        form, status = posted.form, posted.status
    elif review.is_open and can(user, Permission.RUN_REVIEW, review):
        form = OutcomeForm(initial={"decided_on": decision_date(review)})
    lcspr = recorded.lcspr if recorded else None
    response = PanelResponse.objects.filter(review=review).only("agrees_with_conclusions").first()
    reconvened = Reconvened.objects.filter(review=review).exists()
    blocked = _not_yet(user, review, response, reconvened=reconvened) if form else None
    return render(
        request,
        "reviews/panel/outcome.html",
        {
            "review": review,
            "outcome": recorded,
            "lcspr": lcspr,
            "publication": schedule_for(lcspr).step(Step.PUBLISHED) if lcspr else None,
            "response": response,
            "reconvened": reconvened,
            "blocked": blocked,
            "family_told": Communication.objects.filter(
                review=review, audience=Communication.Audience.FAMILY
            ).exists(),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


def _not_yet(
    user: User, review: Review, response: PanelResponse | None, *, reconvened: bool
) -> NotYet | None:
    """What must happen before the outcome: the Panel's response (the process: the outcome
    follows it), and the partners reconvened when the Panel disagreed (record_outcome)."""
    also = []
    if response is not None and not response.agrees_with_conclusions and not reconvened:
        also.append(step_prerequisite(user, review, Step.RECONVENE))
    return not_yet(user, review, Step.OUTCOME, schedule=schedule_for(review), also=also)


def communications(request: HttpRequest, pk: int) -> HttpResponse:
    """List and record who was told the decision and its rationale (allowed once closed)."""
    user, review = rapid_review_for(request, pk, _permission(request))
    form: CommunicationForm | None = None
    if request.method == "POST":
        posted = submit(
            request,
            bind=CommunicationForm,
            act=lambda valid: record_communication(
                review,
                by=user,
                audience=Communication.Audience(valid.cleaned_data["audience"]),
                about=valid.cleaned_data["about"],
                method=valid.cleaned_data["method"],
                communicated_on=valid.cleaned_data["communicated_on"],
                note=valid.cleaned_data["note"],
            ),
        )
        if posted.done:
            told = posted.result
            message = (
                f"Recorded: {told.about} communicated to {told.get_audience_display().lower()}."
            )
            return saved(request, message, "reviews:communications", pk=review.pk)
        form = posted.form
    elif can(user, Permission.RUN_REVIEW, review):
        form = CommunicationForm(
            initial={"about": "The outcome of the rapid review and its rationale"}
        )
    recorded = list(Communication.objects.filter(review=review).select_related("recorded_by"))
    return render(
        request,
        "reviews/panel/communications.html",
        {
            "review": review,
            "communications": recorded,
            "family_told": any(each.audience == Communication.Audience.FAMILY for each in recorded),
            "has_outcome": Outcome.objects.filter(review=review).exists(),
            "form": form,
        },
        status=status_of(form),
    )
