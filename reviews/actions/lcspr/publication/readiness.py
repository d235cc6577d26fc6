"""Publishing before everything is agreed: when the final draft is not signed off by every
organisation, or no media strategy is agreed, publication is recorded only once the business
team confirms it goes ahead anyway and says why; the reason is kept on the event.
"""

from __future__ import annotations

from reviews.actions.base import ActionError, max_length
from reviews.actions.guards import check_length
from reviews.models import Publication, Review
from reviews.reads.lcspr.agreements import publication_gaps


def checked_gaps(review: Review, *, confirmed: bool, reason: str) -> dict[str, str]:
    """The event's detail for publishing without sign-off or an agreed media strategy (empty
    when neither is missing); refused unless confirmed, with a reason."""
    gaps = publication_gaps(review)
    if not gaps:
        return {}
    missing = " and ".join(gaps)
    reason = reason.strip()
    if not confirmed:
        raise ActionError(
            f"Confirm that publication goes ahead although {missing}", field="gaps_confirmed"
        )
    if not reason:
        raise ActionError(
            f"Enter why publication goes ahead although {missing}", field="gaps_reason"
        )
    limit = max_length(Publication, "delay_reason")
    check_length(reason, limit=limit, label="The reason", field="gaps_reason")
    return {"published_without": missing, "gaps_reason": reason}
