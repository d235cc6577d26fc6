"""The parts the signed-in person holds in the approval chain, and what each lets them do to
the newest version now: approve, send back, or nothing yet (and why)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.forms.report import signatory_code
from reviews.models import ApprovalRole
from reviews.reads.report import Signatory, VersionApprovals


@dataclass(frozen=True)
class MyPart:
    """A part the signed-in person holds in the chain, and what it lets them do now."""

    signatory: Signatory
    code: str
    can_approve: bool
    can_send_back: bool
    status: str


def _closed(signatory: Signatory, state: VersionApprovals | None) -> str | None:
    """Why this part has nothing to do on the newest version, if so."""
    if state is None:
        return "There is no version of the report yet."
    number = state.version.number
    if signatory not in state.needed:
        return "Your sign-off is not needed on this review."
    if state.sent_back is not None:
        return f"Version {number} has been sent back: it waits for a new version."
    if state.agreed:
        return f"Version {number} has been agreed."
    return None


def _waiting(
    signatory: Signatory, state: VersionApprovals, decided_at: dt.datetime | None
) -> str | None:
    """Why this part cannot approve the newest version yet, if so (the order of the chain)."""
    if signatory.role == ApprovalRole.SUBGROUP_CHAIR:
        if decided_at is None or state.version.created_at < decided_at:
            return (
                "You approve a version once it has been amended with the partners' joint "
                "decision: the business team adds that version first."
            )
        return None
    if not state.subgroup_chair_approved:
        return (
            f"You can approve version {state.version.number} once the CSPR subgroup chair has "
            "approved it."
        )
    return None


def my_part(
    signatory: Signatory, state: VersionApprovals | None, decided_at: dt.datetime | None
) -> MyPart:
    """What this part may do to the newest version (``state``), the joint decision having been
    recorded at ``decided_at``."""
    code = signatory_code(signatory)
    closed = _closed(signatory, state)
    if closed is not None or state is None:
        return MyPart(signatory, code, False, False, closed or "")
    number = state.version.number
    if state.approval_of(signatory) is not None:
        return MyPart(signatory, code, False, True, f"You have approved version {number}.")
    waiting = _waiting(signatory, state, decided_at)
    return MyPart(
        signatory,
        code,
        waiting is None,
        True,
        waiting or f"Version {number} waits for your decision.",
    )
