"""Private calendar feeds: each person's deadlines and meetings, and the business team's
partnership feed of every deadline, fetched by calendar clients through a secret link.

How the secret is kept (a decision, ADR 0017 "Calendar feed links"): the link's token is never
stored. The row holds a random ``nonce``; the token is an HMAC of it under the service's
SECRET_KEY (reviews.reads.feeds.token_for), and the row holds the token's SHA-256 for the
lookup. So the database alone opens no feed (as with the feedback links, ADR 0008), yet the
settings page can show the same link every time the person comes back for it, as Google and
Outlook show their own secret addresses: people subscribe a phone and a desktop weeks apart,
and a link shown only once would push them to reset it (breaking the first subscription).
Resetting draws a new nonce, so the old link stops at once. Rotating SECRET_KEY retires every
link (people reset theirs); that is the price of not storing the token.

``served`` remembers, per event UID, a fingerprint of what the feed last served, the SEQUENCE
it was served with and when that changed: due dates are computed, never stored, so this is how
a moved date gets a higher SEQUENCE (RFC 5545 3.8.7.4) and a DTSTAMP of when it moved. One
JSON value on the feed's row, not a row per event: a fetch then reads it with the feed and
writes it in one UPDATE, however many events the feed holds.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from accounts.models import Partnership, User
from reviews import moment


class FeedKind(models.TextChoices):
    PERSONAL = "personal", "Your deadlines and meetings"
    PARTNERSHIP = "partnership", "Every deadline in the partnership"


class CalendarFeed(models.Model):
    """One person's secret feed link: their own, or (business team) their partnership's."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    kind = models.CharField(max_length=20, choices=FeedKind.choices)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Random; the token is HMAC(SECRET_KEY, nonce) and is never stored.
    nonce = models.CharField(max_length=64)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=moment.now)
    reset_at = models.DateTimeField(null=True, blank=True)
    # What the feed served last, by event UID: {"f": fingerprint, "s": SEQUENCE, "at": when it
    # last changed (its DTSTAMP)}. Only events still served are kept (reviews.actions.feeds).
    served = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind=FeedKind.PERSONAL),
                name="one_personal_feed_per_person",
            ),
            models.UniqueConstraint(
                fields=["user", "partnership"],
                condition=Q(kind=FeedKind.PARTNERSHIP),
                name="one_partnership_feed_per_person",
            ),
            models.CheckConstraint(
                condition=Q(kind=FeedKind.PERSONAL, partnership__isnull=True)
                | Q(kind=FeedKind.PARTNERSHIP, partnership__isnull=False),
                name="partnership_feed_names_its_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} feed of {self.user}"
