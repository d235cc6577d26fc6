"""One action of an action plan: its page, progress, completion with evidence, and the business
team's confirmation, sending back or withdrawal (the evidence documents are in evidence.py).

Who sees it: anyone who may view the review, and anyone the action is visible to
(reviews.permissions.plan_actions_visible_to): an agency contributor sees their own
organisation's actions and nothing else of the review; any other action is answered 404.
Its owners (reviews.reads.learning.plans.is_action_owner) and the business team record
progress, completion and evidence; only the business team (Permission.RUN_REVIEW) confirms,
sends back or withdraws, and never for an action they own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import moment
from reviews.actions import EditConflict
from reviews.actions.learning import plans as plan_actions
from reviews.event_types import describe
from reviews.forms.learning.plans import CompletionForm, ConfirmForm, ProgressForm, ReasonForm
from reviews.forms.requests import FileForm
from reviews.models import ActionStatus, Event, PlanAction
from reviews.permissions import Permission, can
from reviews.permissions_partnership import plan_actions_visible_to
from reviews.reads.learning.plans import is_action_owner
from reviews.uploads import (
    describe_size,
    max_document_bytes,
)
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.learning.plans.common import LABELS, STATUS_TAGS, is_overdue
from reviews.views.posting import saved, submit

ACTION_EVENTS_SHOWN = 50
WORKING = {ActionStatus.NOT_STARTED.value, ActionStatus.IN_PROGRESS.value}


def action_for(request: HttpRequest, pk: int, action_pk: int) -> tuple[User, PlanAction]:
    """The action, for someone who may see it; 404 for anyone else."""
    user = person(request)
    action = (
        PlanAction.objects.select_related(
            "review__partnership",
            "organisation",
            "lead",
            "recommendation",
            "confirmed_by",
            "created_by",
        )
        .filter(pk=action_pk, review_id=pk)
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    visible = plan_actions_visible_to(user).filter(pk=action.pk).exists()
    if not visible and not can(user, Permission.VIEW_REVIEW, action.review):
        raise Http404("No such action.")
    return user, action


def _may_work(user: User, action: PlanAction) -> bool:
    return is_action_owner(user, action) or can(user, Permission.RUN_REVIEW, action.review)


def worker(request: HttpRequest, pk: int, action_pk: int) -> tuple[User, PlanAction]:
    """The action, for its owners and the business team; 403 for anyone else who sees it."""
    user, action = action_for(request, pk, action_pk)
    if not _may_work(user, action):
        raise PermissionDenied("Only the action's owners and the business team record this.")
    return user, action


def _confirmer(request: HttpRequest, pk: int, action_pk: int) -> tuple[User, PlanAction]:
    user, action = action_for(request, pk, action_pk)
    if not can(user, Permission.RUN_REVIEW, action.review):
        raise PermissionDenied("Only the business team confirms, sends back or withdraws.")
    return user, action


def _forms_shown(action: PlanAction, *, owner: bool, runs: bool) -> dict[str, forms.Form]:
    """The forms the action's page offers to one of its owners or the business team (``runs``),
    as the action stands."""
    works = owner or runs
    version = {"version": action.version}
    shown: dict[str, forms.Form] = {}
    if works and action.status in WORKING:
        shown["progress"] = ProgressForm(
            initial={**version, "status": action.status, "progress_note": action.progress_note}
        )
        shown["completion"] = CompletionForm(
            initial={
                **version,
                "completed_on": moment.today(),
                "evidence_note": action.evidence_note,
            }
        )
    if works and action.status not in {ActionStatus.CONFIRMED, ActionStatus.WITHDRAWN}:
        shown["evidence"] = FileForm()
    if runs and not owner and action.status == ActionStatus.AWAITING_CONFIRMATION:
        shown["confirm"] = ConfirmForm(initial=version)
        shown["send_back"] = ReasonForm(initial=version)
    if runs and action.status in {*WORKING, ActionStatus.AWAITING_CONFIRMATION.value}:
        shown["withdraw"] = ReasonForm(initial=version)
    return shown


def render_action(
    request: HttpRequest,
    user: User,
    action: PlanAction,
    *,
    bound: dict[str, forms.Form] | None = None,
    conflict: EditConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the action's page, with any form just posted in place of its default."""
    review = action.review
    owner = is_action_owner(user, action)
    runs = can(user, Permission.RUN_REVIEW, review)
    forms_shown = {**_forms_shown(action, owner=owner, runs=runs), **(bound or {})}
    events = (
        Event.objects.filter(review=review, detail__action_id=action.pk)
        .select_related("actor")
        .order_by("-pk")[:ACTION_EVENTS_SHOWN]
    )
    return render(
        request,
        "reviews/learning/plans/action.html",
        {
            "review": review,
            "action": action,
            "overdue": is_overdue(action, moment.today()),
            "status_class": STATUS_TAGS[action.status],
            "step_title": plan_actions.step_title(review, action.raised_at_step)
            if action.raised_at_step
            else "",
            "evidence": list(
                action.evidence.filter(removed_at__isnull=True).select_related("uploaded_by")
            ),
            "history": [(event, describe(event)) for event in events],
            "may_view_review": can(user, Permission.VIEW_REVIEW, review),
            "owner": owner,
            "forms": forms_shown,
            "errors": next((form for form in forms_shown.values() if form.errors), None),
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(PlanAction,)),
            "max_document": describe_size(max_document_bytes()),
        },
        status=status,
    )


