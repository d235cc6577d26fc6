"""What the calendar feed tests share: making a link through the page, and fetching a feed as a
calendar client does (no session, no cookies) and reading it back with icalendar."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django_webtest import DjangoTestApp
from icalendar import Calendar, Event

from reviews.models import CalendarFeed, FeedKind
from reviews.reads.feeds import token_for


def press(app: DjangoTestApp, action: str = "reviews:calendar-feed-reset") -> DjangoTestApp:
    """Press the page's button that posts to ``action``, as rendered, and return the page after."""
    page = app.get(reverse("reviews:calendar-feeds"))
    form = next(f for f in page.forms.values() if f.action == reverse(action))
    return form.submit().follow()


def make_link(app: DjangoTestApp, action: str = "reviews:calendar-feed-reset") -> str:
    """Make (or reset) a link through the page, and return the link the page then shows."""
    page = press(app, action)
    field = "personal-feed" if action == "reviews:calendar-feed-reset" else "partnership-feed"
    return str(page.html.find("input", id=field)["value"])


def path_of(link: str) -> str:
    return urlsplit(link).path


def fetch(link: str) -> Calendar:
    """Fetch a feed from its link with a fresh client, and parse it."""
    response = Client().get(path_of(link))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.events}


def start(event: Event) -> dt.date:
    """DTSTART as a date (all day) or a datetime (timed)."""
    value = event.decoded("DTSTART")
    assert isinstance(value, dt.date)
    return value


def stamp(event: Event) -> dt.datetime:
    value = event.decoded("DTSTAMP")
    assert isinstance(value, dt.datetime)
    return value


def sequence(event: Event) -> int:
    return int(event.decoded("SEQUENCE"))


def link_of(feed: CalendarFeed) -> str:
    return reverse("calendar-feed", kwargs={"token": token_for(feed)})


def personal_feed_of(user_id: int) -> CalendarFeed:
    return CalendarFeed.objects.get(user_id=user_id, kind=FeedKind.PERSONAL)
