"""Dissemination: how each organisation shared a review's learning, and recording it.

Everyone who may view the review reads every organisation's records; an agency contributor
reads and records only those of the organisations they speak for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Organisation, User
from reviews.actions.learning.sharing import record_dissemination
from reviews.forms.learning.sharing import DisseminationForm
from reviews.models import Dissemination, Review
from reviews.permissions import GRANTS, Permission, organisations_spoken_for, standing_on
from reviews.reads.learning.sharing import organisations_recording_for
from reviews.views.helpers import person
from reviews.views.posting import saved, submit


def _review_for_sharing(user: User, pk: int) -> tuple[Review, list[Organisation] | None]:
    """Fetch the review for the sharing pages, and the organisations whose records this person
    sees: ``None`` for all of them (everyone who may view the review), otherwise those they
    speak for (an agency contributor sees only their own organisation's records)."""
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    standing = standing_on(user, review) if review is not None else frozenset()
    if review is None or not standing:
        raise Http404("No such review.")
    if standing & GRANTS[Permission.VIEW_REVIEW]:
        return review, None
    own = organisations_spoken_for(user, review)
    if not own:
        raise PermissionDenied("Your part in this review does not include this.")
    return review, own


@dataclass(frozen=True)
class SharedBy:
    """One organisation's records of sharing the learning, newest first."""

    organisation: Organisation
    records: list[Dissemination]

    @property
    def practitioners(self) -> int:
        return sum(record.practitioners_reached for record in self.records)


@never_cache
@require_GET
def dissemination(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review, only = _review_for_sharing(user, pk)
    records = Dissemination.objects.filter(review=review).select_related(
        "organisation", "recorded_by"
    )
    if only is not None:
        records = records.filter(organisation__in=only)
    grouped: dict[Organisation, list[Dissemination]] = defaultdict(list)
    for record in records.order_by("-shared_on", "-pk"):
        grouped[record.organisation].append(record)
    groups = [
        SharedBy(organisation, grouped[organisation])
        for organisation in sorted(grouped, key=lambda each: each.name.casefold())
    ]
    return render(
        request,
        "reviews/learning/sharing/dissemination.html",
        {
            "review": review,
            "groups": groups,
            "only": only,
            "times": sum(len(group.records) for group in groups),
            "practitioners": sum(group.practitioners for group in groups),
            "may_record": bool(organisations_recording_for(user, review)),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def dissemination_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    if review is None or not standing_on(user, review):
        raise Http404("No such review.")
    organisations = organisations_recording_for(user, review)
    if not organisations:
        raise PermissionDenied("Your part in this review does not include this.")
    choices = [(organisation.pk, organisation.name) for organisation in organisations]
    if request.method != "POST":
        form = DisseminationForm(organisations=choices)
        return _add_page(request, review, form)
    posted = submit(
        request,
        bind=lambda data: DisseminationForm(data, organisations=choices),
        act=lambda form: _record(review, user, organisations, form.cleaned_data),
    )
    if posted.done:
        return saved(
            request,
            f"The sharing by {posted.result.organisation.name} has been recorded.",
            "reviews:dissemination",
            pk=review.pk,
        )
    return _add_page(request, review, posted.form, status=400)


def _record(
    review: Review, user: User, organisations: list[Organisation], data: dict[str, Any]
) -> Dissemination:
    chosen = next(each for each in organisations if each.pk == data["organisation"])
    return record_dissemination(
        review,
        by=user,
        organisation=chosen,
        shared_on=data["shared_on"],
        method=Dissemination.Method(data["method"]),
        practitioners_reached=data["practitioners_reached"],
        note=data["note"],
    )


def _add_page(
    request: HttpRequest, review: Review, form: DisseminationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reviews/learning/sharing/dissemination_add.html",
        {"review": review, "form": form},
        status=status,
    )
