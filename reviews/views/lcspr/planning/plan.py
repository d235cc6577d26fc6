"""The LCSPR's own plan (issue 14): the business team (RUN_REVIEW) sets the planned date of
every step with no statutory deadline in one form; each shows its state against that date,
and a date on a day the partnership does not work is flagged."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from reviews.actions.lcspr.planning.plan import ITINERARY_FEEDS, set_planned_dates
from reviews.forms.lcspr.plan import PlanForm
from reviews.permissions import Permission
from reviews.reads.lcspr.plan import plan_for, plan_version
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import lcspr_for
from reviews.views.lcspr.planning.common import status_after
from reviews.views.posting import saved, submit


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page: every planned step, its date, its state, and a flag on days off."""
    user, review = lcspr_for(request, pk, Permission.RUN_REVIEW)
    rows = plan_for(review)
    initial = {"version": plan_version(review), **{row.field: row.planned_on for row in rows}}

    def bind(data: QueryDict | None) -> PlanForm:
        return PlanForm(data, plan=rows, initial=initial)

    def act(form: PlanForm) -> dict[str, dt.date | None]:
        return set_planned_dates(
            review,
            by=user,
            expected_version=form.cleaned_data["version"],
            planned=form.planned(),
        )

    form, conflict, status = bind(None), None, 200
    if request.method == "POST":
        posted = submit(request, bind=bind, act=act)
        if posted.done:
            count = len(posted.result)
            message = (
                f"The plan is saved: {count} planned date{'' if count == 1 else 's'} changed."
                if count
                else "The plan is saved: no planned date changed."
            )
            return saved(request, message, "reviews:plan", pk=review.pk)
        form, conflict, status = posted.form, posted.conflict, status_after(posted)
    labels = {row.field: row.title for row in rows}
    context = {
        "review": review,
        "rows": rows,
        "form": form,
        "editable": review.is_open,
        "days_off": [row for row in rows if row.day_off is not None],
        "fed_by_itinerary": {step.value for step in ITINERARY_FEEDS},
        "conflict": conflict,
        "conflict_rows": conflict_rows(conflict, labels),
    }
    return render(request, "reviews/lcspr/planning/plan.html", context, status=status)
