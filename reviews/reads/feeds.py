"""Private calendar feeds (RFC 5545): what a feed holds, and the feed itself as bytes.

A personal feed holds the person's deadlines from reviews.reads.work (all-day events), the
meetings they are invited to and the LCSPR learning events they run or are invited to (timed,
in Europe/London). A partnership feed (the business team's) holds every deadline of the
partnership. Entries name the case code and link to the page behind sign-in: never a child's
details, because subscribed calendars are copied to phones and shared beyond the service.

Done deadlines, meetings a person is no longer invited to, a place at an event withdrawn and
closed reviews simply drop out: calendar clients remove events a feed stops serving.
The secret link's token is never stored (reviews.models.feeds explains how it is kept).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event

from accounts.models import Partnership, User
from reviews.calendar_files import (
    LONDON,
    _london_timezone,
    learning_event_name,
    meeting_summary,
    uid_host,
)
from reviews.mail import absolute_url
from reviews.models import (
    CalendarFeed,
    FeedKind,
    LearningEvent,
    Meeting,
    Review,
    ReviewRole,
)
from reviews.permissions_partnership import is_business_team
from reviews.reads.work import WorkItem, work_for, work_in_partnership

PRODUCT_ID = "-//Safeguarding practice reviews//Calendar feed//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Ask clients to look again every hour (Outlook and Apple honour it; Google sets its own pace).
REFRESH = dt.timedelta(hours=1)
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{64}$")
_SALT = "reviews.calendar-feed"
# The people who run an LCSPR's learning events on the review (besides the business team).
EVENT_RUNNERS = (ReviewRole.BUSINESS_TEAM_LEAD, ReviewRole.INDEPENDENT_AUTHOR)


# The secret link -------------------------------------------------------------------------------


def token_for(feed: CalendarFeed) -> str:
    """The feed's secret token: an HMAC of its nonce under SECRET_KEY (never stored)."""
    return salted_hmac(_SALT, feed.nonce, algorithm="sha256").hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def feed_url(feed: CalendarFeed) -> str:
    """The address a calendar subscribes to, on the service's SITE_URL."""
    return absolute_url(reverse("calendar-feed", kwargs={"token": token_for(feed)}))


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed this token opens, or None: an unknown or reset token, or a person who may no
    longer have it (account closed; a partnership feed once out of the business team).

    The lookup is by the token's hash, so no comparison of the secret leaks its length or
    prefix through timing.
    """
    if not TOKEN_PATTERN.match(token):
        return None
    feed = (
        CalendarFeed.objects.filter(token_sha256=hash_token(token), user__is_active=True)
        .select_related("user", "partnership")
        .first()
    )
    if feed is None:
        return None
    if feed.kind == FeedKind.PARTNERSHIP and not can_have_partnership_feed(
        feed.user, feed.partnership
    ):
        return None
    return feed


def can_have_partnership_feed(user: User, partnership: Partnership | None) -> bool:
    """The calendar feed of every deadline in a partnership: its own business team only
    (reviews.permissions.is_business_team)."""
    if partnership is None or not user.is_active or user.partnership_id != partnership.pk:
        return False
    return is_business_team(user, partnership.pk)


def feeds_of(user: User) -> dict[str, CalendarFeed]:
    """The person's feeds by kind (a partnership feed only for their own partnership)."""
    rows = CalendarFeed.objects.filter(user=user).filter(
        Q(kind=FeedKind.PERSONAL) | Q(partnership_id=user.partnership_id)
    )
    return {row.kind: row for row in rows}


# What a feed holds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    """One entry of a feed: an all-day deadline (``starts`` a date) or a timed meeting."""

    uid: str
    summary: str
    starts: dt.date | dt.datetime
    review_id: int
    partnership_id: int
    case_code: str
    duration: dt.timedelta = dt.timedelta(days=1)
    location: str = ""
    url: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.starts, dt.datetime)

    def fingerprint(self) -> str:
        """What a calendar shows of the entry; a change to it is a new SEQUENCE."""
        parts = (self.starts.isoformat(), str(self.duration), self.summary, self.location)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _uid(thing: str) -> str:
    return f"{thing}@{uid_host(settings.SITE_URL)}"


def deadline_events(items: Iterable[WorkItem]) -> list[FeedEvent]:
    """The dated work items as all-day events, one per key."""
    found: dict[str, FeedEvent] = {}
    for item in items:
        if item.due_on is None or item.key in found:
            continue
        found[item.key] = FeedEvent(
            uid=_uid(item.key),
            summary=f"{item.case_code}: {item.what}",
            starts=item.due_on,
            review_id=item.review_id,
            partnership_id=item.partnership_id,
            case_code=item.case_code,
            url=absolute_url(item.url),
        )
    return list(found.values())


def _reachable(user: User) -> Q:
    """Open reviews of the person's own partnership (cut off when they leave it)."""
    return Q(review__closed_at__isnull=True, review__partnership_id=user.partnership_id)