def plan_action(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, action = action_for(request, pk, action_pk)
    return render_action(request, user, action)


def _act(
    request: HttpRequest,
    user: User,
    action: PlanAction,
    *,
    name: str,
    bind: Callable[[QueryDict], forms.Form],
    act: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Validate a posted form, call its action and answer: the page again, or a redirect.

    On a clash the person's values stay in the form, now carrying the version saved since,
    beside the action as it now stands.
    """
    posted = submit(request, bind=bind, act=lambda form: act(form.cleaned_data))
    if posted.done:
        return saved(
            request, success, "reviews:plan-action", pk=action.review_id, action_pk=action.pk
        )
    if posted.conflict is not None:
        action.refresh_from_db()
    return render_action(
        request,
        user,
        action,
        bound={name: posted.form},
        conflict=posted.conflict,
        status=posted.status,
    )


@require_POST
def update(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, action = worker(request, pk, action_pk)

    def act(data: dict[str, Any]) -> None:
        plan_actions.update_action(
            action,
            by=user,
            expected_version=data["version"],
            status=data["status"],
            progress_note=data["progress_note"],
        )

    return _act(
        request,
        user,
        action,
        name="progress",
        bind=ProgressForm,
        act=act,
        success="The progress has been saved.",
    )


@require_POST
def complete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, action = worker(request, pk, action_pk)

    def act(data: dict[str, Any]) -> None:
        plan_actions.complete_action(
            action,
            by=user,
            expected_version=data["version"],
            completed_on=data["completed_on"],
            evidence_note=data["evidence_note"],
        )

    return _act(
        request,
        user,
        action,
        name="completion",
        bind=CompletionForm,
        act=act,
        success="The action is recorded as completed. The business team has been asked to "
        "confirm it.",
    )


@require_POST
def confirm(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, action = _confirmer(request, pk, action_pk)

    def act(data: dict[str, Any]) -> None:
        plan_actions.confirm_action(action, by=user, expected_version=data["version"])

    return _act(
        request,
        user,
        action,
        name="confirm",
        bind=ConfirmForm,
        act=act,
        success="The action is confirmed as complete.",
    )


@require_POST
def send_back(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, action = _confirmer(request, pk, action_pk)

    def act(data: dict[str, Any]) -> None:
        plan_actions.send_back_action(
            action, by=user, expected_version=data["version"], reason=data["reason"]
        )

    return _act(
        request,
        user,
        action,
        name="send_back",
        bind=ReasonForm,
        act=act,
        success="The action has been sent back to its owners.",
    )


@require_POST
def withdraw(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, action = _confirmer(request, pk, action_pk)

    def act(data: dict[str, Any]) -> None:
        plan_actions.withdraw_action(
            action, by=user, expected_version=data["version"], reason=data["reason"]
        )

    return _act(
        request,
        user,
        action,
        name="withdraw",
        bind=ReasonForm,
        act=act,
        success="The action has been withdrawn.",
    )
