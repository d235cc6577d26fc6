"""A step's own page (its due date, how it was worked out, recording it as done, more time),
and holds on the whole review's clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse

from accounts.models import User
from reviews import actions, moment
from reviews.actions import ActionError
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
from reviews.process import get_ruleset
from reviews.schedule import Schedule, ScheduledStep
from reviews.schedule.steps import AWARE, CONSIDERATION, ORIGIN, STEP
from reviews.views.helpers import not_yet, person

# The page that does each step, where one is built for it; others use the generic step page.
STEP_PAGES = {
    "notify-panel": "reviews:notification",
    "confirm-scope": "reviews:period",
    "request-information": "reviews:send-requests",
    "confirm-timeline": "reviews:timeline",
    "invite-to-meeting": "reviews:meeting",
    "information-returned": "reviews:requests",
    "combined-report": "reviews:combined-report",
    "partner-decisions": "reviews:partner-decisions",
    "decision-meeting": "reviews:decision-meeting",
    "report-amended": "reviews:report",
    "report-agreed": "reviews:report",
    "report-submitted": "reviews:panel",
    "panel-acknowledged": "reviews:panel",
    "panel-response": "reviews:panel",
    "reconvene": "reviews:panel",
    "subgroup-informed": "reviews:panel",
    "outcome": "reviews:outcome",
    # LCSPR
    "terms-of-reference": "reviews:terms",
    "author-commissioned": "reviews:author",
    "introduction-meeting": "reviews:introduction-meeting",
    "itinerary-confirmed": "reviews:itinerary",
    "participants-briefed": "reviews:participants",
    "learning-events": "reviews:itinerary",
    "family-engagement": "reviews:family",
    "draft-report": "reviews:drafts",
    "draft-presented": "reviews:drafts",
    "final-draft-agreed": "reviews:drafts",
    "signed-off": "reviews:sign-off",
    "media-strategy": "reviews:media-strategy",
    "pre-publication-notice": "reviews:publication",
    "published": "reviews:publication",
}


def optional_url(name: str, **kwargs: Any) -> str | None:
    """Reverse a URL name that may not be built yet (pages other topics add); None if absent."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def step_url(review_pk: int, key: str) -> str:
    """Return the page that does a step: its own page if built, else the generic step page."""
    name = STEP_PAGES.get(key)
    own = optional_url(name, pk=review_pk) if name else None
    return own or reverse("reviews:step", kwargs={"pk": review_pk, "key": key})


def _permission(request: HttpRequest) -> Permission:
    # Anyone taking part may read a step's page; acting on it is the business team's.
    return Permission.MANAGE_REQUESTS if request.method == "POST" else Permission.VIEW_REVIEW


def step_detail(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, _permission(request))
    try:
        definition = get_ruleset(review.ruleset).process(review.kind).step(key)
    except KeyError:
        raise Http404("No such step.") from None
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        intent = request.POST.get("intent", "")
        if intent not in {"complete", "extend", "reopen"}:
            return render(request, "400.html", status=400)
        if intent == "complete" and key in STEP_PAGES and optional_url(STEP_PAGES[key], pk=pk):
            # A step with its own page is done by that page's action (which sends the
            # requests, emails the partners, ...), never just ticked off here.
            return render(request, "400.html", status=400)
        done, form = _act(request, user, review, key, intent)
        if done:
            return redirect("reviews:step", pk=review.pk, key=key)
        bound[intent] = form
    schedule = schedule_for(review)
    try:
        step = schedule.step(key)
    except KeyError:
        step = None  # in the process, but its condition does not hold for this review
    record = (
        StepRecord.objects.filter(review=review, key=key).select_related("completed_by").first()
    )
    extensions = Extension.objects.filter(review=review, step=key).select_related("granted_by")
    has_errors = any(form.errors for form in bound.values())
    may_act = can(user, Permission.MANAGE_REQUESTS, review)
    return render(
        request,
        "reviews/steps/step.html",
        {
            "review": review,
            "definition": definition,
            "step": step,
            "record": record,
            "extensions": list(extensions),
            "may_act": may_act,
            "blocked": not_yet(user, review, key, schedule=schedule) if may_act else None,
            "own_page": optional_url(STEP_PAGES[key], pk=review.pk) if key in STEP_PAGES else None,
            "complete_form": bound.get("complete")
            or CompleteStepForm(initial={"completed_on": moment.today()}),
            "extend_form": bound.get("extend") or ExtendDeadlineForm(),
            "reopen_form": bound.get("reopen") or ReopenStepForm(),
            "errors": has_errors,
        },
        status=400 if has_errors else 200,
    )


