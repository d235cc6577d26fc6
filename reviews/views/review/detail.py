"""The review's overview: its summary and every step as a GOV.UK task list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reviews import actions
from reviews.clock import schedule_for
from reviews.models import AccessLogEntry, Hold, Notification, Review
from reviews.permissions import (
    Grant,
    Permission,
    can,
    get_review_for,
    permissions_held,
    standing_on,
    works_on_step,
)
from reviews.process import RuleSettings, Step
from reviews.reads.step_pages import step_url
from reviews.schedule import Schedule
from reviews.views.helpers import look_from, person
from reviews.views.lcspr.steps import publication_due
from reviews.views.learning.plans.learning import learning_summary
from reviews.views.review.task_list import TaskGroups, task_rows


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's overview: its summary and every step as a GOV.UK task list."""
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_REVIEW)
    actions.record_access(
        by=user,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
        review=review,
        target=review.case_code,
        look=look_from(request),
    )
    standing = standing_on(user, review)
    schedule = schedule_for(review)
    notification = Notification.objects.filter(review=review).first()
    settings = RuleSettings.of(review.partnership)
    return render(
        request,
        "reviews/review/detail.html",
        {
            "review": review,
            "may": permissions_held(standing),
            "members": review.members.filter(active=True).select_related("user", "organisation"),
            "schedule": schedule,
            "groups": _step_groups(standing, review, schedule),
            "next_step": schedule.next_deadline(),
            "overdue": schedule.overdue_count(),
            "origin_label": schedule.process.origin_label_for(settings),
            "notification": notification,
            "late": _notified_late(notification, schedule),
            "told_late": _notified_late(notification, schedule, told=True),
            "children": list(review.children.all()),
            "on_hold": Hold.objects.filter(review=review, end__isnull=True).first(),
            "learning_summary": learning_summary(review),
            "publish_by": publication_due(schedule) if review.is_lcspr else None,
            "rapid_review_visible": (rapid := review.rapid_review) is not None
            and can(user, Permission.VIEW_REVIEW, rapid),
        },
    )


def _step_groups(standing: frozenset[Grant], review: Review, schedule: Schedule) -> TaskGroups:
    """The task list's groups of rows, each step with the link this person gets, or None
    (reviews.permissions.works_on_step says who works on which step)."""

    def link(key: Step) -> str | None:
        return step_url(review.pk, key) if works_on_step(standing, review, key) else None

    return task_rows(schedule.steps, link, review.partnership.chair_words)


def _notified_late(
    notification: Notification | None, schedule: Schedule, *, told: bool = False
) -> bool:
    """Whether the National Panel was notified (or the partnership told) after the deadline."""
    if notification is None:
        return False
    try:
        due = schedule.step(Step.NOTIFY_PANEL).original_due
    except KeyError:
        return False
    day = notification.partnership_told_on if told else notification.panel_notified_on
    return due is not None and day > due
