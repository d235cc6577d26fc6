"""What the report's pages share: the parts of the approval chain the person holds."""

from __future__ import annotations

from accounts.models import User
from reviews.models import Review
from reviews.permissions import approval_roles
from reviews.reads.report import Signatory


def held(user: User, review: Review) -> list[Signatory]:
    """The parts of the approval chain this person holds in the review."""
    return [Signatory(role, organisation) for role, organisation in approval_roles(user, review)]
