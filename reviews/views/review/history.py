"""A review's history: every recorded change in people's words, with earlier versions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Organisation, User
from reviews.event_types import EventType, describe, title
from reviews.forms.review import HistoryFilterForm
from reviews.history_words import (
    CORRECTED,
    ChangeLine,
    Correction,
    Names,
    change_lines,
    correction_numbers,
    corrections,
    wanted_names,
    with_earlier_answers,
)
from reviews.models import Event, PartnerDecision, Review
from reviews.permissions import Permission, decisions_visible_to, get_review_for
from reviews.views.helpers import person
from reviews.views.paging import PAGE_SIZE, Paged, paginate

HISTORY_PAGE_SIZE = PAGE_SIZE


def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_HISTORY)
    people = list(
        User.objects.filter(pk__in=review.events.values("actor"))
        .order_by("full_name")
        .values_list("pk", "full_name")
    )
    # "What happened" offers the kinds of event this review has; a kind asked for by address
    # (a bookmark, say) stays valid, and matches nothing, rather than being refused.
    kinds = set(review.events.order_by().values_list("type", flat=True).distinct())
    asked = request.GET.get("type", "")
    if asked in set(EventType):
        kinds.add(asked)
    form = HistoryFilterForm(
        request.GET or None,
        people=people,
        types=sorted(((kind, title(kind)) for kind in kinds), key=lambda pair: pair[1]),
    )
    events = review.events.select_related("actor")
    if form.is_valid():
        if form.cleaned_data["type"]:
            events = events.filter(type=form.cleaned_data["type"])
        if form.cleaned_data["person"]:
            events = events.filter(actor_id=form.cleaned_data["person"])
    paged: Paged[Event] = paginate(
        request, events.order_by("-created_at", "-pk"), noun="changes", per_page=HISTORY_PAGE_SIZE
    )
    shown = paged.items
    return render(
        request,
        "reviews/review/history.html",
        {
            "review": review,
            "form": form,
            "paged": paged,
            "entries": _history_entries(user, review, shown),
            # django-simple-history keeps every earlier state of the details.
            "versions": review.history.select_related("history_user").order_by("-history_date")[
                :HISTORY_PAGE_SIZE
            ],
        },
        status=400 if form.errors else 200,
    )


def _history_entries(
    user: User, review: Review, events: list[Event]
) -> list[tuple[Event, str, list[ChangeLine], Correction | None]]:
    """Each event in words, with its changes in words and, for a corrected decision, the
    earlier answers from the decision's history. A fixed number of queries for any page: one
    for the people and one for the organisations the changes name, and for corrections one
    for the review's correcting events and one per kind of corrected record."""
    wanted_people, wanted_organisations = wanted_names(
        (event.type, event.detail) for event in events
    )
    names = Names(
        people=dict(User.objects.filter(pk__in=wanted_people).values_list("pk", "full_name"))
        if wanted_people
        else {},
        organisations=dict(
            Organisation.objects.filter(pk__in=wanted_organisations).values_list("pk", "name")
        )
        if wanted_organisations
        else {},
    )
    found = _corrections(user, review, events, names)
    return [
        (
            event,
            describe(event),
            with_earlier_answers(
                change_lines(event.type, event.detail, names), found.get(event.pk)
            ),
            found.get(event.pk),
        )
        for event in events
    ]


def _corrections(
    user: User, review: Review, events: list[Event], names: Names
) -> dict[int, Correction]:
    """The earlier answers behind the corrections on this page, by event pk."""
    if not any(event.type in CORRECTED for event in events):
        return {}
    # Which version each correction made: the first change to a record makes version 2.
    made = correction_numbers(
        review.events.filter(type__in=list(CORRECTED))
        .order_by("created_at", "pk")
        .values_list("pk", "type", "detail")
    )
    on_page = {event.pk: event.type for event in events if event.pk in made}
    found: dict[int, Correction] = {}
    for kind, (model, _key) in CORRECTED.items():
        ids = {made[pk][0] for pk, each in on_page.items() if each == kind}
        if not ids:
            continue
        rows = model.history.filter(id__in=ids)  # type: ignore[attr-defined]
        if model is PartnerDecision:
            # The blind rule: only decisions this person may read (permissions).
            rows = rows.filter(id__in=decisions_visible_to(user, review).values("pk"))
        kept = corrections(model, list(rows.select_related("history_user")), names)
        for pk, each in on_page.items():
            if each == kind and made[pk] in kept:
                found[pk] = kept[made[pk]]
    return found
