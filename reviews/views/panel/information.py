"""The Panel page's later parts: each round of "more information needed" (the request, the
information supplied, the review resubmitted), the date the partnership's response went to the
Panel, and extensions agreed with the Panel. ``panel_extras`` gives the page what it shows;
these views post each form to its own address (reviews.views.panel.extras gives the page
what it shows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import extend_deadline
from reviews.actions import panel as panel_actions
from reviews.clock import schedule_for
from reviews.forms.panel import (
    InformationRequestForm,
    PanelExtensionForm,
    ResponseSentForm,
    ResubmittedForm,
    SuppliedForm,
)
from reviews.models import Review
from reviews.permissions import Permission
from reviews.process import Step
from reviews.views.helpers import rapid_review_for
from reviews.views.panel.extras import extension_steps, round_prefix
from reviews.views.panel.posts import post_panel_form


def _rounds_posted(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    bind: Callable[[QueryDict], Form],
    act: Callable[[Review, User, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)
    return post_panel_form(
        request,
        user,
        review,
        name=name,
        bind=bind,
        act=lambda data: act(review, user, data),
        success=success,
    )


def _record_request(number: int | None) -> Callable[[Review, User, dict[str, Any]], object]:
    """The action for the Panel's request: a new round (no number) or round ``number``."""
    return lambda review, user, data: panel_actions.request_more_information(
        review,
        by=user,
        number=number,
        expected_version=data["version"],
        requested_on=data["requested_on"],
        asks=data["asks"],
        due_on=data["due_on"],
    )


@require_POST
def request_information(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a new round: the Panel's request for more information."""
    return _rounds_posted(
        request,
        pk,
        name="information",
        bind=InformationRequestForm,
        act=_record_request(None),
        success="The Panel's request for more information is recorded.",
    )


@require_POST
def correct_request(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Correct round ``number``'s request."""
    return _rounds_posted(
        request,
        pk,
        name=f"request-{number}",
        bind=lambda data: InformationRequestForm(data, prefix=round_prefix(number)),
        act=_record_request(number),
        success="The Panel's request for more information is corrected.",
    )


@require_POST
def supplied(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _rounds_posted(
        request,
        pk,
        name=f"supplied-{number}",
        bind=lambda data: SuppliedForm(data, prefix=round_prefix(number)),
        act=lambda review, user, data: panel_actions.record_information_supplied(
            review,
            by=user,
            number=number,
            expected_version=data["version"],
            supplied_on=data["supplied_on"],
        ),
        success="The information supplied to the Panel is recorded.",
    )


@require_POST
def resubmitted(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _rounds_posted(
        request,
        pk,
        name=f"resubmitted-{number}",
        bind=lambda data: ResubmittedForm(data, prefix=round_prefix(number)),
        act=lambda review, user, data: panel_actions.record_resubmitted(
            review,
            by=user,
            number=number,
            expected_version=data["version"],
            resubmitted_on=data["resubmitted_on"],
        ),
        success="The review resubmitted to the Panel is recorded.",
    )


@require_POST
def response_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the date the partnership's response went to the Panel, after the meeting."""
    return _rounds_posted(
        request,
        pk,
        name="response_sent",
        bind=ResponseSentForm,
        act=lambda review, user, data: panel_actions.record_response_sent(
            review, by=user, sent_on=data["response_sent_on"]
        ),
        success="The date the response went to the Panel is recorded.",
    )


@require_POST
def agreed_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an extension agreed with the Panel: the step, the date agreed, the new date."""
    user, review = rapid_review_for(request, pk, Permission.RUN_REVIEW)
    steps = extension_steps(schedule_for(review))

    def bind(data: QueryDict) -> Form:
        return PanelExtensionForm(data, steps=steps)

    def act(data: dict[str, Any]) -> None:
        extend_deadline(
            review,
            key=Step(data["step"]),
            by=user,
            reason=data["reason"],
            new_date=data["new_date"],
            agreed_with_panel_on=data["agreed_with_panel_on"],
        )

    return post_panel_form(
        request,
        user,
        review,
        name="extension",
        bind=bind,
        act=act,
        success="The extension agreed with the Panel is recorded.",
    )
