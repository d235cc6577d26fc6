"""The period under review and the timeline: read by everyone taking part, confirmed by the
business team."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from reviews import moment
from reviews.actions import EditConflict
from reviews.actions import working_day_one as wd1
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.forms.working_day_one import PeriodForm, TimelineForm
from reviews.models import Review
from reviews.permissions import Permission
from reviews.process import Step
from reviews.reads.working_day_one import (
    default_period,
    incident_date,
    partner_leads,
    period_chairs,
)
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import not_yet, step_prerequisite
from reviews.views.posting import saved, status_of, submit
from reviews.views.working_day_one.common import rapid_review

PERIOD_LABELS = {
    "period_start": "Start of the period",
    "period_end": "End of the period",
    "period_confirmed_by_id": "Confirmed by",
}


def period(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, may_act = rapid_review(request, pk, read=True)
    incident = incident_date(review)
    chairs = period_chairs(review) if may_act else []
    choices = [(chair.pk, chair.full_name) for chair, _role in chairs]
    form: PeriodForm | None = None
    conflict: EditConflict | None = None
    if may_act and request.method == "POST":
        posted = submit(
            request,
            bind=lambda data: PeriodForm(data, chairs=choices),
            act=lambda form: wd1.confirm_period(
                review,
                by=user,
                expected_version=form.cleaned_data["version"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                chair=next(c for c, _ in chairs if c.pk == form.cleaned_data["chair"]),
                confirmed_on=form.cleaned_data["confirmed_on"],
            ),
        )
        if posted.done:
            message = f"The period under review for {review.case_code} has been recorded."
            return saved(request, message, "reviews:detail", pk=review.pk)
        form, conflict = posted.form, posted.conflict
        if conflict is not None:
            review.refresh_from_db()  # what is saved now; the person's answers stay in the form
    elif may_act:
        form = _period_form(review, incident, choices)
    names = {chair.pk: chair.full_name for chair, _role in chairs}
    return render(
        request,
        "reviews/working_day_one/period.html",
        {
            "review": review,
            "form": form,
            "incident": incident,
            "chairs": chairs,
            "confirmed_by": User.objects.filter(pk=review.period_confirmed_by_id).first()
            if review.period_confirmed_by_id
            else None,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, PERIOD_LABELS, records=(Review,), names=names),
        },
        status=status_of(form, conflict),
    )


def _period_form(
    review: Review, incident: dt.date | None, choices: list[tuple[int, str]]
) -> PeriodForm:
    """The period as saved, or the default period around the incident."""
    start, end = default_period(incident) if incident else (None, None)
    return PeriodForm(
        initial={
            "version": review.version,
            "start": review.period_start or start,
            "end": review.period_end or end,
            "chair": review.period_confirmed_by_id,
            "confirmed_on": moment.today(),
        },
        chairs=choices,
    )


def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    user, review, may_act = rapid_review(request, pk, read=True)
    form: TimelineForm | None = None
    if may_act:
        form = TimelineForm(initial={"confirmed_on": moment.today()})
    if form is not None and request.method == "POST":
        posted = submit(
            request,
            bind=lambda data: TimelineForm(data, initial={"confirmed_on": moment.today()}),
            act=lambda valid: wd1.confirm_timeline(
                review, by=user, confirmed_on=valid.cleaned_data["confirmed_on"]
            ),
        )
        if posted.done:
            sent = len(posted.result)
            count = f"{sent} statutory partner lead{'s' if sent != 1 else ''}"
            message = f"The timeline has been sent to {count}."
            return saved(request, message, "reviews:detail", pk=review.pk)
        form = posted.form
    schedule = schedule_for(review)
    leads = partner_leads(review) if may_act else []
    blocked = None
    if form is not None and not leads:
        # confirm_timeline sends it to the partner leads, who come with the requests.
        first = step_prerequisite(
            user, review, Step.REQUEST_INFORMATION, permission=Permission.MANAGE_REQUESTS
        )
        blocked = not_yet(user, review, Step.CONFIRM_TIMELINE, schedule=schedule, also=[first])
    return render(
        request,
        "reviews/working_day_one/timeline.html",
        {
            "review": review,
            "form": form,
            "blocked": blocked,
            "schedule": schedule,
            "leads": leads,
            "confirmed": review.events.filter(type=EventType.TIMELINE_CONFIRMED.value).first(),
        },
        status=status_of(form),
    )
