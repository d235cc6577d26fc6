"""Who records a serious incident notification, and who reads the one recorded.

Recording is the business team's, partnership-wide: it opens a new review, so no review role
grants it. The other partnership's business team records its own notifications, so it gets in.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import ALL_REVIEW_ROLES, PERSONAS, Row, World, no_kwargs, on_rapid_review

BUSINESS_TEAMS = dict.fromkeys(PERSONAS, "forbidden") | {
    "business-team": "ok",
    "other-partnership": "ok",
    "anonymous": "sign-in",
}


def _first_question(world: World) -> dict[str, Any]:
    return {"question": "child"}


ROWS: dict[str, Row] = {
    "reviews:notify": Row(BUSINESS_TEAMS, kwargs=no_kwargs),
    "reviews:notify-step": Row(BUSINESS_TEAMS, kwargs=_first_question),
    "reviews:notify-check": Row(BUSINESS_TEAMS, kwargs=no_kwargs),
    # The author has no part in the rapid review (only in the LCSPR that follows it).
    "reviews:notification": Row(ALL_REVIEW_ROLES | {"author": "hidden"}, kwargs=on_rapid_review),
}
