"""An LCSPR's itinerary page: its items, the panel's confirmation, drafting and adding items,
and the business team's record that the learning events are done.

Everyone taking part in the review (agencies aside) reads it; the author and the business
team draft it (Permission.AUTHOR_WORK); the business team on the panel's behalf, or a panel
member or partner lead (Permission.AGREE_TERMS), records the panel's confirmation. A rapid
review has no itinerary (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews import moment
from reviews.actions.lcspr.events import itinerary as itinerary_actions
from reviews.calendar_files import learning_event_name
from reviews.forms.lcspr.events import (
    AddItemForm,
    CompleteEventsForm,
    ConfirmItineraryForm,
    DraftItineraryForm,
)
from reviews.models import EventKind, Itinerary, LearningEvent, Review, StepRecord
from reviews.permissions import Permission, can
from reviews.process import Step
from reviews.reads.lcspr.events import default_itinerary, field_for
from reviews.views.helpers import lcspr_for
from reviews.views.posting import saved, submit


def event_for(review: Review, event_pk: int) -> LearningEvent:
    event = (
        LearningEvent.objects.filter(review=review, pk=event_pk)
        .select_related("review__partnership")
        .first()
    )
    if event is None:
        raise Http404("No such event in this review.")
    return event


def may_confirm(user: User, review: Review) -> bool:
    """The business team on the panel's behalf, or a member of the panel itself."""
    return can(user, Permission.RUN_REVIEW, review) or can(user, Permission.AGREE_TERMS, review)


def state_of(event: LearningEvent) -> str:
    if event.held_on is not None:
        return "held"
    if event.starts_at is not None:
        return "arranged"
    return "planned"


def render_itinerary(
    request: HttpRequest,
    user: User,
    review: Review,
    *,
    complete_form: CompleteEventsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = list(
        LearningEvent.objects.filter(review=review)
        .annotate(
            invited=Count(
                "places",
                filter=Q(places__invited_at__isnull=False, places__cancelled_at__isnull=True),
            ),
            attended=Count("places", filter=Q(places__attended=True)),
        )
        .order_by("planned_on", "pk")
    )
    itinerary = Itinerary.objects.filter(review=review).select_related("confirmed_by").first()
    done = dict(
        StepRecord.objects.filter(
            review=review,
            key__in=[Step.ITINERARY_CONFIRMED, Step.LEARNING_EVENTS],
            completed_on__isnull=False,
        ).values_list("key", "completed_on")
    )
    open_ = review.is_open
    may_run = open_ and can(user, Permission.RUN_REVIEW, review)
    if complete_form is None and may_run and Step.LEARNING_EVENTS not in done and items:
        complete_form = CompleteEventsForm(initial={"completed_on": moment.today()})
    held = {item.kind for item in items if item.held_on is not None}
    return render(
        request,
        "reviews/lcspr/events/itinerary.html",
        {
            "review": review,
            "items": [(item, learning_event_name(item.kind), state_of(item)) for item in items],
            "itinerary": itinerary,
            "done": done,
            "may_author": open_ and can(user, Permission.AUTHOR_WORK, review),
            "may_confirm": open_ and may_confirm(user, review),
            "may_plan": can(user, Permission.RUN_REVIEW, review),  # the plan page (issue 14)
            "complete_form": complete_form
            if may_run and Step.LEARNING_EVENTS not in done
            else None,
            "missing": [
                learning_event_name(kind)
                for kind in itinerary_actions.REQUIRED_EVENTS
                if kind not in held
            ],
        },
        status=status,
    )


def itinerary(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    return render_itinerary(request, user, review)


def itinerary_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the five usual items in one go, each with a planned date offered."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)
    if LearningEvent.objects.filter(review=review).exists():
        return redirect("reviews:itinerary", pk=review.pk)
    initial = {field_for(kind): day for kind, day in default_itinerary(review).items()}

    def bind(data: QueryDict | None) -> DraftItineraryForm:
        return DraftItineraryForm(data, initial=initial)

    form, status = bind(None), 200
    if request.method == "POST":
        posted = submit(
            request,
            bind=bind,
            act=lambda form: itinerary_actions.draft_itinerary(
                review, by=user, planned=form.planned()
            ),
        )
        if posted.done:
            return saved(request, "The itinerary is drafted.", "reviews:itinerary", pk=review.pk)
        form, status = posted.form, posted.status
    return render(
        request, "reviews/lcspr/events/draft.html", {"review": review, "form": form}, status=status
    )


def itinerary_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the optional pre-meeting, or another item, to a drafted itinerary."""
    user, review = lcspr_for(request, pk, Permission.AUTHOR_WORK)

    def bind(data: QueryDict | None) -> AddItemForm:
        return AddItemForm(data, initial={"kind": EventKind.PRE_MEETING})

    def act(form: AddItemForm) -> LearningEvent:
        return itinerary_actions.add_itinerary_item(
            review,
            by=user,
            kind=EventKind(form.cleaned_data["kind"]),
            planned_on=form.cleaned_data["planned_on"],
        )

    form, status = bind(None), 200
    if request.method == "POST":
        posted = submit(request, bind=bind, act=act)
        if posted.done:
            name = learning_event_name(posted.result.kind)
            message = f"The {name} is added to the itinerary."
            return saved(request, message, "reviews:itinerary", pk=review.pk)
        form, status = posted.form, posted.status
    return render(
        request, "reviews/lcspr/events/add.html", {"review": review, "form": form}, status=status
    )


def itinerary_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the review panel's confirmation, with its adjustments and sensitivities."""
    user, review = lcspr_for(request, pk, Permission.VIEW_REVIEW)
    if not may_confirm(user, review):
        raise PermissionDenied("Only the review panel or the business team confirm the itinerary.")

    def bind(data: QueryDict | None) -> ConfirmItineraryForm:
        return ConfirmItineraryForm(data, initial={"confirmed_on": moment.today()})

    def act(form: ConfirmItineraryForm) -> None:
        itinerary_actions.confirm_itinerary(
            review,
            by=user,
            confirmed_on=form.cleaned_data["confirmed_on"],
            adjustments=form.cleaned_data["adjustments"],
            sensitivities=form.cleaned_data["sensitivities"],
        )

    form, status = bind(None), 200
    if request.method == "POST":
        posted = submit(request, bind=bind, act=act)
        if posted.done:
            message = "The itinerary is recorded as confirmed by the panel."
            return saved(request, message, "reviews:itinerary", pk=review.pk)
        form, status = posted.form, posted.status
    confirmed = Itinerary.objects.filter(review=review, confirmed_on__isnull=False).exists()
    return render(
        request,
        "reviews/lcspr/events/confirm.html",
        {"review": review, "form": form, "confirmed": confirmed},
        status=status,
    )


@require_POST
def learning_events_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """The business team records the learning events done (step learning-events)."""
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    posted = submit(
        request,
        bind=CompleteEventsForm,
        act=lambda form: itinerary_actions.complete_learning_events(
            review, by=user, completed_on=form.cleaned_data["completed_on"]
        ),
    )
    if posted.done:
        message = "The learning events are recorded as done."
        return saved(request, message, "reviews:itinerary", pk=review.pk)
    return render_itinerary(request, user, review, complete_form=posted.form, status=400)
