"""Recommendations and the action plan that answers them, and immediate corrective actions
raised at any step while a review is still running (domain.md: "corrective action is taken
while the review is still running").

An action belongs to one organisation and has a named lead. Its owner (someone who speaks for
that organisation on the review, or the lead's own account) or the business team records
progress and completion with evidence; the business team then confirms it, or sends it back
with a reason. Nobody confirms their own action. Events never carry the description, the
progress or the evidence (they may hold details of the case); emails carry a link only.
"""

from reviews.actions.learning.plans.actions import (
    add_action,
    raise_immediate_action,
    step_title,
    update_action,
)
from reviews.actions.learning.plans.progress import (
    add_action_evidence,
    complete_action,
    confirm_action,
    remove_action_evidence,
    send_back_action,
    withdraw_action,
)
from reviews.actions.learning.plans.recommendations import (
    change_recommendation,
    make_recommendation,
)

__all__ = [
    "add_action",
    "add_action_evidence",
    "change_recommendation",
    "complete_action",
    "confirm_action",
    "make_recommendation",
    "raise_immediate_action",
    "remove_action_evidence",
    "send_back_action",
    "step_title",
    "update_action",
    "withdraw_action",
]
