"""Calendar feeds: making or resetting a person's secret link, and serving a feed.

Resetting draws a new nonce, so the old link's token no longer hashes to anything stored and
its address answers 404 at once; the change is recorded as an ``AccountEvent`` (a feed
belongs to a person, not to one review). Serving a feed numbers each event's changes
(SEQUENCE, RFC 5545) against what the feed last served, and logs the look in the access log
(one row per fetch, naming the case codes shown).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.db import transaction

from accounts.models import AccountEvent, Partnership, User
from reviews import moment
from reviews.actions.base import UNKNOWN_ORIGIN, ActionError, Look, max_length, record_access
from reviews.models import AccessLogEntry, CalendarFeed, FeedKind
from reviews.reads.feeds import (
    FeedEvent,
    Served,
    can_have_partnership_feed,
    hash_token,
    served_by,
    token_for,
)

TARGET_LENGTH = max_length(AccessLogEntry, "target")
TARGETS = {
    FeedKind.PERSONAL: "Calendar feed of their deadlines and meetings",
    FeedKind.PARTNERSHIP: "Calendar feed of the partnership's deadlines",
}


def reset_feed(
    user: User, kind: FeedKind, *, partnership: Partnership | None = None
) -> CalendarFeed:
    """Make the person's feed link of this kind, or replace it (the old link stops at once).

    A partnership feed is for the business team of the person's own partnership only.
    """
    if kind == FeedKind.PARTNERSHIP and not can_have_partnership_feed(user, partnership):
        raise ActionError("Only the partnership's business team has the feed of every deadline.")
    where = partnership if kind == FeedKind.PARTNERSHIP else None
    now = moment.now()
    with transaction.atomic():
        feed = (
            CalendarFeed.objects.select_for_update()
            .filter(user=user, kind=kind, partnership=where)
            .first()
        )
        made = feed is None
        if feed is None:
            feed = CalendarFeed(user=user, kind=kind, partnership=where, created_at=now)
        else:
            feed.reset_at = now
        feed.nonce = secrets.token_hex(32)
        feed.token_sha256 = hash_token(token_for(feed))
        feed.save()
        AccountEvent.objects.create(
            user=user,
            kind=AccountEvent.Kind.CALENDAR_FEED_MADE
            if made
            else AccountEvent.Kind.CALENDAR_FEED_RESET,
            created_at=now,
            detail={"feed": str(kind), "partnership": getattr(where, "pk", None)},
        )
    return feed


def serve_feed(
    feed: CalendarFeed, items: Sequence[FeedEvent], *, look: Look = UNKNOWN_ORIGIN
) -> dict[str, Served]:
    """Record what the feed serves now (a changed event gets the next SEQUENCE and a new
    DTSTAMP) and log the look; return what each UID is served with.

    Events the feed no longer holds are forgotten: a calendar drops them, and one that comes
    back is a new entry to it. Two queries (the feed's row, the access log), and two more for
    the access log's seal, however many events.
    """
    now = moment.now()
    before = served_by(feed)
    after: dict[str, Served] = {}
    for item in items:
        fingerprint = item.fingerprint()
        last = before.get(item.uid)
        if last is None:
            after[item.uid] = Served(fingerprint, 0, now)
        elif last.fingerprint != fingerprint:
            after[item.uid] = Served(fingerprint, last.sequence + 1, now)
        else:
            after[item.uid] = last
    with transaction.atomic():
        if after != before:
            stored = {uid: served.stored() for uid, served in after.items()}
            CalendarFeed.objects.filter(pk=feed.pk).update(served=stored)
            feed.served = stored
        _log(feed, items, look)
    return after


def _log(feed: CalendarFeed, items: Sequence[FeedEvent], look: Look) -> None:
    """One access-log row per fetch (per partnership, in practice one), naming the case codes
    the feed showed: the access log's rows are sealed one by one, so a row per review would
    cost a query per review on every fetch."""
    codes: dict[int, set[str]] = {}
    for item in items:
        codes.setdefault(item.partnership_id, set()).add(item.case_code)
    home = feed.partnership_id or feed.user.partnership_id
    if not codes and home is not None:
        codes[home] = set()
    target = TARGETS[FeedKind(feed.kind)]
    for partnership_id, shown in sorted(codes.items()):
        record_access(
            by=feed.user,
            action=AccessLogEntry.Action.EXPORTED_DATA,
            partnership=Partnership(pk=partnership_id),
            target=_described(target, shown),
            look=look,
        )


def _described(target: str, codes: set[str]) -> str:
    """The target and the case codes shown, within the log's 300 characters."""
    if not codes:
        return f"{target}: nothing due"
    listed = sorted(codes)
    text = f"{target}: {', '.join(listed)}"
    while len(text) > TARGET_LENGTH and len(listed) > 1:
        listed.pop()
        text = f"{target}: {', '.join(listed)} and {len(codes) - len(listed)} more"
    return text[:TARGET_LENGTH]
