"""The partnership's access log: who looked at what, when, from where, and why; newest first,
a page at a time (reviews.views.paging)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reviews.forms.review import AccessLogSearchForm
from reviews.models import AccessLogEntry
from reviews.permissions_partnership import can_view_access_log
from reviews.views.helpers import person
from reviews.views.paging import Paged, paginate


def access_log(request: HttpRequest) -> HttpResponse:
    user = person(request)
    partnership = user.partnership
    if partnership is None or not can_view_access_log(user, partnership):
        raise PermissionDenied("Only the business team and auditors can search the access log.")
    form = AccessLogSearchForm(request.GET or None)
    entries = AccessLogEntry.objects.filter(partnership=partnership).select_related(
        "user", "review"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            entries = entries.filter(
                Q(user__full_name__icontains=data["person"])
                | Q(user__email__icontains=data["person"])
            )
        if data["case_code"]:
            entries = entries.filter(review__case_code__iexact=data["case_code"].strip())
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__gte=_start_of(data["since"]))
        if data["until"]:
            entries = entries.filter(created_at__lt=_start_of(data["until"] + dt.timedelta(1)))
    paged: Paged[AccessLogEntry] = paginate(
        request, entries.order_by("-created_at", "-pk"), noun="entries"
    )
    return render(
        request,
        "reviews/review/access_log.html",
        {"form": form, "paged": paged},
        status=400 if form.errors else 200,
    )


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
