"""A step's own page (its due date, how it was worked out, recording it as done, more time),
and holds on the whole review's clock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews import actions, moment
from reviews.clock import schedule_for
from reviews.forms.steps import (
    CompleteStepForm,
    EndHoldForm,
    ExtendDeadlineForm,
    ReopenStepForm,
    StartHoldForm,
)
from reviews.models import Extension, Hold, Review, StepRecord
from reviews.permissions import Permission, can, get_review_for
from reviews.process import Step, get_ruleset
from reviews.reads.step_pages import STEP_PAGES, optional_url
from reviews.schedule import ScheduledStep
from reviews.schedule.holds import hold_effects
from reviews.schedule.steps import AWARE, CONSIDERATION, ORIGIN, STEP
from reviews.views.helpers import not_yet, person
from reviews.views.lcspr.planning.panel_view import panel_response_link
from reviews.views.posting import Posted, saved, status_of, submit


def _permission(request: HttpRequest) -> Permission:
    # Anyone taking part may read a step's page; acting on it is the business team's.
    return Permission.MANAGE_REQUESTS if request.method == "POST" else Permission.VIEW_REVIEW


def step_detail(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, _permission(request))
    try:
        step_key = Step(key)
        definition = get_ruleset(review.ruleset).process(review.kind).step(step_key)
    except (ValueError, KeyError):
        raise Http404("No such step.") from None
    own_page = optional_url(STEP_PAGES[step_key], pk=pk) if step_key in STEP_PAGES else None
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        intent = request.POST.get("intent", "")
        if intent not in INTENTS or (intent == "complete" and own_page):
            # A step with its own page is done by that page's action (which sends the
            # requests, emails the partners, ...), never just ticked off here.
            return render(request, "400.html", status=400)
        posted = _act(request, user, review, step_key, intent)
        if posted.done:
            return saved(request, posted.result, "reviews:step", pk=review.pk, key=step_key)
        bound[intent] = posted.form
    schedule = schedule_for(review)
    try:
        step = schedule.step(step_key)
    except KeyError:
        step = None  # in the process, but its condition does not hold for this review
    has_errors = any(form.errors for form in bound.values())
    may_act = can(user, Permission.MANAGE_REQUESTS, review)
    return render(
        request,
        "reviews/steps/step.html",
        {
            "review": review,
            "definition": definition,
            "ruleset": get_ruleset(review.ruleset),
            "step": step,
            "record": StepRecord.objects.filter(review=review, key=step_key)
            .select_related("completed_by")
            .first(),
            "extensions": list(
                Extension.objects.filter(review=review, step=step_key).select_related("granted_by")
            ),
            "may_act": may_act,
            "blocked": not_yet(user, review, step_key, schedule=schedule) if may_act else None,
            "own_page": own_page,
            "panel_response": panel_response_link(user, review, step_key),
            "complete_form": bound.get("complete")
            or CompleteStepForm(initial={"completed_on": moment.today()}),
            "extend_form": bound.get("extend") or ExtendDeadlineForm(),
            "reopen_form": bound.get("reopen") or ReopenStepForm(),
            "errors": has_errors,
        },
        status=400 if has_errors else 200,
    )


# The form of each button of a step's page, and its field for the action's ``reason``.
REASON_FIELDS = {"extend": "extension_reason", "reopen": "reopen_reason"}
INTENTS: dict[str, type[forms.Form]] = {
    "complete": CompleteStepForm,
    "extend": ExtendDeadlineForm,
    "reopen": ReopenStepForm,
}


def _act(
    request: HttpRequest, user: User, review: Review, key: Step, intent: str
) -> Posted[forms.Form]:
    """Validate the posted form and call its action; the result, once done, says what was."""

    def act(form: forms.Form) -> str:
        data = form.cleaned_data
        if intent == "complete":
            actions.complete_step(
                review, key=key, by=user, completed_on=data["completed_on"], note=data["note"]
            )
            return "The step has been recorded as done."
        if intent == "extend":
            actions.extend_deadline(
                review,
                key=key,
                by=user,
                reason=data["extension_reason"],
                working_days=data["working_days"],
                new_date=data["new_date"],
            )
            return "The step has been given more time."
        actions.reopen_step(review, key=key, by=user, reason=data["reopen_reason"])
        return "The step has been reopened."

    posted = submit(request, bind=INTENTS[intent], act=act)
    _reason_on_its_field(posted, REASON_FIELDS.get(intent, ""))
    return posted


def _reason_on_its_field(posted: Posted[Any], name: str) -> None:
    """Put a refusal of the reason (the actions' ``reason``) on the form's own field for it."""
    if posted.refusal is not None and posted.refusal.field == "reason":
        posted.form.errors.pop(NON_FIELD_ERRORS, None)
        if name in posted.form.fields:
            posted.form.add_error(name, posted.refusal.message)
        else:
            posted.form.add_error(None, posted.refusal.message)


def hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the review's clock on hold, or end the hold, with the reason."""
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    holds = list(Hold.objects.filter(review=review).select_related("recorded_by"))
    current = next((each for each in holds if each.end is None), None)
    form: forms.Form = EndHoldForm() if current is not None else StartHoldForm()
    if request.method == "POST":
        posted = submit(
            request,
            bind=EndHoldForm if current is not None else StartHoldForm,
            act=lambda valid: _start_or_end_hold(review, user, valid, ongoing=current is not None),
        )
        if posted.done:
            return saved(request, posted.result, "reviews:detail", pk=review.pk)
        _reason_on_its_field(posted, "hold_reason")
        form = posted.form
    return render(
        request,
        "reviews/steps/hold.html",
        {
            "review": review,
            "holds": holds,
            "current": current,
            "form": form,
            "effects": hold_effects(get_ruleset(review.ruleset).process(review.kind)),
        },
        status=status_of(form),
    )


def _start_or_end_hold(review: Review, user: User, form: forms.Form, *, ongoing: bool) -> str:
    """Start a hold, or end the one going on; say which."""
    if not ongoing:
        actions.start_hold(
            review,
            by=user,
            start=form.cleaned_data["start"],
            reason=form.cleaned_data["hold_reason"],
        )
        return "The review is on hold."
    actions.end_hold(review, by=user, end=form.cleaned_data["end"])
    return "The hold has ended and the clock has restarted."


def task_groups(steps: Iterable[ScheduledStep]) -> list[tuple[str, list[ScheduledStep]]]:
    """Group a schedule's steps for the task list, in process order.

    Working days 0 to 1 (with the notification), each later working day up to 7, then the
    rest of the working days together, then what follows the report; steps with planned
    dates only (an LCSPR) stay in one group.
    """
    groups: dict[str, list[ScheduledStep]] = {}
    late_days: list[int] = []
    for step in steps:
        day = step.working_day if step.plan.anchor == ORIGIN else None
        if step.plan.anchor == AWARE or (day is not None and day <= 1):
            title = "Working days 0 to 1"
        elif day is not None and day <= 7:  # noqa: PLR2004  one group a day in the first week
            title = f"By working day {day}"
        elif day is not None:
            title = "LATER"
            late_days.append(day)
        elif step.plan.anchor in {STEP, CONSIDERATION}:
            title = "After the report is sent"
        else:
            title = "Steps of the review"
        groups.setdefault(title, []).append(step)
    if "LATER" in groups:
        first, last = min(late_days), max(late_days)
        words = f"Working days {first} to {last}" if first != last else f"By working day {last}"
        groups = {words if title == "LATER" else title: items for title, items in groups.items()}
    return list(groups.items())
