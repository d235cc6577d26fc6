"""Who records a serious incident notification, and who reads the one recorded.

Recording is the business team's, partnership-wide: it opens a new review, so no review role
grants it. The other partnership's business team records its own notifications, so it gets in.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from reviews.tests.form_data import date_fields
from tests.matrix import (
    ALL_REVIEW_ROLES,
    BUSINESS_TEAM_AND_LEAD,
    PERSONAS,
    Row,
    World,
    no_kwargs,
    on_rapid_review,
)

BUSINESS_TEAMS = dict.fromkeys(PERSONAS, "forbidden") | {
    "business-team": "ok",
    "other-partnership": "ok",
    "anonymous": "sign-in",
}


def _first_question(world: World) -> dict[str, Any]:
    return {"question": "child"}


def _ofsted_dates(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "version": "1",
        **date_fields("ofsted_told_on", today),
        **date_fields("secretary_of_state_told_on", today),
    }


ROWS: dict[str, Row] = {
    "reviews:notify": Row(BUSINESS_TEAMS, kwargs=no_kwargs),
    "reviews:notify-step": Row(BUSINESS_TEAMS, kwargs=_first_question),
    "reviews:notify-check": Row(BUSINESS_TEAMS, kwargs=no_kwargs),
    # The author has no part in the rapid review (only in the LCSPR that follows it).
    "reviews:notification": Row(ALL_REVIEW_ROLES | {"author": "hidden"}, kwargs=on_rapid_review),
    # Ofsted and the Secretary of State told of a looked-after child's death: read like the
    # notification, recorded by the business team. The world's review records no such death,
    # so the business team's post is sent back to the page (the action is tested on its own).
    "reviews:notification-ofsted": Row(
        ALL_REVIEW_ROLES | {"author": "hidden"}, kwargs=on_rapid_review
    ),
    "reviews:notification-ofsted-record": Row(
        BUSINESS_TEAM_AND_LEAD | {"author": "hidden"},
        method="post",
        kwargs=on_rapid_review,
        data=_ofsted_dates,
    ),
}