def meeting_events(user: User) -> list[FeedEvent]:
    """The meetings of open reviews this person is invited to (one query)."""
    if user.partnership_id is None:
        return []
    meetings = (
        Meeting.objects.filter(_reachable(user), invitees=user)
        .select_related("review")
        .order_by("starts_at", "pk")
    )
    return [
        FeedEvent(
            uid=_uid(f"review-{meeting.review_id}:meeting:{meeting.pk}"),
            summary=meeting_summary(meeting),
            starts=meeting.starts_at.astimezone(LONDON),
            duration=dt.timedelta(minutes=meeting.duration_minutes),
            review_id=meeting.review_id,
            partnership_id=meeting.review.partnership_id,
            case_code=meeting.review.case_code,
            location=meeting.location or meeting.online_link,
            url=absolute_url(reverse("reviews:meeting", kwargs={"pk": meeting.review_id})),
        )
        for meeting in meetings
    ]


def learning_events(user: User) -> list[FeedEvent]:
    """The timed learning events of open LCSPRs this person runs (business team lead or
    independent author) or holds a place at under their own email address (one query)."""
    if user.partnership_id is None:
        return []
    runs = Q(
        review__members__user=user,
        review__members__active=True,
        review__members__role__in=[role.value for role in EVENT_RUNNERS],
    )
    invited = Q(
        places__participant__email__iexact=user.email,
        places__invited_at__isnull=False,
        places__cancelled_at__isnull=True,
    )
    events = (
        LearningEvent.objects.filter(_reachable(user), runs | invited, starts_at__isnull=False)
        .select_related("review")
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [_learning_event(event) for event in events]


def _learning_event(event: LearningEvent) -> FeedEvent:
    starts = event.starts_at
    if starts is None:  # filtered out by the query
        raise ValueError("A learning event in a feed needs a start time.")
    review: Review = event.review
    return FeedEvent(
        uid=_uid(f"review-{event.review_id}:learning-event:{event.pk}"),
        summary=f"{review.case_code} {learning_event_name(event.kind)}",
        starts=starts.astimezone(LONDON),
        duration=dt.timedelta(minutes=event.duration_minutes),
        review_id=event.review_id,
        partnership_id=review.partnership_id,
        case_code=review.case_code,
        location=event.location,
    )


def events_for(feed: CalendarFeed, today: dt.date) -> list[FeedEvent]:
    """Everything the feed holds today, in a fixed number of queries however much there is."""
    if feed.kind == FeedKind.PARTNERSHIP:
        return deadline_events(work_in_partnership(feed.partnership, today))
    user = feed.user
    return [*deadline_events(work_for(user, today)), *meeting_events(user), *learning_events(user)]


@dataclass(frozen=True)
class Served:
    """What a feed last served of one event: its fingerprint, SEQUENCE and when it changed."""

    fingerprint: str
    sequence: int
    changed_at: dt.datetime

    def stored(self) -> dict[str, str | int]:
        return {"f": self.fingerprint, "s": self.sequence, "at": self.changed_at.isoformat()}


def served_by(feed: CalendarFeed) -> dict[str, Served]:
    """What the feed last served, by UID (read with the feed itself: no query)."""
    return {
        uid: Served(str(row["f"]), int(row["s"]), dt.datetime.fromisoformat(str(row["at"])))
        for uid, row in (feed.served or {}).items()
    }


# The file --------------------------------------------------------------------------------------


def _event(item: FeedEvent, entry: Served) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", entry.sequence)
    stamp = entry.changed_at.astimezone(dt.UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", item.summary)
    event.add("dtstart", item.starts)
    event.add("dtend", item.starts + item.duration)
    # A deadline does not make the person busy; a meeting does.
    event.add("transp", "TRANSPARENT" if item.all_day else "OPAQUE")
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
        event.add("description", f"{item.summary}.\nDetails (sign in needed): {item.url}")
    event.add("status", "CONFIRMED")
    event.add("class", "PRIVATE")
    return event


def build_feed(name: str, items: Sequence[FeedEvent], entries: Mapping[str, Served]) -> bytes:
    """The VCALENDAR of a subscription (no METHOD: a published calendar, not an invitation).

    ``entries`` holds each item's SEQUENCE and the moment it last changed (its DTSTAMP).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    calendar.add_component(_london_timezone())
    for item in sorted(items, key=_start_order):
        calendar.add_component(_event(item, entries[item.uid]))
    ics: bytes = calendar.to_ical()
    return ics


def _start_order(item: FeedEvent) -> tuple[dt.date, str]:
    day = item.starts.date() if isinstance(item.starts, dt.datetime) else item.starts
    return day, item.uid


def feed_name(feed: CalendarFeed) -> str:
    if feed.kind == FeedKind.PARTNERSHIP and feed.partnership is not None:
        return f"{feed.partnership.short_name} review deadlines"
    return "My review deadlines and meetings"