def _act(
    request: HttpRequest, user: User, review: Review, key: str, intent: str
) -> tuple[bool, forms.Form]:
    """Validate the posted form and call its action; say whether it was done."""
    form: forms.Form
    if intent == "complete":
        form = CompleteStepForm(request.POST)
    elif intent == "extend":
        form = ExtendDeadlineForm(request.POST)
    else:
        form = ReopenStepForm(request.POST)
    if not form.is_valid():
        return False, form
    data = form.cleaned_data
    try:
        if intent == "complete":
            actions.complete_step(
                review, key=key, by=user, completed_on=data["completed_on"], note=data["note"]
            )
            words = "recorded as done"
        elif intent == "extend":
            actions.extend_deadline(
                review,
                key=key,
                by=user,
                reason=data["extension_reason"],
                working_days=data["working_days"],
                new_date=data["new_date"],
            )
            words = "given more time"
        else:
            actions.reopen_step(review, key=key, by=user, reason=data["reopen_reason"])
            words = "reopened"
    except ActionError as refusal:
        names = {"reason": "extension_reason" if intent == "extend" else "reopen_reason"}
        field = names.get(refusal.field or "", refusal.field)
        form.add_error(field if field in form.fields else None, refusal.message)
        return False, form
    messages.success(request, f"The step has been {words}.")
    return True, form


def hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the review's clock on hold, or end the hold, with the reason."""
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    holds = list(Hold.objects.filter(review=review).select_related("recorded_by"))
    current = next((each for each in holds if each.end is None), None)
    start_form = StartHoldForm(
        request.POST if current is None and request.method == "POST" else None
    )
    end_form = EndHoldForm(
        request.POST if current is not None and request.method == "POST" else None
    )
    form: forms.Form = end_form if current is not None else start_form
    if request.method == "POST" and form.is_valid():
        try:
            if current is None:
                actions.start_hold(
                    review,
                    by=user,
                    start=form.cleaned_data["start"],
                    reason=form.cleaned_data["hold_reason"],
                )
                done = "The review is on hold."
            else:
                actions.end_hold(review, by=user, end=form.cleaned_data["end"])
                done = "The hold has ended and the clock has restarted."
        except ActionError as refusal:
            field = "hold_reason" if refusal.field == "reason" else refusal.field
            form.add_error(field if field in form.fields else None, refusal.message)
        else:
            messages.success(request, done)
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "reviews/steps/hold.html",
        {
            "review": review,
            "holds": holds,
            "current": current,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


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


@dataclass(frozen=True)
class DashboardRow:
    review: Review
    next_step: ScheduledStep | None
    overdue: int

    def urgency(self) -> tuple[bool, int, dt.date, str]:
        """Open before closed, most overdue first, then the earliest next deadline."""
        due = self.next_step.due if self.next_step and self.next_step.due else dt.date.max
        return (not self.review.is_open, -self.overdue, due, self.review.case_code)


def dashboard_rows(reviews: Iterable[Review], schedules: dict[int, Schedule]) -> list[DashboardRow]:
    """Return one row per review, most urgent first."""
    rows = []
    for review in reviews:
        schedule = schedules[review.pk]
        rows.append(DashboardRow(review, schedule.next_deadline(), schedule.overdue_count()))
    return sorted(rows, key=DashboardRow.urgency)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/steps/<slug:key>/", step_detail, name="step"),
    path("<int:pk>/hold/", hold, name="hold"),
]
