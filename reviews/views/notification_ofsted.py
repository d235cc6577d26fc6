"""Ofsted and the Secretary of State told of a looked-after child's death: read by everyone
taking part in the rapid review, recorded by the business team (as the notification is).

Working Together 2023 (chapter 5): when a looked-after child dies, the local authority notifies
Ofsted and the Secretary of State, whether or not abuse or neglect is known or suspected.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import EditConflict
from reviews.actions.notification_ofsted import STEP, record_ofsted_notice
from reviews.clock import schedule_for
from reviews.forms.notification.ofsted import OfstedNoticeForm
from reviews.models import Notification, Review
from reviews.permissions import Permission, can, get_review_for
from reviews.reads.notification import looked_after_child_died
from reviews.views.edit_conflicts import conflict_rows
from reviews.views.helpers import person
from reviews.views.posting import saved, status_of, submit

PAGE = "reviews:notification-ofsted"
LABELS = {
    "ofsted_told_on": "Date Ofsted was told",
    "secretary_of_state_told_on": "Date the Secretary of State was told",
}


def _page(
    request: HttpRequest,
    user: User,
    review: Review,
    notification: Notification | None,
    *,
    form: OfstedNoticeForm | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    applies = notification is not None and looked_after_child_died(notification)
    if (
        applies
        and form is None
        and notification is not None
        and review.is_open
        and can(user, Permission.MANAGE_REQUESTS, review)
    ):
        form = OfstedNoticeForm(
            initial={
                "version": notification.version,
                "ofsted_told_on": notification.ofsted_told_on,
                "secretary_of_state_told_on": notification.secretary_of_state_told_on,
            }
        )
    schedule = schedule_for(review)
    return render(
        request,
        "reviews/notification/ofsted.html",
        {
            "review": review,
            "notification": notification,
            "applies": applies,
            "step": next((step for step in schedule.steps if step.key == STEP), None),
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict, LABELS, records=(Notification,)),
        },
        status=status_of(form, conflict),
    )


def ofsted_notice(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.VIEW_REVIEW)
    notification = Notification.objects.filter(review=review).first()
    return _page(request, user, review, notification)


@require_POST
def ofsted_notice_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    review = get_review_for(user, pk, Permission.MANAGE_REQUESTS)
    notification = Notification.objects.filter(review=review).first()
    if notification is None or not looked_after_child_died(notification):
        messages.info(
            request,
            "Ofsted and the Secretary of State are notified through a review when a "
            "looked-after child has died; this notification records no such death.",
        )
        return redirect(PAGE, pk=review.pk)
    posted = submit(
        request,
        bind=OfstedNoticeForm,
        act=lambda valid: record_ofsted_notice(
            notification,
            by=user,
            expected_version=valid.cleaned_data["version"],
            ofsted_told_on=valid.cleaned_data["ofsted_told_on"],
            secretary_of_state_told_on=valid.cleaned_data["secretary_of_state_told_on"],
        ),
    )
    if posted.done:
        message = "The dates Ofsted and the Secretary of State were told are recorded."
        return saved(request, message, PAGE, pk=review.pk)
    if posted.conflict is not None:
        notification.refresh_from_db()
    return _page(request, user, review, notification, form=posted.form, conflict=posted.conflict)
