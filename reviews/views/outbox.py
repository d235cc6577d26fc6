"""The messages the service could not send, for the partnership's business team: who, what
about, why, and a button to try again (reviews.mail retries each for a day first)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.models import User
from reviews.actions import outbox as outbox_actions
from reviews.permissions_partnership import is_business_team
from reviews.reads.outbox import failed_email, failed_emails
from reviews.views.helpers import person
from reviews.views.posting import act_then_redirect


def _team(request: HttpRequest) -> tuple[User, int]:
    user = person(request)
    if user.partnership_id is None or not is_business_team(user, user.partnership_id):
        raise PermissionDenied("The business team sees the messages that could not be sent.")
    return user, user.partnership_id


def failed_mail(request: HttpRequest) -> HttpResponse:
    _user, partnership_id = _team(request)
    return render(request, "reviews/outbox/failed.html", {"emails": failed_emails(partnership_id)})


@require_POST
def failed_mail_retry(request: HttpRequest, email_pk: int) -> HttpResponse:
    user = person(request)
    email = failed_email(user.partnership_id, email_pk) if user.partnership_id else None
    if email is None:
        raise Http404("No such message.")
    user, _partnership_id = _team(request)
    return act_then_redirect(
        request,
        lambda: outbox_actions.try_again(email, by=user),
        success=f"The message to {email.to} will be sent again.",
        to="reviews:failed-mail",
    )
