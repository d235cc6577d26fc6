"""Reads for the action plans: whether a person owns an action."""

from __future__ import annotations

from accounts.models import User
from reviews.models import PlanAction
from reviews.permissions import organisations_spoken_for


def is_action_owner(user: User, action: PlanAction) -> bool:
    """Whether this person owns the action: its named lead's account, or someone who speaks
    for its organisation on its review."""
    if action.lead_id is not None and action.lead_id == user.pk:
        return True
    return any(
        organisation.pk == action.organisation_id
        for organisation in organisations_spoken_for(user, action.review)
    )
