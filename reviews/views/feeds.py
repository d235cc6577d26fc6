"""Calendar feeds: the signed-in page with a person's subscription links, the button that
resets one, and the feed itself, fetched by calendar clients without signing in.

The feed's address holds its secret token, the only credential (reviews.models.feeds): an
unknown or reset token answers 404 like any address that does not exist. The feed is never
kept by a proxy (``no-store, private``), sets no cookie, and each fetch is logged in the
access log with the case codes it showed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import otp_not_required
from reviews import moment
from reviews.actions.feeds import reset_feed, serve_feed
from reviews.models import FeedKind
from reviews.reads.feeds import (
    CONTENT_TYPE,
    build_feed,
    can_have_partnership_feed,
    events_for,
    feed_for_token,
    feed_name,
    feed_url,
    feeds_of,
)
from reviews.views.helpers import look_from, person
from reviews.views.pages import not_found
from reviews.views.posting import act_then_redirect

RESET = (
    "Your new link is ready. The old one has stopped working: subscribe your calendar again "
    "with the new link."
)


@require_GET
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """The person's subscription links, how to add them to a calendar, and the reset buttons."""
    user = person(request)
    feeds = feeds_of(user)
    personal = feeds.get(FeedKind.PERSONAL)
    partnership = feeds.get(FeedKind.PARTNERSHIP)
    business_team = can_have_partnership_feed(user, user.partnership)
    return render(
        request,
        "reviews/feeds/calendar_feeds.html",
        {
            "personal_url": feed_url(personal) if personal else "",
            "partnership_url": feed_url(partnership) if partnership and business_team else "",
            "business_team": business_team,
            "partnership_name": user.partnership.name if user.partnership else "",
        },
    )


@require_POST
def reset_calendar_feed(request: HttpRequest) -> HttpResponse:
    user = person(request)
    return act_then_redirect(
        request,
        lambda: reset_feed(user, FeedKind.PERSONAL),
        success=RESET,
        to="reviews:calendar-feeds",
    )


@require_POST
def reset_partnership(request: HttpRequest) -> HttpResponse:
    user = person(request)
    if not can_have_partnership_feed(user, user.partnership):
        raise PermissionDenied("The partnership's calendar feed is for its business team.")
    return act_then_redirect(
        request,
        lambda: reset_feed(user, FeedKind.PARTNERSHIP, partnership=user.partnership),
        success=RESET,
        to="reviews:calendar-feeds",
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@otp_not_required
@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed behind a secret link (public: the token is the credential)."""
    found = feed_for_token(token)
    if found is None:
        return _private(not_found(request))
    items = events_for(found, moment.today())
    entries = serve_feed(found, items, look=look_from(request))
    response = HttpResponse(build_feed(feed_name(found), items, entries), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return _private(response)
