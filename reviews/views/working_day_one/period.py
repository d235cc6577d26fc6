"""The period under review and the timeline: read by everyone taking part, confirmed by the
business team."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from reviews import moment
from reviews.actions import ActionError, EditConflict
from reviews.actions import working_day_one as wd1
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.forms.working_day_one import PeriodForm, TimelineForm
from reviews.models import Review
from reviews.permissions import Permission
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import not_yet, step_prerequisite
from reviews.views.working_day_one.common import (
    posted,
    rapid_review,
    refused,
    status_of,
)


def period(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, may_act = rapid_review(request, pk, read=True)
    incident = wd1.incident_date(review)
    chairs = wd1.period_chairs(review) if may_act else []
    names = {chair.pk: chair.full_name for chair, _role in chairs}
    confirmed_by = (
        User.objects.filter(pk=review.period_confirmed_by_id).first()
        if review.period_confirmed_by_id
        else None
    )
    choices = [(chair.pk, chair.full_name) for chair, _role in chairs]
    form: PeriodForm | None = None
    conflict: EditConflict | None = None
    if may_act and request.method == "POST":
        form = PeriodForm(request.POST, chairs=choices)
        if form.is_valid():
            try:
                wd1.confirm_period(
                    review,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    chair=next(c for c, _ in chairs if c.pk == form.cleaned_data["chair"]),
                    confirmed_on=form.cleaned_data["confirmed_on"],
                )
            except EditConflict as clash:
                conflict = clash
                review.refresh_from_db()
                # Start again from what is saved now; the person's own answers stay in the form.
                form = PeriodForm(
                    initial={**form.cleaned_data, "version": review.version}, chairs=choices
                )
            except ActionError as refusal:
                refused(form, refusal)
            else:
                messages.success(
                    request, f"The period under review for {review.case_code} has been recorded."
                )
                return redirect("reviews:detail", pk=review.pk)
    elif may_act:
        start, end = wd1.default_period(incident) if incident else (None, None)
        form = PeriodForm(
            initial={
                "version": review.version,
                "start": review.period_start or start,
                "end": review.period_end or end,
                "chair": review.period_confirmed_by_id,
                "confirmed_on": moment.today(),
            },
            chairs=choices,
        )
    labels = {
        "period_start": "Start of the period",
        "period_end": "End of the period",
        "period_confirmed_by_id": "Confirmed by",
    }
    return render(
        request,
        "reviews/working_day_one/period.html",
        {
            "review": review,
            "form": form,
            "incident": incident,
            "chairs": chairs,
            "confirmed_by": confirmed_by,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, labels, records=(Review,), names=names),
        },
        status=status_of(form, conflict),
    )


def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, may_act = rapid_review(request, pk, read=True)
    form: TimelineForm | None = None
    if may_act:
        form = TimelineForm(posted(request), initial={"confirmed_on": moment.today()})
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            leads = wd1.confirm_timeline(
                review, by=user, confirmed_on=form.cleaned_data["confirmed_on"]
            )
        except ActionError as refusal:
            refused(form, refusal)
        else:
            count = f"{len(leads)} statutory partner lead{'s' if len(leads) != 1 else ''}"
            messages.success(request, f"The timeline has been sent to {count}.")
            return redirect("reviews:detail", pk=review.pk)
    confirmed = review.events.filter(type=EventType.TIMELINE_CONFIRMED.value).first()
    schedule = schedule_for(review)
    leads = wd1.partner_leads(review) if may_act else []
    blocked = None
    if form is not None and not leads:
        # confirm_timeline sends it to the partner leads, who come with the requests.
        first = step_prerequisite(
            user, review, "request-information", permission=Permission.MANAGE_REQUESTS
        )
        blocked = not_yet(user, review, "confirm-timeline", schedule=schedule, also=[first])
    return render(
        request,
        "reviews/working_day_one/timeline.html",
        {
            "review": review,
            "form": form,
            "blocked": blocked,
            "schedule": schedule,
            "leads": leads,
            "confirmed": confirmed,
        },
        status=status_of(form),
    )
