"""How a rapid review ends: the outcome page (recording it closes the review) and the record
of who was told the decision and its rationale."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from reviews.actions import ActionError
from reviews.actions.outcome import decision_date, record_communication, record_outcome
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
from reviews.views.helpers import NotYet, not_yet, step_prerequisite
from reviews.views.panel.common import closed_message, rapid_review


def _permission(request: HttpRequest) -> Permission:
    return Permission.RUN_REVIEW if request.method == "POST" else Permission.VIEW_REVIEW


def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = rapid_review(request, pk, _permission(request))
    recorded = (
        Outcome.objects.filter(review=review)
        .select_related("lcspr__partnership", "recorded_by")
        .first()
    )
    form: OutcomeForm | None = None
    refusal = ""
    status = 200
    if request.method == "POST":
        if not review.is_open:
            refusal, status = closed_message(review), 409
        else:
            form = OutcomeForm(request.POST)
            if form.is_valid():
                try:
                    record_outcome(
                        review,
                        by=user,
                        kind=OutcomeKind(form.cleaned_data["kind"]),
                        rationale=form.cleaned_data["rationale"],
                        actions_instead=form.cleaned_data["actions_instead"],
                        decided_on=form.cleaned_data["decided_on"],
                    )
                except ActionError as problem:
                    form.add_error(
                        problem.field if problem.field in form.fields else None, problem.message
                    )
                else:
                    messages.success(
                        request, f"The outcome is recorded and {review.case_code} is closed."
                    )
                    return redirect("reviews:outcome", pk=review.pk)
            status = 400
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
            "publication": schedule_for(lcspr).step("published") if lcspr else None,
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
        also.append(step_prerequisite(user, review, "reconvene"))
    return not_yet(user, review, "outcome", schedule=schedule_for(review), also=also)


def communications(request: HttpRequest, pk: int) -> HttpResponse:
    """List and record who was told the decision and its rationale (allowed once closed)."""
    user, review = rapid_review(request, pk, _permission(request))
    form: CommunicationForm | None = None
    if request.method == "POST":
        form = CommunicationForm(request.POST)
        if form.is_valid():
            try:
                communication = record_communication(
                    review,
                    by=user,
                    audience=Communication.Audience(form.cleaned_data["audience"]),
                    about=form.cleaned_data["about"],
                    method=form.cleaned_data["method"],
                    communicated_on=form.cleaned_data["communicated_on"],
                    note=form.cleaned_data["note"],
                )
            except ActionError as problem:
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
            else:
                messages.success(
                    request,
                    f"Recorded: {communication.about} communicated to "
                    f"{communication.get_audience_display().lower()}.",
                )
                return redirect("reviews:communications", pk=review.pk)
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
        status=400 if form is not None and form.errors else 200,
    )
