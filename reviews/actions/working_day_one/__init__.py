"""Working day 1 of a rapid review: the period under review, the timeline, the requests for
information (to the statutory partners, forwarded to legal services, then to the further
agencies they name) and the invitation to the working day 11 decision meeting.

A package by sub-topic (house style: modules stay under about 400 lines). Every email names the
case code and links to a page behind sign-in; none carries the child's pseudonym or details.
"""

from reviews.actions.working_day_one.meeting import (
    DECISION_MEETING_AGENDA,
    INVITED_BY_DEFAULT,
    arrange_meeting,
)
from reviews.actions.working_day_one.period import confirm_period, confirm_timeline
from reviews.actions.working_day_one.requests import (
    RequestsSent,
    add_further_agency,
    send_requests,
)

__all__ = [
    "DECISION_MEETING_AGENDA",
    "INVITED_BY_DEFAULT",
    "RequestsSent",
    "add_further_agency",
    "arrange_meeting",
    "confirm_period",
    "confirm_timeline",
    "send_requests",
]
