"""An LCSPR's first two steps: the National Panel's view confirmed (done on the step's own
generic page, which links to the rapid review's Panel response for whoever may open it:
``panel_response_link``), and the rapid review circulated to the review panel, on its own page
recording to whom and when. Everyone taking part reads them; the business team records
(RUN_REVIEW)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from accounts.models import User
from reviews.actions.lcspr.planning.panel_view import record_rapid_review_circulated
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.forms.lcspr.panel_view import CirculatedForm
from reviews.models import Event, PanelResponse, Review, ReviewMember
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit


def _permission(request: HttpRequest) -> Permission:
    return Permission.VIEW_REVIEW if request.method != "POST" else Permission.RUN_REVIEW


def _acting(user: User, review: Review) -> bool:
    return review.is_open and can(user, Permission.RUN_REVIEW, review)


def panel_response_link(user: User, review: Review, key: Step) -> dict[str, Any] | None:
    """On an LCSPR's "Confirm the National Panel's view" step: the rapid review it follows,
    the link to its Panel response and when that came, only for someone who may open the
    rapid review (the author, who has no part in it, gets None)."""
    if key != Step.PANEL_VIEW_CONFIRMED or review.rapid_review_id is None:
        return None
    rapid = review.rapid_review
    if rapid is None or not can(user, Permission.VIEW_REVIEW, rapid):
        return None
    response = PanelResponse.objects.filter(review=rapid).first()
    return {
        "case_code": rapid.case_code,
        "url": reverse("reviews:panel", kwargs={"pk": rapid.pk}) + "#response",
        "received_on": response.received_on if response else None,
    }


def _members(review: Review) -> list[tuple[int, str]]:
    rows = (
        ReviewMember.objects.filter(review=review, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    found: dict[int, str] = {}
    for each in rows:
        found.setdefault(each.user_id, f"{each.user.full_name} ({each.get_role_display()})")
    return list(found.items())


def circulated(request: HttpRequest, pk: int) -> HttpResponse:
    """The rapid review circulated: each time, to whom and when; the form for the next."""
    user, review = lcspr_for(request, pk, _permission(request))
    people = _members(review)

    def bind(data: QueryDict) -> CirculatedForm:
        return CirculatedForm(data, people=people)

    form: CirculatedForm | None = None
    status = 200
    if request.method == "POST":
        chosen = {
            each.user_id: each.user
            for each in ReviewMember.objects.filter(review=review, active=True).select_related(
                "user"
            )
        }
        posted = submit(
            request,
            bind=bind,
            act=lambda valid: record_rapid_review_circulated(
                review,
                by=user,
                circulated_on=valid.cleaned_data["circulated_on"],
                sent_to=[chosen[each] for each in valid.cleaned_data["sent_to"] if each in chosen],
                others=valid.cleaned_data["others"],
            ),
        )
        if posted.done:
            return saved(
                request, "The rapid review's circulation is recorded.", "reviews:circulated", pk=pk
            )
        form, status = posted.form, status_after(posted)
    elif _acting(user, review):
        form = CirculatedForm(people=people)
    context = {
        "review": review,
        "step": schedule_for(review).step(Step.RAPID_REVIEW_CIRCULATED),
        "circulations": Event.objects.filter(review=review, type=EventType.RAPID_REVIEW_CIRCULATED)
        .select_related("actor")
        .order_by("pk"),
        "form": form,
    }
    return render(request, "reviews/lcspr/planning/circulated.html", context, status=status)
