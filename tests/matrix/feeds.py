"""Who reaches the calendar feed pages: everyone signed in has their own feed and may reset
it; the feed of every deadline in the partnership is the business team's (of their own
partnership: the other partnership's business team reaches its own). The feed itself is
public, its token the credential (outside the matrix; reviews/tests/test_feeds_links.py)."""

from __future__ import annotations

from tests.matrix import EVERYONE_SIGNED_IN, PERSONAS, Row, no_kwargs

BUSINESS_TEAMS = dict.fromkeys(PERSONAS, "forbidden") | {
    "business-team": "ok",
    "other-partnership": "ok",
    "anonymous": "sign-in",
}

ROWS: dict[str, Row] = {
    "reviews:calendar-feeds": Row(EVERYONE_SIGNED_IN, kwargs=no_kwargs),
    "reviews:calendar-feed-reset": Row(EVERYONE_SIGNED_IN, method="post", kwargs=no_kwargs),
    "reviews:partnership-calendar-feed-reset": Row(BUSINESS_TEAMS, method="post", kwargs=no_kwargs),
}
