"""Your work (the home page) and everyone's work (the business team's view of their
partnership): the items of reviews.reads.work, in due order, each with its tag and link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews import moment
from reviews.forms.work import WorkFilterForm
from reviews.permissions_partnership import (
    can_record_notification,
    can_see_everyones_work,
    can_view_statistics,
    can_view_themes,
)
from reviews.reads.work import Tag, WorkItem, work_for, work_in_partnership
from reviews.views.helpers import person


@dataclass(frozen=True)
class Row:
    item: WorkItem
    # The tag as a state of reviews/steps/_state.html (so it looks the same everywhere).
    state: str
    people: tuple[str, ...] = ()


def state_of(item: WorkItem, today: dt.date) -> str:
    if item.on_hold:
        return "on-hold"
    tag = item.tag_on(today)
    return "no-due-date" if tag is Tag.NO_DATE else tag.value


def your_work(request: HttpRequest) -> HttpResponse:
    """The signed-in person's starting point: what they must do next, across their reviews."""
    user = person(request)
    today = moment.today()
    partnership = user.partnership
    return render(
        request,
        "reviews/work/home.html",
        {
            "rows": [Row(each, state_of(each, today)) for each in work_for(user, today)],
            "may_record": can_record_notification(user),
            "may_see_everyone": can_see_everyones_work(user),
            "may_see_themes": partnership is not None and can_view_themes(user, partnership),
            "may_see_statistics": partnership is not None
            and can_view_statistics(user, partnership),
        },
    )


def everyones_work(request: HttpRequest) -> HttpResponse:
    """Everyone's work in the business team's partnership, filtered by person, organisation
    or case code."""
    user = person(request)
    if not can_see_everyones_work(user) or user.partnership is None:
        raise PermissionDenied("Everyone's work is for the partnership's business team.")
    today = moment.today()
    items = work_in_partnership(user.partnership, today)
    names = dict(
        User.objects.filter(pk__in={pk for each in items for pk in each.people})
        .order_by("full_name")
        .values_list("pk", "full_name")
    )
    organisations = sorted(
        {(each.organisation_id, each.organisation_name) for each in items if each.organisation_id},
        key=lambda pair: (pair[1], pair[0]),
    )
    form = WorkFilterForm(
        request.GET or None, people=list(names.items()), organisations=organisations
    )
    shown = _filtered(form, items) if form.is_bound and form.is_valid() else items
    rows = [
        Row(each, state_of(each, today), tuple(sorted(names[pk] for pk in each.people)))
        for each in shown
    ]
    return render(
        request,
        "reviews/work/everyone.html",
        {"form": form, "rows": rows, "filtered": bool(request.GET)},
        status=400 if form.errors else 200,
    )


def _filtered(form: WorkFilterForm, items: list[WorkItem]) -> list[WorkItem]:
    data = form.cleaned_data
    code = (data["case_code"] or "").strip().casefold()
    return [
        each
        for each in items
        if (data["person"] is None or data["person"] in each.people)
        and (data["organisation"] is None or data["organisation"] == each.organisation_id)
        and (not code or code in each.case_code.casefold())
    ]
