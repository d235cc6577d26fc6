"""Every change to a review goes through a function here.

Each action is one transaction that changes the state, writes the event row and leaves the
field history (django-simple-history) to record the previous values. Views and the API check
permission (reviews.permissions) and then call exactly one action. One module (or package)
per topic. The actions every topic shares are re-exported here (``from reviews import
actions``); a topic's own actions are imported from its module, for example
``from reviews.actions.requests.returns import submit_return``.
"""

from reviews.actions.base import (
    ActionError,
    EditConflict,
    Look,
    record_access,
    record_event,
)
from reviews.actions.review.details import open_review, update_review_details
from reviews.actions.review.identity import record_identity, reveal_identities, update_identity
from reviews.actions.review.members import add_review_member, remove_review_member
from reviews.actions.steps import complete_step, end_hold, extend_deadline, reopen_step, start_hold

__all__ = [
    "ActionError",
    "EditConflict",
    "Look",
    "add_review_member",
    "complete_step",
    "end_hold",
    "extend_deadline",
    "open_review",
    "record_access",
    "record_event",
    "record_identity",
    "remove_review_member",
    "reopen_step",
    "reveal_identities",
    "start_hold",
    "update_identity",
    "update_review_details",
]
