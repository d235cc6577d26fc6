"""The regulation 14 monitoring log: everyone taking part in the LCSPR (agencies aside) reads it;
the business team records checkpoints and written requests to the author; the author (or the
business team on their behalf) records the replies."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.lcspr.publication import monitoring as monitoring_actions
from reviews.forms.lcspr.publication import AuthorReplyForm, AuthorRequestForm, CheckpointForm
from reviews.models import MonitoringEntry, Review
from reviews.permissions import Permission, can
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.publication.common import (
    act,
    first_with_errors,
)

PAGE = "reviews:monitoring"
LABELS = {"reply": "Reply", "replied_on": "Date of the reply", "replied_by": "Recorded by"}


def render_monitoring(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    bound: dict[str, Form] | None = None,
    conflict: EditConflict | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    entries = list(
        MonitoringEntry.objects.filter(review=review).select_related("recorded_by", "replied_by")
    )
    running = review.is_open and can(user, Permission.RUN_REVIEW, review)
    replying = review.is_open and can(user, Permission.AUTHOR_WORK, review)
    forms: dict[str, Form] = (
        {"checkpoint": CheckpointForm(), "request": AuthorRequestForm()} if running else {}
    )
    replies: dict[int, Form] = {}
    if replying:
        replies = {
            entry.pk: AuthorReplyForm(
                initial={
                    "version": entry.version,
                    "replied_on": entry.replied_on,
                    "reply": entry.reply,
                },
                prefix=f"entry-{entry.pk}",
            )
            for entry in entries
            if entry.kind == MonitoringEntry.Kind.REQUEST
        }
    for name, form in (bound or {}).items():
        if name.startswith("reply-"):
            replies[int(name.removeprefix("reply-"))] = form
        else:
            forms[name] = form
    return render(
        request,
        "reviews/lcspr/publication/monitoring.html",
        {
            "review": review,
            "entries": entries,
            "forms": forms,
            "replies": replies,
            "errors": first_with_errors({**forms, **{str(k): v for k, v in replies.items()}}),
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(MonitoringEntry,)),
            "refusal": refusal,
        },
        status=status,
    )


def monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return render_monitoring(request, user, review)


@require_POST
def monitoring_checkpoint(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)

    def call(data: dict[str, Any]) -> None:
        monitoring_actions.record_checkpoint(
            review,
            by=user,
            dated=data["dated"],
            on_time=data["on_time"],
            findings=data["findings"],
        )

    return act(
        request,
        user,
        review,
        name="checkpoint",
        bind=CheckpointForm,
        call=call,
        success="The checkpoint is recorded.",
        page=PAGE,
        render_page=render_monitoring,
    )


@require_POST
def monitoring_request(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)

    def call(data: dict[str, Any]) -> None:
        monitoring_actions.ask_author(review, by=user, dated=data["dated"], text=data["text"])

    return act(
        request,
        user,
        review,
        name="request",
        bind=AuthorRequestForm,
        call=call,
        success="The request is recorded and the author has been emailed a link to it.",
        page=PAGE,
        render_page=render_monitoring,
    )


@require_POST
def monitoring_reply(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    entry = MonitoringEntry.objects.filter(
        review=review, pk=entry_pk, kind=MonitoringEntry.Kind.REQUEST
    ).first()
    if entry is None:
        raise Http404("No such request.")

    def bind(data: QueryDict) -> Form:
        return AuthorReplyForm(data, prefix=f"entry-{entry.pk}")

    def call(data: dict[str, Any]) -> None:
        monitoring_actions.record_author_reply(
            review,
            by=user,
            entry=entry,
            expected_version=data["version"],
            replied_on=data["replied_on"],
            reply=data["reply"],
        )

    return act(
        request,
        user,
        review,
        name=f"reply-{entry.pk}",
        bind=bind,
        call=call,
        success="The reply is recorded.",
        page=PAGE,
        render_page=render_monitoring,
    )
