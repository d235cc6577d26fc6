"""Who reaches working day 1 of a rapid review: period, timeline, requests, agencies, meeting.

Everyone with a part in the rapid review may read the period, the timeline and the meeting
(and download its calendar file); only the business team and the review's business team lead
act, and sending requests or asking agencies is theirs alone. These pages belong to the rapid
review, where the independent author has no part.

The agency contributor is invited to the decision meeting, so its page and calendar file open
for them (the link in their invitation), though the review's other pages do not; a contributor
who is not invited is refused (reviews/tests/test_working_day_one_meeting_access.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reviews.actions.working_day_one import arrange_meeting
from tests.matrix import ALL_REVIEW_ROLES, BUSINESS_TEAM_AND_LEAD, Row, World, on_rapid_review

READERS = ALL_REVIEW_ROLES | {"author": "hidden"}
ACTORS = BUSINESS_TEAM_AND_LEAD | {"author": "hidden"}
# The meeting's details: its readers, and everyone invited (reviews.permissions).
MEETING_READERS = READERS | {"agency-contributor": "ok"}


def setup(world: World) -> None:
    """Arrange the decision meeting, so that its calendar file can be downloaded, inviting the
    agency contributor among others."""
    world.extras["meeting"] = arrange_meeting(
        world.review,
        by=world.people["business-team"],
        expected_version=0,
        starts_at=timezone.now() + dt.timedelta(days=7),
        duration_minutes=90,
        location="Room 2, County Hall",
        online_link="",
        invitees=[
            world.people["partner-lead"],
            world.people["legal"],
            world.people["agency-contributor"],
        ],
    )


ROWS: dict[str, Row] = {
    "reviews:period": Row(READERS, kwargs=on_rapid_review),
    "reviews:timeline": Row(READERS, kwargs=on_rapid_review),
    "reviews:send-requests": Row(ACTORS, kwargs=on_rapid_review),
    "reviews:add-agency": Row(ACTORS, kwargs=on_rapid_review),
    "reviews:meeting": Row(MEETING_READERS, kwargs=on_rapid_review),
    "reviews:meeting-ics": Row(MEETING_READERS, kwargs=on_rapid_review),
}
