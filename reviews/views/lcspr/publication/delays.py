"""The partnership's publication delays: every LCSPR published, or still unpublished, after its
six-month deadline, with the reasons recorded (extensions, holds, the reason for publishing
late). For the business team and auditors, as the access log is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reviews import moment
from reviews.clock import schedules_for
from reviews.models import Extension, Hold, Publication, Review, ReviewKind
from reviews.permissions_partnership import can_view_access_log, is_business_team
from reviews.process import Step
from reviews.views.helpers import person


@dataclass(frozen=True)
class Delay:
    review: Review
    deadline: dt.date
    published_on: dt.date | None
    planned_on: dt.date | None
    days_late: int
    extensions: tuple[Extension, ...]
    holds: tuple[Hold, ...]
    delay_reason: str
    told_on: dt.date | None = None  # when the Panel and the Secretary of State were told why
    told_how: str = ""


def publication_delays(partnership_id: int, *, today: dt.date) -> list[Delay]:
    """Every LCSPR of the partnership published after its six-month deadline, or unpublished
    with the deadline passed, latest deadline first; a fixed number of queries."""
    reviews = list(
        Review.objects.filter(partnership_id=partnership_id, kind=ReviewKind.LCSPR)
        .select_related("partnership")
        .order_by("origin", "case_code")
    )
    schedules = schedules_for(reviews, today=today)
    ids = [review.pk for review in reviews]
    publications = {
        publication.review_id: publication
        for publication in Publication.objects.filter(review_id__in=ids)
    }
    extensions: dict[int, list[Extension]] = defaultdict(list)
    for extension in Extension.objects.filter(review_id__in=ids, step=Step.PUBLISHED):
        extensions[extension.review_id].append(extension)
    holds: dict[int, list[Hold]] = defaultdict(list)
    for hold in Hold.objects.filter(review_id__in=ids):
        holds[hold.review_id].append(hold)
    delays = []
    for review in reviews:
        step = schedules[review.pk].step(Step.PUBLISHED)
        deadline = step.original_due or step.due
        if deadline is None:
            continue
        publication = publications.get(review.pk)
        published_on = publication.published_on if publication else None
        late_on = published_on or today
        if late_on <= deadline:
            continue
        delays.append(
            Delay(
                review=review,
                deadline=deadline,
                published_on=published_on,
                planned_on=publication.planned_on if publication else None,
                days_late=(late_on - deadline).days,
                extensions=tuple(extensions[review.pk]),
                holds=tuple(holds[review.pk]),
                delay_reason=publication.delay_reason if publication else "",
                told_on=publication.delay_told_on if publication else None,
                told_how=publication.delay_told_how if publication else "",
            )
        )
    return sorted(delays, key=lambda delay: delay.deadline, reverse=True)


def delays_report(request: HttpRequest) -> HttpResponse:
    user = person(request)
    partnership = user.partnership
    # The same people as the access log: the business team and auditors.
    if partnership is None or not can_view_access_log(user, partnership):
        raise PermissionDenied("Only the business team and auditors can see publication delays.")
    today = moment.today()
    return render(
        request,
        "reviews/lcspr/publication/delays.html",
        {
            "delays": publication_delays(partnership.pk, today=today),
            "today": today,
            "partnership": partnership,
            "links": is_business_team(user, partnership.pk),
        },
    )
