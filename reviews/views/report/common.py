"""What the report's pages share: the parts of the approval chain the person holds."""

from __future__ import annotations

from accounts.models import User
from reviews.models import Review
from reviews.permissions import approval_roles
from reviews.permissions_partners import partner_standing
from reviews.reads.report import Signatory


def held(user: User, review: Review) -> list[Signatory]:
    """The parts of the approval chain this person holds in the review."""
    return [Signatory(role, organisation) for role, organisation in approval_roles(user, review)]


def held_and_refused(user: User, review: Review) -> tuple[list[Signatory], list[str]]:
    """The parts this person holds, and why they may not agree the report for a statutory
    partner they are the lead for on this review (permissions_partners), in words."""
    partners = partner_standing(user, review)
    parts = approval_roles(user, review, partners)
    return [Signatory(role, organisation) for role, organisation in parts], [
        reason for _organisation, reason in partners.refused
    ]
