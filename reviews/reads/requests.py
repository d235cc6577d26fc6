"""Reads of a request for information and its return: whether it may still be changed,
whether it is late, and what a return still needs before it can be submitted."""

from __future__ import annotations

import datetime as dt

from reviews import moment
from reviews.models import InformationRequest, RequestStatus

EDITABLE = frozenset({RequestStatus.SENT, RequestStatus.IN_PROGRESS, RequestStatus.MORE_DETAIL})
# What a return must say before it can be submitted, and the message if it does not.
REQUIRED_ANSWERS = {
    "involvement": "Describe your organisation's involvement with the child and family",
    "analysis": "Give your analysis of your organisation's practice",
}


def is_editable(info_request: InformationRequest) -> bool:
    """Not yet answered, or opened again by a request for more detail."""
    return info_request.status in EDITABLE


def is_late(info_request: InformationRequest, *, today: dt.date | None = None) -> bool:
    """Past its due date and not yet answered."""
    return not info_request.is_answered and info_request.due_on < (today or moment.today())


def missing_answers(info_request: InformationRequest) -> dict[str, str]:
    """The parts a return still needs before it can be submitted, with what to do."""
    return {
        name: message
        for name, message in REQUIRED_ANSWERS.items()
        if not getattr(info_request, name).strip()
    }
